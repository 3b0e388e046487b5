# Cases found in review: limits that an update or a concurrent request could
# get around. Each would pass against DynamoDB.
import threading

from helpers import expect_error, unique_table_name


def test_update_cannot_nest_past_the_limit(test_table_s):
    # SET a.k...k = a deepens an item; DynamoDB refuses once an attribute
    # would hold more than 31 nested documents, like a PutItem would.
    nested = 'leaf'
    for _ in range(20):
        nested = {'k': nested}
    test_table_s.put_item(Item={'p': 'deep', 'a': nested})
    path = 'a' + '.k' * 20
    with expect_error('ValidationException', 'Nesting Levels have exceeded supported limits'):
        test_table_s.update_item(Key={'p': 'deep'}, UpdateExpression='SET ' + path + ' = a')
    # The item is untouched and still readable.
    assert test_table_s.get_item(Key={'p': 'deep'})['Item']['a'] == nested


def test_query_start_key_must_match_sort_key_condition(test_table_sn):
    for c in range(5):
        test_table_sn.put_item(Item={'p': 'esk', 'c': c})
    with expect_error('ValidationException', 'does not match the range key predicate'):
        test_table_sn.query(KeyConditionExpression='p = :p AND c > :c',
                            ExpressionAttributeValues={':p': 'esk', ':c': 2},
                            ExclusiveStartKey={'p': 'esk', 'c': 0})


def test_empty_expression_attribute_name_value(test_table_s):
    with expect_error('ValidationException', 'Empty attribute name'):
        test_table_s.get_item(Key={'p': 'x'}, ProjectionExpression='#a',
                              ExpressionAttributeNames={'#a': ''})


def test_return_item_collection_metrics_is_validated(dynamodb, test_table_s):
    with expect_error('ValidationException', 'returnItemCollectionMetrics'):
        dynamodb.put_item(TableName=test_table_s.name, Item={'p': {'S': 'x'}},
                          ReturnItemCollectionMetrics='BOGUS')


def test_key_attribute_name_must_not_be_empty(dynamodb):
    with expect_error('ValidationException', 'attributeName'):
        dynamodb.create_table(TableName=unique_table_name(), BillingMode='PAY_PER_REQUEST',
                              KeySchema=[{'AttributeName': '', 'KeyType': 'HASH'}],
                              AttributeDefinitions=[{'AttributeName': '', 'AttributeType': 'S'}])


def create_hash_table(dynamodb, name):
    dynamodb.create_table(TableName=name, BillingMode='PAY_PER_REQUEST',
                          KeySchema=[{'AttributeName': 'p', 'KeyType': 'HASH'}],
                          AttributeDefinitions=[{'AttributeName': 'p', 'AttributeType': 'S'}])


def test_writes_racing_delete_table_never_land_in_it(dynamodb):
    # Writes in flight when the table is deleted fail with
    # ResourceNotFoundException; none reappears in a new table of that name.
    name = unique_table_name()
    create_hash_table(dynamodb, name)
    errors = []

    def writer(n):
        for i in range(300):
            try:
                dynamodb.put_item(TableName=name, Item={'p': {'S': 'w%d-%d' % (n, i)}})
            except dynamodb.exceptions.ResourceNotFoundException:
                return
            except Exception as e:  # noqa: BLE001 - recorded for the assertion
                errors.append(e)
                return

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    dynamodb.delete_table(TableName=name)
    for t in threads:
        t.join()
    assert errors == []
    create_hash_table(dynamodb, name)
    try:
        assert dynamodb.scan(TableName=name)['Count'] == 0
        assert dynamodb.describe_table(TableName=name)['Table']['ItemCount'] == 0
    finally:
        dynamodb.delete_table(TableName=name)

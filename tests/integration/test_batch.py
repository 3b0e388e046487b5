# BatchWriteItem and BatchGetItem.
# References: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html,
# https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
# and scylladb test/alternator/test_batch.py.

import pytest

from helpers import expect_error, multiset, random_string, unique_table_name


def put(item):
    return {'PutRequest': {'Item': item}}


def delete(key):
    return {'DeleteRequest': {'Key': key}}


# ---------------------------------------------------------------- BatchWriteItem

def test_batch_write_puts(test_table):
    client = test_table.meta.client
    items = [{'p': random_string(), 'c': random_string(), 'v': i} for i in range(10)]
    resp = client.batch_write_item(RequestItems={test_table.name: [put(i) for i in items]})
    # Everything is processed: UnprocessedItems is an empty map.
    assert resp['UnprocessedItems'] == {}
    for item in items:
        assert test_table.get_item(Key={'p': item['p'], 'c': item['c']}, ConsistentRead=True)['Item'] == item


def test_batch_write_put_and_delete(test_table_s):
    client = test_table_s.meta.client
    p1, p2 = random_string(), random_string()
    test_table_s.put_item(Item={'p': p1})
    resp = client.batch_write_item(RequestItems={test_table_s.name: [put({'p': p2, 'a': 1}), delete({'p': p1})]})
    assert resp['UnprocessedItems'] == {}
    assert 'Item' not in test_table_s.get_item(Key={'p': p1}, ConsistentRead=True)
    assert test_table_s.get_item(Key={'p': p2}, ConsistentRead=True)['Item'] == {'p': p2, 'a': 1}


def test_batch_write_replaces_items(test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'a': 'hi'})
    test_table_s.meta.client.batch_write_item(RequestItems={test_table_s.name: [put({'p': p, 'b': 'hello'})]})
    assert test_table_s.get_item(Key={'p': p}, ConsistentRead=True)['Item'] == {'p': p, 'b': 'hello'}


def test_batch_write_delete_missing_ok(test_table_s):
    resp = test_table_s.meta.client.batch_write_item(
        RequestItems={test_table_s.name: [delete({'p': random_string()})]})
    assert resp['UnprocessedItems'] == {}


def test_batch_write_multiple_tables(test_table, test_table_s):
    p = random_string()
    test_table.meta.client.batch_write_item(RequestItems={
        test_table.name: [put({'p': p, 'c': 'x', 'a': 1})],
        test_table_s.name: [put({'p': p, 'b': 2})]})
    assert test_table.get_item(Key={'p': p, 'c': 'x'}, ConsistentRead=True)['Item'] == {'p': p, 'c': 'x', 'a': 1}
    assert test_table_s.get_item(Key={'p': p}, ConsistentRead=True)['Item'] == {'p': p, 'b': 2}


def test_batch_writer_helper(test_table):
    items = [{'p': random_string(), 'c': str(i)} for i in range(60)]
    with test_table.batch_writer() as batch:
        for item in items:
            batch.put_item(Item=item)
    for item in items[::7]:
        assert test_table.get_item(Key=item, ConsistentRead=True)['Item'] == item


def test_batch_write_25_limit(test_table_s):
    client = test_table_s.meta.client
    client.batch_write_item(RequestItems={test_table_s.name: [put({'p': random_string()}) for _ in range(25)]})
    # "Too many items requested for the BatchWriteItem call" (or the
    # "Member must have length less than or equal to 25" constraint message).
    with expect_error('ValidationException', 'Too many items|less than or equal to 25'):
        client.batch_write_item(RequestItems={test_table_s.name: [put({'p': random_string()}) for _ in range(26)]})


def test_batch_write_25_limit_across_tables(test_table_s, test_table):
    client = test_table_s.meta.client
    with expect_error('ValidationException'):
        client.batch_write_item(RequestItems={
            test_table_s.name: [put({'p': random_string()}) for _ in range(13)],
            test_table.name: [put({'p': random_string(), 'c': 'x'}) for _ in range(13)]})


@pytest.mark.parametrize('ops', [
    lambda p: [put({'p': p}), put({'p': p})],
    lambda p: [delete({'p': p}), delete({'p': p})],
    lambda p: [delete({'p': p}), put({'p': p, 'a': 1})],
], ids=['put-put', 'delete-delete', 'delete-put'])
def test_batch_write_duplicate_keys(test_table_s, ops):
    # "Provided list of item keys contains duplicates"
    p = random_string()
    with expect_error('ValidationException', 'Provided list of item keys contains duplicates'):
        test_table_s.meta.client.batch_write_item(RequestItems={test_table_s.name: ops(p)})
    assert 'Item' not in test_table_s.get_item(Key={'p': p}, ConsistentRead=True)


def test_batch_write_same_key_different_tables_ok(test_table_s, dynamodb, dynamodb_resource):
    from helpers import new_table
    with new_table(dynamodb, dynamodb_resource, [{'AttributeName': 'p', 'KeyType': 'HASH'}],
                   [{'AttributeName': 'p', 'AttributeType': 'S'}]) as other:
        p = random_string()
        test_table_s.meta.client.batch_write_item(RequestItems={
            test_table_s.name: [put({'p': p, 'a': 1})], other.name: [put({'p': p, 'b': 2})]})
        assert other.get_item(Key={'p': p}, ConsistentRead=True)['Item'] == {'p': p, 'b': 2}


def test_batch_write_partial_key_overlap_ok(test_table):
    p, c, other = random_string(), random_string(), random_string()
    test_table.meta.client.batch_write_item(RequestItems={test_table.name: [
        put({'p': p, 'c': c}), put({'p': p, 'c': other}), put({'p': other, 'c': c})]})


def test_batch_write_invalid_item_rejects_whole_batch(test_table_s):
    p1, p2 = random_string(), random_string()
    with expect_error('ValidationException'):
        test_table_s.meta.client.batch_write_item(RequestItems={test_table_s.name: [
            put({'p': p1}), put({'p': 3}), put({'p': p2})]})
    with expect_error('ValidationException'):
        test_table_s.meta.client.batch_write_item(RequestItems={test_table_s.name: [
            put({'p': p1}), put({'x': 'no key'}), put({'p': p2})]})
    for p in (p1, p2):
        assert 'Item' not in test_table_s.get_item(Key={'p': p}, ConsistentRead=True)


def test_batch_write_nonexistent_table(test_table_s):
    with expect_error('ResourceNotFoundException'):
        test_table_s.meta.client.batch_write_item(RequestItems={unique_table_name(): [put({'p': 'x'})]})


def test_batch_write_empty(test_table_s):
    client = test_table_s.meta.client
    with expect_error('ValidationException'):
        client.batch_write_item(RequestItems={})
    with expect_error('ValidationException'):
        client.batch_write_item(RequestItems={test_table_s.name: []})


def test_batch_write_request_with_both_or_neither(dynamodb, test_table_s):
    with expect_error('ValidationException'):
        dynamodb.batch_write_item(RequestItems={test_table_s.name: [
            {'PutRequest': {'Item': {'p': {'S': 'x'}}}, 'DeleteRequest': {'Key': {'p': {'S': 'y'}}}}]})
    with expect_error('ValidationException'):
        dynamodb.batch_write_item(RequestItems={test_table_s.name: [{}]})


def test_batch_write_delete_with_extra_key_attribute(test_table_s):
    with expect_error('ValidationException'):
        test_table_s.meta.client.batch_write_item(RequestItems={test_table_s.name: [
            delete({'p': random_string(), 'x': 'y'})]})


def test_batch_write_item_too_large(test_table_s):
    with expect_error('ValidationException', 'exceeded the maximum allowed size'):
        test_table_s.meta.client.batch_write_item(RequestItems={test_table_s.name: [
            put({'p': random_string(), 'big': 'x' * (401 * 1024)})]})


def test_batch_write_consumed_capacity(test_table_s):
    resp = test_table_s.meta.client.batch_write_item(
        RequestItems={test_table_s.name: [put({'p': random_string()}), put({'p': random_string()})]},
        ReturnConsumedCapacity='TOTAL')
    assert len(resp['ConsumedCapacity']) == 1
    cc = resp['ConsumedCapacity'][0]
    assert cc['TableName'] == test_table_s.name and cc['CapacityUnits'] == 2.0


# ---------------------------------------------------------------- BatchGetItem

def test_batch_get(test_table):
    items = [{'p': random_string(), 'c': random_string(), 'v': random_string()} for _ in range(10)]
    with test_table.batch_writer() as batch:
        for item in items:
            batch.put_item(Item=item)
    keys = [{'p': i['p'], 'c': i['c']} for i in items]
    resp = test_table.meta.client.batch_get_item(RequestItems={test_table.name: {'Keys': keys, 'ConsistentRead': True}})
    assert multiset(resp['Responses'][test_table.name]) == multiset(items)
    assert resp['UnprocessedKeys'] == {}


def test_batch_get_missing_items(test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p})
    resp = test_table_s.meta.client.batch_get_item(RequestItems={test_table_s.name: {
        'Keys': [{'p': random_string()}, {'p': p}, {'p': random_string()}], 'ConsistentRead': True}})
    # Missing items are simply not returned.
    assert resp['Responses'][test_table_s.name] == [{'p': p}]


def test_batch_get_all_missing(test_table_s):
    resp = test_table_s.meta.client.batch_get_item(RequestItems={test_table_s.name: {
        'Keys': [{'p': random_string()}]}})
    # The table still appears in Responses, with an empty list.
    assert resp['Responses'] == {test_table_s.name: []}


def test_batch_get_two_tables(test_table, test_table_s):
    p = random_string()
    test_table.put_item(Item={'p': p, 'c': 'x', 'a': 1})
    test_table_s.put_item(Item={'p': p, 'b': 2})
    resp = test_table.meta.client.batch_get_item(RequestItems={
        test_table.name: {'Keys': [{'p': p, 'c': 'x'}]}, test_table_s.name: {'Keys': [{'p': p}]}})
    assert resp['Responses'][test_table.name] == [{'p': p, 'c': 'x', 'a': 1}]
    assert resp['Responses'][test_table_s.name] == [{'p': p, 'b': 2}]


def test_batch_get_projection_with_names(test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'a': 1, 'b': 2, 'name': 'x'})
    resp = test_table_s.meta.client.batch_get_item(RequestItems={test_table_s.name: {
        'Keys': [{'p': p}], 'ProjectionExpression': '#n, a', 'ExpressionAttributeNames': {'#n': 'name'}}})
    assert resp['Responses'][test_table_s.name] == [{'a': 1, 'name': 'x'}]


def test_batch_get_100_limit(test_table_s):
    client = test_table_s.meta.client
    keys = [{'p': random_string(12)} for _ in range(100)]
    resp = client.batch_get_item(RequestItems={test_table_s.name: {'Keys': keys}})
    assert resp['Responses'][test_table_s.name] == []
    # "Too many items requested for the BatchGetItem call"
    keys = [{'p': random_string(12)} for _ in range(101)]
    with expect_error('ValidationException', 'Too many items|less than or equal to 100'):
        client.batch_get_item(RequestItems={test_table_s.name: {'Keys': keys}})


def test_batch_get_duplicate_keys(test_table_s):
    p = random_string()
    with expect_error('ValidationException', 'Provided list of item keys contains duplicates'):
        test_table_s.meta.client.batch_get_item(RequestItems={test_table_s.name: {'Keys': [{'p': p}, {'p': p}]}})


def test_batch_get_nonexistent_table(test_table_s):
    with expect_error('ResourceNotFoundException'):
        test_table_s.meta.client.batch_get_item(RequestItems={unique_table_name(): {'Keys': [{'p': 'x'}]}})


def test_batch_get_wrong_key(test_table_s):
    with expect_error('ValidationException'):
        test_table_s.meta.client.batch_get_item(RequestItems={test_table_s.name: {'Keys': [{'p': 3}]}})
    with expect_error('ValidationException'):
        test_table_s.meta.client.batch_get_item(RequestItems={test_table_s.name: {'Keys': [{'q': 'x'}]}})


def test_batch_get_empty(test_table_s):
    with expect_error('ValidationException'):
        test_table_s.meta.client.batch_get_item(RequestItems={})
    with expect_error('ValidationException'):
        test_table_s.meta.client.batch_get_item(RequestItems={test_table_s.name: {'Keys': []}})


def test_batch_get_consumed_capacity(test_table_s):
    p1, p2 = random_string(), random_string()
    test_table_s.put_item(Item={'p': p1})
    test_table_s.put_item(Item={'p': p2})
    resp = test_table_s.meta.client.batch_get_item(RequestItems={test_table_s.name: {
        'Keys': [{'p': p1}, {'p': p2}], 'ConsistentRead': True}}, ReturnConsumedCapacity='TOTAL')
    # One RCU per strongly consistent read of a small item.
    assert len(resp['ConsumedCapacity']) == 1
    cc = resp['ConsumedCapacity'][0]
    assert cc['TableName'] == test_table_s.name and cc['CapacityUnits'] == 2.0


def test_batch_get_16mb_response_limit(dynamodb, dynamodb_resource):
    # BatchGetItem returns at most 16 MB; the keys it did not get to come
    # back in UnprocessedKeys (API_BatchGetItem.html). 45 items of ~390 KB
    # are ~17.5 MB.
    from helpers import new_table
    with new_table(dynamodb, dynamodb_resource, [{'AttributeName': 'p', 'KeyType': 'HASH'}],
                   [{'AttributeName': 'p', 'AttributeType': 'S'}]) as table:
        big = 'x' * (390 * 1024)
        keys = ['k%02d' % i for i in range(45)]
        with table.batch_writer() as batch:
            for k in keys:
                batch.put_item(Item={'p': k, 'd': big})
        request = {table.name: {'Keys': [{'p': {'S': k}} for k in keys], 'ProjectionExpression': 'p, d'}}
        resp = dynamodb.batch_get_item(RequestItems=request)
        first = resp['Responses'][table.name]
        assert len(first) < len(keys)
        assert len(first) * len(big) <= 16 * 1024 * 1024 + len(big)
        unprocessed = resp['UnprocessedKeys']
        assert len(unprocessed[table.name]['Keys']) == len(keys) - len(first)
        # UnprocessedKeys keeps the request's other parameters.
        assert unprocessed[table.name].get('ProjectionExpression') == 'p, d'
        got = {i['p']['S'] for i in first}
        rounds = 0
        while unprocessed:
            resp = dynamodb.batch_get_item(RequestItems=unprocessed)
            got |= {i['p']['S'] for i in resp['Responses'].get(table.name, [])}
            unprocessed = resp['UnprocessedKeys']
            rounds += 1
            assert rounds < 10
        assert got == set(keys)


def test_batch_write_same_key_through_name_and_arn_is_a_duplicate(dynamodb, test_table_s):
    # One table named twice in RequestItems (by name and by ARN) is still one
    # table: the same key in both entries is a duplicate, as within one entry.
    arn = dynamodb.describe_table(TableName=test_table_s.name)['Table']['TableArn']
    key = random_string()
    with expect_error('ValidationException', '^Provided list of item keys contains duplicates$'):
        dynamodb.batch_write_item(RequestItems={
            test_table_s.name: [{'PutRequest': {'Item': {'p': {'S': key}, 'v': {'S': 'one'}}}}],
            arn: [{'PutRequest': {'Item': {'p': {'S': key}, 'v': {'S': 'two'}}}}]})
    assert 'Item' not in dynamodb.get_item(TableName=test_table_s.name, Key={'p': {'S': key}})

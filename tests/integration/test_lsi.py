# Local secondary indexes: same partition key as the table, another sort key.
# Reads may be strongly consistent, and an LSI fetches attributes it does not
# project from the table (Select=ALL_ATTRIBUTES or a ProjectionExpression).
# References: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html,
# https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_LocalSecondaryIndex.html,
# and what scylladb's test/alternator/test_lsi.py records of the live service.

import pytest

from helpers import expect_error, full_query, new_table, random_string


def attr(name, typ):
    return {'AttributeName': name, 'AttributeType': typ}


def key(name, key_type):
    return {'AttributeName': name, 'KeyType': key_type}


@pytest.fixture(scope='module')
def lsi_table(dynamodb, dynamodb_resource):
    """p (S) hash + c (S) range; LSIs 'by_d' on (p, d N) KEYS_ONLY and
    'by_e' on (p, e S) INCLUDE [inc]."""
    with new_table(dynamodb, dynamodb_resource, [key('p', 'HASH'), key('c', 'RANGE')],
                   [attr('p', 'S'), attr('c', 'S'), attr('d', 'N'), attr('e', 'S')],
                   LocalSecondaryIndexes=[
                       {'IndexName': 'by_d', 'KeySchema': [key('p', 'HASH'), key('d', 'RANGE')],
                        'Projection': {'ProjectionType': 'KEYS_ONLY'}},
                       {'IndexName': 'by_e', 'KeySchema': [key('p', 'HASH'), key('e', 'RANGE')],
                        'Projection': {'ProjectionType': 'INCLUDE', 'NonKeyAttributes': ['inc']}},
                   ]) as table:
        yield table


def test_describe_table_lists_lsis(dynamodb, lsi_table):
    desc = dynamodb.describe_table(TableName=lsi_table.name)['Table']
    assert 'GlobalSecondaryIndexes' not in desc
    indexes = {i['IndexName']: i for i in desc['LocalSecondaryIndexes']}
    assert set(indexes) == {'by_d', 'by_e'}
    d = indexes['by_d']
    assert d['KeySchema'] == [key('p', 'HASH'), key('d', 'RANGE')]
    assert d['Projection'] == {'ProjectionType': 'KEYS_ONLY'}
    assert d['IndexArn'] == desc['TableArn'] + '/index/by_d'
    # LSIs have neither a status nor throughput of their own.
    assert 'IndexStatus' not in d and 'ProvisionedThroughput' not in d


def test_query_lsi_in_its_sort_order(lsi_table):
    p = random_string()
    for i, d in enumerate([5, -1, 3, 10, 0]):
        lsi_table.put_item(Item={'p': p, 'c': 'c%d' % i, 'd': d, 'big': 'x' * 10})
    lsi_table.put_item(Item={'p': p, 'c': 'nod'})  # sparse: not in by_d
    items = lsi_table.query(IndexName='by_d', KeyConditionExpression='p = :p', ConsistentRead=True,
                            ExpressionAttributeValues={':p': p})['Items']
    assert [i['d'] for i in items] == [-1, 0, 3, 5, 10]
    assert all(set(i) == {'p', 'c', 'd'} for i in items)  # KEYS_ONLY
    items = lsi_table.query(IndexName='by_d', KeyConditionExpression='p = :p AND d > :d', ScanIndexForward=False,
                            ExpressionAttributeValues={':p': p, ':d': 0})['Items']
    assert [i['d'] for i in items] == [10, 5, 3]


def test_lsi_fetches_unprojected_attributes(dynamodb, lsi_table):
    p = random_string()
    lsi_table.put_item(Item={'p': p, 'c': 'c', 'e': 'e1', 'inc': 'i', 'oth': 'o'})
    base = dict(IndexName='by_e', KeyConditionExpression='p = :p', ExpressionAttributeValues={':p': p})
    assert lsi_table.query(**base)['Items'] == [{'p': p, 'c': 'c', 'e': 'e1', 'inc': 'i'}]
    assert lsi_table.query(Select='ALL_ATTRIBUTES', **base)['Items'] == [
        {'p': p, 'c': 'c', 'e': 'e1', 'inc': 'i', 'oth': 'o'}]
    assert lsi_table.query(ProjectionExpression='oth, inc', **base)['Items'] == [{'oth': 'o', 'inc': 'i'}]
    # Fetching from the table costs table reads on top of the index's.
    resp = dynamodb.query(TableName=lsi_table.name, IndexName='by_e', KeyConditionExpression='p = :p',
                          ExpressionAttributeValues={':p': {'S': p}}, Select='ALL_ATTRIBUTES',
                          ConsistentRead=True, ReturnConsumedCapacity='INDEXES')
    cc = resp['ConsumedCapacity']
    assert cc['LocalSecondaryIndexes']['by_e']['CapacityUnits'] == 1
    assert cc['Table']['CapacityUnits'] == 1
    assert cc['CapacityUnits'] == 2


def test_lsi_filter_on_unprojected_attribute(lsi_table):
    # The filter reads the item from the table; the answer is still the
    # index's projection.
    p = random_string()
    for i in range(4):
        lsi_table.put_item(Item={'p': p, 'c': 'c%d' % i, 'd': i, 'color': 'red' if i % 2 else 'blue'})
    resp = lsi_table.query(IndexName='by_d', KeyConditionExpression='p = :p', FilterExpression='color = :c',
                           ExpressionAttributeValues={':p': p, ':c': 'red'})
    assert resp['Items'] == [{'p': p, 'c': 'c1', 'd': 1}, {'p': p, 'c': 'c3', 'd': 3}]
    assert resp['ScannedCount'] == 4


def test_lsi_paging(lsi_table):
    p = random_string()
    for i in range(9):
        lsi_table.put_item(Item={'p': p, 'c': 'c%d' % i, 'd': i % 4})
    resp = lsi_table.query(IndexName='by_d', KeyConditionExpression='p = :p', Limit=4,
                           ExpressionAttributeValues={':p': p})
    assert set(resp['LastEvaluatedKey']) == {'p', 'c', 'd'}
    items = full_query(lsi_table, IndexName='by_d', KeyConditionExpression='p = :p', Limit=4,
                       ExpressionAttributeValues={':p': p})
    assert sorted((int(i['d']), i['c']) for i in items) == [(int(i['d']), i['c']) for i in items]
    assert len(items) == 9


def test_start_key_outside_partition(lsi_table):
    with expect_error('ValidationException', 'The provided starting key is outside query boundaries'):
        lsi_table.query(IndexName='by_d', KeyConditionExpression='p = :p', ExpressionAttributeValues={':p': 'a'},
                        ExclusiveStartKey={'p': 'b', 'c': 'c', 'd': 1})


def test_item_collection_metrics(dynamodb, lsi_table, test_table):
    # Returned for tables with an LSI, when asked for with SIZE.
    # https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ItemCollectionMetrics.html
    p = random_string()
    resp = dynamodb.put_item(TableName=lsi_table.name, Item={'p': {'S': p}, 'c': {'S': 'b'}, 'd': {'N': '1'}},
                             ReturnItemCollectionMetrics='SIZE')
    assert resp['ItemCollectionMetrics'] == {'ItemCollectionKey': {'p': {'S': p}}, 'SizeEstimateRangeGB': [0.0, 1.0]}
    resp = dynamodb.update_item(TableName=lsi_table.name, Key={'p': {'S': p}, 'c': {'S': 'b'}},
                                UpdateExpression='SET e = :e', ExpressionAttributeValues={':e': {'S': 'x'}},
                                ReturnItemCollectionMetrics='SIZE')
    assert resp['ItemCollectionMetrics']['ItemCollectionKey'] == {'p': {'S': p}}
    resp = dynamodb.batch_write_item(RequestItems={lsi_table.name: [
        {'PutRequest': {'Item': {'p': {'S': p}, 'c': {'S': 'z'}}}}]}, ReturnItemCollectionMetrics='SIZE')
    assert resp['ItemCollectionMetrics'] == {lsi_table.name: [
        {'ItemCollectionKey': {'p': {'S': p}}, 'SizeEstimateRangeGB': [0.0, 1.0]}]}
    assert 'ItemCollectionMetrics' not in dynamodb.delete_item(TableName=lsi_table.name,
                                                               Key={'p': {'S': p}, 'c': {'S': 'z'}})
    # No LSI, no metrics.
    resp = dynamodb.put_item(TableName=test_table.name, Item={'p': {'S': p}, 'c': {'S': 'b'}},
                             ReturnItemCollectionMetrics='SIZE')
    assert 'ItemCollectionMetrics' not in resp
    with expect_error('ValidationException', 'returnItemCollectionMetrics'):
        dynamodb.put_item(TableName=lsi_table.name, Item={'p': {'S': 'a'}, 'c': {'S': 'b'}},
                          ReturnItemCollectionMetrics='BAD')

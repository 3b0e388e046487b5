# Global secondary indexes: CreateTable with GlobalSecondaryIndexes,
# DescribeTable, maintenance by every write path (sparse indexes, key
# changes, deletes, batches), Query and Scan with IndexName (key conditions,
# order, projections, Select, paging with LastEvaluatedKey), and the errors
# DynamoDB gives.
# References: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html,
# https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GlobalSecondaryIndex.html,
# https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html (IndexName, Select),
# and what scylladb's test/alternator/test_gsi.py and dynalite's tests record
# of the live service.

from decimal import Decimal

import pytest

from helpers import expect_error, full_query, full_scan, multiset, new_table, random_string, wait_index

S = 'S'
N = 'N'


def attr(name, typ):
    return {'AttributeName': name, 'AttributeType': typ}


def key(name, key_type):
    return {'AttributeName': name, 'KeyType': key_type}


def gsi(name, hash_key, range_key=None, projection=None):
    schema = [key(hash_key, 'HASH')]
    if range_key:
        schema.append(key(range_key, 'RANGE'))
    return {'IndexName': name, 'KeySchema': schema, 'Projection': {'ProjectionType': 'ALL'} if projection is None else projection}


@pytest.fixture(scope='module')
def gsi_table(dynamodb, dynamodb_resource):
    """p (S) hash + c (S) range; GSIs: 'by_x' on x (S) + y (N) projecting ALL,
    'by_z' on z (S) KEYS_ONLY, 'by_w' on w (S) INCLUDE [extra]."""
    with new_table(dynamodb, dynamodb_resource,
                   [key('p', 'HASH'), key('c', 'RANGE')],
                   [attr('p', S), attr('c', S), attr('x', S), attr('y', N), attr('z', S), attr('w', S)],
                   GlobalSecondaryIndexes=[
                       gsi('by_x', 'x', 'y'),
                       gsi('by_z', 'z', projection={'ProjectionType': 'KEYS_ONLY'}),
                       gsi('by_w', 'w', projection={'ProjectionType': 'INCLUDE', 'NonKeyAttributes': ['extra']}),
                   ]) as table:
        yield table


def test_describe_table_lists_gsis(dynamodb, gsi_table):
    desc = dynamodb.describe_table(TableName=gsi_table.name)['Table']
    indexes = {i['IndexName']: i for i in desc['GlobalSecondaryIndexes']}
    assert set(indexes) == {'by_x', 'by_z', 'by_w'}
    assert 'LocalSecondaryIndexes' not in desc
    x = indexes['by_x']
    assert x['KeySchema'] == [key('x', 'HASH'), key('y', 'RANGE')]
    assert x['Projection'] == {'ProjectionType': 'ALL'}
    assert x['IndexStatus'] == 'ACTIVE'
    assert x['IndexArn'] == desc['TableArn'] + '/index/by_x'
    assert 'Backfilling' not in x
    # On-demand tables still report a zero ProvisionedThroughput per GSI.
    assert x['ProvisionedThroughput']['ReadCapacityUnits'] == 0
    assert x['ProvisionedThroughput']['WriteCapacityUnits'] == 0
    assert indexes['by_w']['Projection'] == {'ProjectionType': 'INCLUDE', 'NonKeyAttributes': ['extra']}
    assert isinstance(x['ItemCount'], int) and isinstance(x['IndexSizeBytes'], int)


def test_query_gsi_sees_writes_at_once(gsi_table):
    x = random_string()
    for i in range(5):
        gsi_table.put_item(Item={'p': random_string(), 'c': 'c', 'x': x, 'y': i, 'data': i * 10})
    items = gsi_table.query(IndexName='by_x', KeyConditionExpression='x = :x',
                            ExpressionAttributeValues={':x': x})['Items']
    assert [i['y'] for i in items] == [0, 1, 2, 3, 4]
    assert all(i['data'] == i['y'] * 10 for i in items)  # ALL projects everything
    items = gsi_table.query(IndexName='by_x', KeyConditionExpression='x = :x AND y BETWEEN :a AND :b',
                            ExpressionAttributeValues={':x': x, ':a': 1, ':b': 3}, ScanIndexForward=False)['Items']
    assert [i['y'] for i in items] == [3, 2, 1]


@pytest.mark.parametrize('condition,values,expected', [
    ('y < :v', {':v': 2}, [0, 1]),
    ('y <= :v', {':v': 2}, [0, 1, 2, 2]),
    ('y > :v', {':v': 2}, [3, 4]),
    ('y >= :v', {':v': 2}, [2, 2, 3, 4]),
    ('y = :v', {':v': 2}, [2, 2]),
])
def test_query_gsi_range_conditions(gsi_table, condition, values, expected):
    x = random_string()
    for i in range(5):
        gsi_table.put_item(Item={'p': random_string(), 'c': 'c', 'x': x, 'y': i})
    gsi_table.put_item(Item={'p': random_string(), 'c': 'd', 'x': x, 'y': 2})  # a second item with y = 2
    items = gsi_table.query(IndexName='by_x', KeyConditionExpression='x = :x AND ' + condition,
                            ExpressionAttributeValues={':x': x, **values})['Items']
    assert [int(i['y']) for i in items] == expected


def test_gsi_string_sort_key_order_and_begins_with(dynamodb, dynamodb_resource):
    # Delimited index sort keys must keep DynamoDB's byte order, also for
    # strings that are prefixes of each other or contain NUL.
    with new_table(dynamodb, dynamodb_resource, [key('p', 'HASH')], [attr('p', S), attr('g', S), attr('s', S)],
                   GlobalSecondaryIndexes=[gsi('gs_idx', 'g', 's')]) as table:
        values = ['a', 'a\x00', 'a\x00b', 'ab', 'abc', 'b', '\x01', 'a\x01', '\u00e9']
        for i, v in enumerate(values):
            table.put_item(Item={'p': str(i), 'g': 'G', 's': v})
        items = full_query(table, IndexName='gs_idx', KeyConditionExpression='g = :g',
                           ExpressionAttributeValues={':g': 'G'})
        assert [i['s'] for i in items] == sorted(values, key=lambda s: s.encode('utf-8'))
        items = full_query(table, IndexName='gs_idx', KeyConditionExpression='g = :g AND begins_with(s, :s)',
                           ExpressionAttributeValues={':g': 'G', ':s': 'a'})
        assert sorted(i['s'] for i in items) == sorted(v for v in values if v.startswith('a'))
        items = full_query(table, IndexName='gs_idx', KeyConditionExpression='g = :g AND begins_with(s, :s)',
                           ExpressionAttributeValues={':g': 'G', ':s': 'a\x00'})
        assert sorted(i['s'] for i in items) == ['a\x00', 'a\x00b']
        items = full_query(table, IndexName='gs_idx', KeyConditionExpression='g = :g AND s = :s',
                           ExpressionAttributeValues={':g': 'G', ':s': 'a'})
        assert [i['s'] for i in items] == ['a']


def test_sparse_index_and_key_changes(gsi_table):
    p = random_string()
    z1, z2 = random_string(), random_string()
    gsi_table.put_item(Item={'p': p, 'c': '1'})  # no z: not in by_z

    def in_z(z):
        return gsi_table.query(IndexName='by_z', KeyConditionExpression='z = :z',
                               ExpressionAttributeValues={':z': z})['Items']
    assert in_z(z1) == []
    gsi_table.update_item(Key={'p': p, 'c': '1'}, UpdateExpression='SET z = :z', ExpressionAttributeValues={':z': z1})
    assert in_z(z1) == [{'p': p, 'c': '1', 'z': z1}]  # KEYS_ONLY: table and index keys
    gsi_table.update_item(Key={'p': p, 'c': '1'}, UpdateExpression='SET z = :z', ExpressionAttributeValues={':z': z2})
    assert in_z(z1) == []
    assert in_z(z2) == [{'p': p, 'c': '1', 'z': z2}]
    gsi_table.update_item(Key={'p': p, 'c': '1'}, UpdateExpression='REMOVE z')
    assert in_z(z2) == []
    gsi_table.put_item(Item={'p': p, 'c': '1', 'z': z1})
    assert len(in_z(z1)) == 1
    gsi_table.delete_item(Key={'p': p, 'c': '1'})
    assert in_z(z1) == []


def test_batch_write_maintains_index(gsi_table):
    z = random_string()
    with gsi_table.batch_writer() as batch:
        for i in range(30):
            batch.put_item(Item={'p': random_string(), 'c': str(i), 'z': z})
    items = full_query(gsi_table, IndexName='by_z', KeyConditionExpression='z = :z',
                       ExpressionAttributeValues={':z': z})
    assert len(items) == 30
    with gsi_table.batch_writer() as batch:
        for item in items[:10]:
            batch.delete_item(Key={'p': item['p'], 'c': item['c']})
    assert len(full_query(gsi_table, IndexName='by_z', KeyConditionExpression='z = :z',
                          ExpressionAttributeValues={':z': z})) == 20


def test_include_projection(gsi_table):
    p, w = random_string(), random_string()
    gsi_table.put_item(Item={'p': p, 'c': 'c', 'w': w, 'extra': 'yes', 'other': 'no'})
    items = gsi_table.query(IndexName='by_w', KeyConditionExpression='w = :w',
                            ExpressionAttributeValues={':w': w})['Items']
    assert items == [{'p': p, 'c': 'c', 'w': w, 'extra': 'yes'}]
    # Select=ALL_PROJECTED_ATTRIBUTES is the default on an index.
    assert gsi_table.query(IndexName='by_w', KeyConditionExpression='w = :w', Select='ALL_PROJECTED_ATTRIBUTES',
                           ExpressionAttributeValues={':w': w})['Items'] == items
    items = gsi_table.query(IndexName='by_w', KeyConditionExpression='w = :w', ProjectionExpression='extra',
                            ExpressionAttributeValues={':w': w})['Items']
    assert items == [{'extra': 'yes'}]


def test_select_all_projected_with_projection_expression_is_an_error(gsi_table):
    with expect_error('ValidationException', '^Cannot specify the ProjectionExpression when choosing to get '
                                             'ALL_PROJECTED_ATTRIBUTES$'):
        gsi_table.query(IndexName='by_w', KeyConditionExpression='w = :w', Select='ALL_PROJECTED_ATTRIBUTES',
                        ProjectionExpression='extra', ExpressionAttributeValues={':w': 'a'})


def test_select_all_attributes_on_partial_gsi_is_an_error(gsi_table):
    with expect_error('ValidationException', 'Select type ALL_ATTRIBUTES is not supported for global secondary '
                                             'index by_z because its projection type is not ALL'):
        gsi_table.query(IndexName='by_z', KeyConditionExpression='z = :z', Select='ALL_ATTRIBUTES',
                        ExpressionAttributeValues={':z': 'a'})
    # On an ALL index it is fine.
    gsi_table.query(IndexName='by_x', KeyConditionExpression='x = :x', Select='ALL_ATTRIBUTES',
                    ExpressionAttributeValues={':x': 'a'})


def test_consistent_read_on_gsi_is_an_error(gsi_table):
    with expect_error('ValidationException', '^Consistent reads are not supported on global secondary indexes$'):
        gsi_table.query(IndexName='by_x', KeyConditionExpression='x = :x', ConsistentRead=True,
                        ExpressionAttributeValues={':x': 'a'})
    with expect_error('ValidationException', '^Consistent reads are not supported on global secondary indexes$'):
        gsi_table.scan(IndexName='by_x', ConsistentRead=True)


def test_unknown_index(gsi_table):
    with expect_error('ValidationException', '^The table does not have the specified index: nope$'):
        gsi_table.query(IndexName='nope', KeyConditionExpression='x = :x', ExpressionAttributeValues={':x': 'a'})
    with expect_error('ValidationException', '^The table does not have the specified index: nope$'):
        gsi_table.scan(IndexName='nope')


def test_missing_table_beats_missing_index(dynamodb):
    with expect_error('ResourceNotFoundException'):
        dynamodb.scan(TableName='no_such_table_' + random_string(), IndexName='nope')


def test_key_condition_must_use_index_keys(gsi_table):
    with expect_error('ValidationException', 'Query condition missed key schema element: x'):
        gsi_table.query(IndexName='by_x', KeyConditionExpression='p = :p', ExpressionAttributeValues={':p': 'a'})


def test_filter_on_index_key_is_an_error_but_table_key_is_not(gsi_table):
    with expect_error('ValidationException',
                      '^Filter Expression can only contain non-primary key attributes: Primary key attribute: y$'):
        gsi_table.query(IndexName='by_x', KeyConditionExpression='x = :x', FilterExpression='y > :y',
                        ExpressionAttributeValues={':x': 'a', ':y': 1})
    gsi_table.query(IndexName='by_x', KeyConditionExpression='x = :x', FilterExpression='p = :p',
                    ExpressionAttributeValues={':x': 'a', ':p': 'b'})


def test_paging_carries_table_and_index_keys(gsi_table):
    x = random_string()
    for i in range(7):
        gsi_table.put_item(Item={'p': random_string(), 'c': str(i), 'x': x, 'y': i % 3})
    resp = gsi_table.query(IndexName='by_x', KeyConditionExpression='x = :x', Limit=2,
                           ExpressionAttributeValues={':x': x})
    assert set(resp['LastEvaluatedKey']) == {'p', 'c', 'x', 'y'}
    for forward in (True, False):
        items = full_query(gsi_table, IndexName='by_x', KeyConditionExpression='x = :x', Limit=2,
                           ScanIndexForward=forward, ExpressionAttributeValues={':x': x})
        assert len(items) == 7
        ys = [i['y'] for i in items]
        assert ys == sorted(ys, reverse=not forward)
        assert len({(i['p'], i['c']) for i in items}) == 7


def test_bad_exclusive_start_key_on_index(gsi_table):
    with expect_error('ValidationException', '^The provided starting key is invalid'):
        gsi_table.query(IndexName='by_x', KeyConditionExpression='x = :x', ExpressionAttributeValues={':x': 'a'},
                        ExclusiveStartKey={'p': 'a', 'c': 'b'})
    with expect_error('ValidationException', '^The provided starting key is invalid'):
        gsi_table.scan(IndexName='by_x', ExclusiveStartKey={'x': 'a', 'y': 1, 'p': 'a', 'zz': 'b'})
    with expect_error('ValidationException', '^The provided key element does not match the schema$'):
        gsi_table.scan(IndexName='by_x', ExclusiveStartKey={'x': 'a', 'y': 'notanumber', 'p': 'a', 'c': 'b'})


def test_scan_index_with_segments(dynamodb, dynamodb_resource):
    with new_table(dynamodb, dynamodb_resource, [key('p', 'HASH')], [attr('p', S), attr('g', N)],
                   GlobalSecondaryIndexes=[gsi('g_idx', 'g')]) as table:
        with table.batch_writer() as batch:
            for i in range(200):
                batch.put_item(Item={'p': str(i), 'g': i % 17} if i % 4 else {'p': str(i)})
        expected = [{'p': str(i), 'g': i % 17} for i in range(200) if i % 4]
        assert multiset(full_scan(table, IndexName='g_idx', Limit=7)) == multiset(expected)
        parts = []
        for segment in range(3):
            parts += full_scan(table, IndexName='g_idx', Segment=segment, TotalSegments=3)
        assert multiset(parts) == multiset(expected)
        assert table.scan(IndexName='g_idx', Select='COUNT')['Count'] == len(expected)


def test_index_key_type_and_empty_value_errors(gsi_table):
    p = random_string()
    with expect_error('ValidationException', '^One or more parameter values were invalid: Type mismatch for Index '
                                             'Key x Expected: S Actual: N IndexName: by_x$'):
        gsi_table.put_item(Item={'p': p, 'c': 'c', 'x': 5})
    with expect_error('ValidationException', 'A value specified for a secondary index key is not supported. The '
                                             'AttributeValue for a key attribute cannot contain an empty string '
                                             'value. IndexName: by_z, IndexKey: z$'):
        gsi_table.put_item(Item={'p': p, 'c': 'c', 'z': ''})
    gsi_table.put_item(Item={'p': p, 'c': 'c', 'z': 'ok'})
    with expect_error('ValidationException', 'The update expression attempted to update a secondary index key to a '
                                             'value that is not supported'):
        gsi_table.update_item(Key={'p': p, 'c': 'c'}, UpdateExpression='SET z = :e',
                              ExpressionAttributeValues={':e': ''})
    with expect_error('ValidationException', 'Type mismatch for Index Key y Expected: N Actual: S IndexName: by_x'):
        gsi_table.update_item(Key={'p': p, 'c': 'c'}, UpdateExpression='SET y = :e',
                              ExpressionAttributeValues={':e': 'text'})
    # The failed writes changed nothing.
    assert gsi_table.get_item(Key={'p': p, 'c': 'c'})['Item'] == {'p': p, 'c': 'c', 'z': 'ok'}


def test_index_key_error_comes_before_condition(gsi_table):
    with expect_error('ValidationException', 'Type mismatch for Index Key'):
        gsi_table.put_item(Item={'p': random_string(), 'c': 'c', 'x': 5}, ConditionExpression='attribute_exists(p)')


def test_consumed_capacity_indexes(dynamodb, gsi_table):
    p, x = random_string(), random_string()
    resp = dynamodb.put_item(TableName=gsi_table.name, Item={'p': {'S': p}, 'c': {'S': 'c'}, 'x': {'S': x},
                                                             'y': {'N': '1'}},
                             ReturnConsumedCapacity='INDEXES')
    cc = resp['ConsumedCapacity']
    assert cc['Table']['CapacityUnits'] == 1
    assert cc['GlobalSecondaryIndexes']['by_x']['CapacityUnits'] == 1
    assert 'by_z' not in cc['GlobalSecondaryIndexes']  # the item is not in by_z
    assert cc['CapacityUnits'] == 2
    # Moving the index key costs a delete and a put in the index.
    resp = dynamodb.update_item(TableName=gsi_table.name, Key={'p': {'S': p}, 'c': {'S': 'c'}},
                                UpdateExpression='SET x = :x', ExpressionAttributeValues={':x': {'S': x + 'b'}},
                                ReturnConsumedCapacity='INDEXES')
    assert resp['ConsumedCapacity']['GlobalSecondaryIndexes']['by_x']['CapacityUnits'] == 2
    total = dynamodb.put_item(TableName=gsi_table.name, Item={'p': {'S': p}, 'c': {'S': 'd'}},
                              ReturnConsumedCapacity='TOTAL')['ConsumedCapacity']
    assert total['CapacityUnits'] == 1 and 'GlobalSecondaryIndexes' not in total and 'Table' not in total
    resp = dynamodb.query(TableName=gsi_table.name, IndexName='by_x', KeyConditionExpression='x = :x',
                          ExpressionAttributeValues={':x': {'S': x + 'b'}}, ReturnConsumedCapacity='INDEXES')
    cc = resp['ConsumedCapacity']
    assert cc['GlobalSecondaryIndexes']['by_x']['CapacityUnits'] == 0.5
    assert cc['Table']['CapacityUnits'] == 0
    assert cc['CapacityUnits'] == 0.5


def test_item_count_follows_writes(dynamodb, dynamodb_resource):
    with new_table(dynamodb, dynamodb_resource, [key('p', 'HASH')], [attr('p', S), attr('g', S)],
                   GlobalSecondaryIndexes=[gsi('g_idx', 'g')]) as table:
        for i in range(10):
            table.put_item(Item={'p': str(i), 'g': 'x'} if i < 6 else {'p': str(i)})
        table.delete_item(Key={'p': '0'})
        index = dynamodb.describe_table(TableName=table.name)['Table']['GlobalSecondaryIndexes'][0]
        assert index['ItemCount'] == 5
        assert index['IndexSizeBytes'] > 0


def test_stream_unchanged_by_indexes(dynamodb, dynamodb_resource, endpoint):
    from conftest import make_client
    with new_table(dynamodb, dynamodb_resource, [key('p', 'HASH')], [attr('p', S), attr('g', S)],
                   GlobalSecondaryIndexes=[gsi('g_idx', 'g')],
                   StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'NEW_AND_OLD_IMAGES'}) as table:
        table.put_item(Item={'p': '1', 'g': 'a'})
        table.update_item(Key={'p': '1'}, UpdateExpression='SET g = :g', ExpressionAttributeValues={':g': 'b'})
        table.delete_item(Key={'p': '1'})
        streams = make_client(endpoint, 'dynamodbstreams')
        arn = dynamodb.describe_table(TableName=table.name)['Table']['LatestStreamArn']
        shard = streams.describe_stream(StreamArn=arn)['StreamDescription']['Shards'][0]['ShardId']
        it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType='TRIM_HORIZON')
        records = streams.get_records(ShardIterator=it['ShardIterator'])['Records']
        assert [r['eventName'] for r in records] == ['INSERT', 'MODIFY', 'REMOVE']


def test_delete_table_removes_index_data(dynamodb, dynamodb_resource):
    name = None
    with new_table(dynamodb, dynamodb_resource, [key('p', 'HASH')], [attr('p', S), attr('g', S)],
                   GlobalSecondaryIndexes=[gsi('g_idx', 'g')]) as table:
        name = table.name
        table.put_item(Item={'p': '1', 'g': 'a'})
    # Re-created under the same name, the index starts empty.
    dynamodb.create_table(TableName=name, KeySchema=[key('p', 'HASH')], AttributeDefinitions=[attr('p', S),
                                                                                               attr('g', S)],
                          BillingMode='PAY_PER_REQUEST', GlobalSecondaryIndexes=[gsi('g_idx', 'g')])
    try:
        table = dynamodb_resource.Table(name)
        assert table.scan(IndexName='g_idx')['Items'] == []
    finally:
        dynamodb.delete_table(TableName=name)


def test_number_and_binary_index_keys(dynamodb, dynamodb_resource):
    with new_table(dynamodb, dynamodb_resource, [key('p', 'HASH')], [attr('p', S), attr('n', N), attr('b', 'B')],
                   GlobalSecondaryIndexes=[gsi('nb_idx', 'n', 'b')]) as table:
        blobs = [b'\x00', b'\x00\x01', b'\x01', b'\xff', b'a']
        for i, blob in enumerate(blobs):
            table.put_item(Item={'p': str(i), 'n': Decimal('1.50'), 'b': blob})
        items = table.query(IndexName='nb_idx', KeyConditionExpression='n = :n',
                            ExpressionAttributeValues={':n': Decimal('1.5')})['Items']
        assert [bytes(i['b'].value) for i in items] == sorted(blobs)
        items = table.query(IndexName='nb_idx', KeyConditionExpression='n = :n AND b < :b',
                            ExpressionAttributeValues={':n': Decimal('1.5'), ':b': b'\x01'})['Items']
        assert [bytes(i['b'].value) for i in items] == [b'\x00', b'\x00\x01']


# Multi-attribute GSI keys: up to four HASH and four RANGE attributes.
# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.DesignPattern.MultiAttributeKeys.html
@pytest.fixture(scope='module')
def multi_table(dynamodb, dynamodb_resource):
    """p (S) hash; GSI 'by_team' on HASH (tournament S, region S) and RANGE
    (round S, score N), projecting ALL."""
    with new_table(dynamodb, dynamodb_resource, [key('p', 'HASH')],
                   [attr('p', S), attr('tournament', S), attr('area', S), attr('round', S), attr('score', N)],
                   GlobalSecondaryIndexes=[{
                       'IndexName': 'by_team',
                       'KeySchema': [key('tournament', 'HASH'), key('area', 'HASH'),
                                     key('round', 'RANGE'), key('score', 'RANGE')],
                       'Projection': {'ProjectionType': 'ALL'}}]) as table:
        rows = [('t1', 'eu', 'final', 10), ('t1', 'eu', 'final', 30), ('t1', 'eu', 'semi', 20),
                ('t1', 'eu', 'quarter', 5), ('t1', 'us', 'final', 99), ('t2', 'eu', 'final', 1)]
        for i, (t, r, rnd, score) in enumerate(rows):
            table.put_item(Item={'p': str(i), 'tournament': t, 'area': r, 'round': rnd, 'score': score})
        table.put_item(Item={'p': 'sparse', 'tournament': 't1', 'area': 'eu', 'round': 'final'})  # no score
        yield table


def test_multi_attribute_key_schema_is_described(dynamodb, multi_table):
    gsi = dynamodb.describe_table(TableName=multi_table.name)['Table']['GlobalSecondaryIndexes'][0]
    assert gsi['KeySchema'] == [key('tournament', 'HASH'), key('area', 'HASH'),
                                key('round', 'RANGE'), key('score', 'RANGE')]
    assert gsi['ItemCount'] == 6  # the item without score is not indexed


def test_multi_attribute_query(multi_table):
    def q(condition, **values):
        names = {'ExpressionAttributeNames': {'#r': 'round'}} if '#r' in condition else {}
        return [(i['round'], int(i['score'])) for i in full_query(
            multi_table, IndexName='by_team', KeyConditionExpression=condition, **names,
            ExpressionAttributeValues={':' + k: v for k, v in values.items()})]
    base = 'tournament = :t AND area = :g'
    # Sort attributes order as a tuple: round, then score.
    assert q(base + ' AND #r >= :a', t='t1', g='eu', a='a') == [('final', 10), ('final', 30), ('quarter', 5),
                                                                  ('semi', 20)]
    assert q(base + ' AND #r = :r', t='t1', g='eu', r='final') == [('final', 10), ('final', 30)]
    assert q(base + ' AND #r = :r AND score > :s', t='t1', g='eu', r='final', s=15) == [('final', 30)]
    assert q(base + ' AND #r = :r AND score BETWEEN :a AND :b', t='t1', g='eu', r='final', a=0, b=100) == \
        [('final', 10), ('final', 30)]
    assert q(base, t='t1', g='us') == [('final', 99)]
    items = multi_table.query(IndexName='by_team', KeyConditionExpression=base + ' AND #r = :r', Limit=1,
                              ExpressionAttributeNames={'#r': 'round'},
                              ExpressionAttributeValues={':t': 't1', ':g': 'eu', ':r': 'final'})
    assert set(items['LastEvaluatedKey']) == {'p', 'tournament', 'area', 'round', 'score'}


def test_multi_attribute_query_rules(multi_table):
    names = {'#r': 'round'}
    # Every partition attribute needs an equality.
    with expect_error('ValidationException', 'Query condition missed key schema element: area'):
        multi_table.query(IndexName='by_team', KeyConditionExpression='tournament = :t',
                          ExpressionAttributeValues={':t': 't1'})
    # Sort attributes left to right, without gaps.
    with expect_error('ValidationException', 'round'):
        multi_table.query(IndexName='by_team', KeyConditionExpression='tournament = :t AND area = :g AND score > :s',
                          ExpressionAttributeValues={':t': 't1', ':g': 'eu', ':s': 1})
    # Only the last given sort attribute may have a range condition.
    with expect_error('ValidationException'):
        multi_table.query(IndexName='by_team', ExpressionAttributeNames=names,
                          KeyConditionExpression='tournament = :t AND area = :g AND #r > :r AND score = :s',
                          ExpressionAttributeValues={':t': 't1', ':g': 'eu', ':r': 'a', ':s': 1})


def test_multi_attribute_gsi_added_by_update_table(dynamodb, dynamodb_resource):
    # Every key attribute of the new index joins the table's definitions.
    with new_table(dynamodb, dynamodb_resource, [key('p', 'HASH')], [attr('p', S)]) as table:
        table.put_item(Item={'p': '1', 'a': 'x', 'b': 1, 'c': 'y', 'd': 2})
        dynamodb.update_table(TableName=table.name,
                              AttributeDefinitions=[attr('a', S), attr('b', N), attr('c', S), attr('d', N)],
                              GlobalSecondaryIndexUpdates=[{'Create': {
                                  'IndexName': 'abcd', 'Projection': {'ProjectionType': 'KEYS_ONLY'},
                                  'KeySchema': [key('a', 'HASH'), key('b', 'HASH'), key('c', 'RANGE'),
                                                key('d', 'RANGE')]}}])
        desc = wait_index(dynamodb, table.name, 'abcd', 'ACTIVE')
        assert sorted(d['AttributeName'] for d in desc['AttributeDefinitions']) == ['a', 'b', 'c', 'd', 'p']
        assert table.query(IndexName='abcd', KeyConditionExpression='a = :a AND b = :b',
                           ExpressionAttributeValues={':a': 'x', ':b': 1})['Count'] == 1
        # A later index may not give one of them another type.
        with expect_error('ValidationException', 'Attributes cannot be redefined'):
            dynamodb.update_table(TableName=table.name, AttributeDefinitions=[attr('b', S)],
                                  GlobalSecondaryIndexUpdates=[{'Create': {
                                      'IndexName': 'by_b', 'Projection': {'ProjectionType': 'ALL'},
                                      'KeySchema': [key('b', 'HASH')]}}])


def test_multi_attribute_key_schema_rules(dynamodb):
    defs = [attr('p', S)] + [attr('h%d' % i, S) for i in range(5)] + [attr('r%d' % i, S) for i in range(5)]

    def create(keys):
        name = random_string().lower() + '_multi'
        used = {k['AttributeName'] for k in keys} | {'p'}
        try:
            dynamodb.create_table(TableName=name, KeySchema=[key('p', 'HASH')], BillingMode='PAY_PER_REQUEST',
                                  AttributeDefinitions=[d for d in defs if d['AttributeName'] in used],
                                  GlobalSecondaryIndexes=[{'IndexName': 'gsi', 'KeySchema': keys,
                                                           'Projection': {'ProjectionType': 'ALL'}}])
        finally:
            try:
                dynamodb.delete_table(TableName=name)
            except Exception:
                pass
    with expect_error('ValidationException', 'All HASH key attributes must precede RANGE key attributes'):
        create([key('h0', 'HASH'), key('r0', 'RANGE'), key('h1', 'HASH')])
    with expect_error('ValidationException', 'maximum allowed number of HASH key attributes'):
        create([key('h%d' % i, 'HASH') for i in range(5)])
    with expect_error('ValidationException', 'maximum allowed number of RANGE key attributes'):
        create([key('h0', 'HASH')] + [key('r%d' % i, 'RANGE') for i in range(5)])
    with expect_error('ValidationException', 'The first KeySchemaElement is not a HASH key type'):
        create([key('r0', 'RANGE'), key('h0', 'HASH')])
    create([key('h%d' % i, 'HASH') for i in range(4)] + [key('r%d' % i, 'RANGE') for i in range(4)])


def test_index_key_size_limits(gsi_table, multi_table):
    # The key size limits hold for index keys as for table keys.
    with expect_error('ValidationException', 'Size of hashkey has exceeded the maximum size limit'):
        gsi_table.put_item(Item={'p': random_string(), 'c': 'c', 'z': 'x' * 2049})
    with expect_error('ValidationException', 'Aggregated size of all range keys has exceeded the size limit'):
        multi_table.put_item(Item={'p': random_string(), 'tournament': 't', 'area': 'a', 'round': 'r' * 1025,
                                   'score': 1})

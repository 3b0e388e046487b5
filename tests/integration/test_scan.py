# Scan: paging, Limit, parallel scan (Segment/TotalSegments), filters,
# Select, and errors.
# References: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html,
# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html#Scan.ParallelScan
# and scylladb test/alternator/test_scan.py.

import pytest

from helpers import create_table, delete_table, expect_error, full_scan, multiset, unique_table_name

N_PARTITIONS = 40


@pytest.fixture(scope='module')
def filled(dynamodb, dynamodb_resource):
    """A fresh table with 40 partitions, some with several sort keys."""
    name = unique_table_name()
    create_table(dynamodb, name,
                 [{'AttributeName': 'p', 'KeyType': 'HASH'}, {'AttributeName': 'c', 'KeyType': 'RANGE'}],
                 [{'AttributeName': 'p', 'AttributeType': 'S'}, {'AttributeName': 'c', 'AttributeType': 'S'}])
    table = dynamodb_resource.Table(name)
    items = []
    for i in range(N_PARTITIONS):
        for j in range(1 + i % 4):
            items.append({'p': 'p%02d' % i, 'c': 'c%d' % j, 'n': i * 10 + j, 'even': i % 2 == 0})
    with table.batch_writer() as batch:
        for item in items:
            batch.put_item(Item=item)
    yield table, items
    delete_table(dynamodb, name)


def test_scan_all(filled):
    table, items = filled
    got = full_scan(table, ConsistentRead=True)
    assert multiset(got) == multiset(items)


@pytest.mark.parametrize('limit', [1, 2, 7, 33, 1000])
def test_scan_limit_paging(filled, limit):
    table, items = filled
    got = []
    kwargs = {'Limit': limit, 'ConsistentRead': True}
    pages = 0
    while True:
        resp = table.scan(**kwargs)
        assert len(resp['Items']) <= limit
        assert resp['Count'] == len(resp['Items'])
        got.extend(resp['Items'])
        pages += 1
        if 'LastEvaluatedKey' not in resp:
            break
        assert set(resp['LastEvaluatedKey']) == {'p', 'c'}
        kwargs['ExclusiveStartKey'] = resp['LastEvaluatedKey']
        assert pages < 1000
    assert multiset(got) == multiset(items)
    if limit < len(items):
        assert pages > 1


def test_scan_sort_order_within_partition(filled):
    # Partitions come in hash order, but within a partition items are in sort-key order.
    table, items = filled
    got = full_scan(table, ConsistentRead=True)
    for p in {i['p'] for i in items}:
        cs = [i['c'] for i in got if i['p'] == p]
        assert cs == sorted(cs)
    # ...and a partition's items are contiguous.
    seen, last = set(), None
    for i in got:
        if i['p'] != last:
            assert i['p'] not in seen
            seen.add(i['p'])
            last = i['p']


def test_scan_paginator(dynamodb, filled):
    table, items = filled
    got = []
    for page in dynamodb.get_paginator('scan').paginate(TableName=table.name, PaginationConfig={'PageSize': 5}):
        got.extend(page['Items'])
    assert len(got) == len(items)


@pytest.mark.parametrize('total', [1, 2, 3, 17])
def test_parallel_scan(filled, total):
    table, items = filled
    segments = [full_scan(table, Segment=s, TotalSegments=total, ConsistentRead=True) for s in range(total)]
    union = [i for seg in segments for i in seg]
    # Every item is in exactly one segment.
    assert multiset(union) == multiset(items)
    # Items of one partition stay in one segment.
    for p in {i['p'] for i in items}:
        assert sum(1 for seg in segments if any(i['p'] == p for i in seg)) == 1


def test_parallel_scan_with_limit(filled):
    table, items = filled
    union = []
    for s in range(4):
        union.extend(full_scan(table, Segment=s, TotalSegments=4, Limit=3, ConsistentRead=True))
    assert multiset(union) == multiset(items)


@pytest.mark.parametrize('segment,total', [(2, 2), (7, 5), (0, 1000001), (-1, 2), (0, 0)])
def test_parallel_scan_bad_segments(filled, segment, total):
    # Segment must be in [0, TotalSegments), TotalSegments in [1, 1000000].
    table, _ = filled
    with expect_error('ValidationException', '(?i)segment'):
        table.scan(Segment=segment, TotalSegments=total)


def test_parallel_scan_segment_without_total(filled):
    table, _ = filled
    with expect_error('ValidationException'):
        table.scan(Segment=0)
    with expect_error('ValidationException'):
        table.scan(TotalSegments=2)


def test_scan_filter_and_counts(filled):
    table, items = filled
    resp = table.scan(FilterExpression='even = :t', ExpressionAttributeValues={':t': True}, ConsistentRead=True)
    got = resp['Items']
    while 'LastEvaluatedKey' in resp:
        resp = table.scan(FilterExpression='even = :t', ExpressionAttributeValues={':t': True}, ConsistentRead=True,
                          ExclusiveStartKey=resp['LastEvaluatedKey'])
        got.extend(resp['Items'])
    assert multiset(got) == multiset([i for i in items if i['even']])


def test_scan_select_count(filled):
    table, items = filled
    resp = table.scan(Select='COUNT', ConsistentRead=True)
    assert 'Items' not in resp
    assert resp['Count'] == len(items) and resp['ScannedCount'] == len(items)
    resp = table.scan(Select='COUNT', FilterExpression='n < :v', ExpressionAttributeValues={':v': 50})
    assert resp['Count'] == len([i for i in items if i['n'] < 50])
    assert resp['ScannedCount'] == len(items)


def test_scan_select_specific(filled):
    table, items = filled
    got = full_scan(table, Select='SPECIFIC_ATTRIBUTES', ProjectionExpression='n')
    assert sorted(i['n'] for i in got) == sorted(i['n'] for i in items)
    assert all(set(i) == {'n'} for i in got)
    with expect_error('ValidationException'):
        table.scan(Select='SPECIFIC_ATTRIBUTES')
    with expect_error('ValidationException'):
        table.scan(Select='ALL_PROJECTED_ATTRIBUTES')
    with expect_error('ValidationException', 'ProjectionExpression'):
        table.scan(Select='COUNT', ProjectionExpression='n')


@pytest.mark.parametrize('limit', [0, -5])
def test_scan_bad_limit(filled, limit):
    table, _ = filled
    with expect_error('ValidationException', 'limit'):
        table.scan(Limit=limit)


def test_scan_nonexistent_table(dynamodb):
    with expect_error('ResourceNotFoundException'):
        dynamodb.scan(TableName=unique_table_name())


def test_scan_empty_table(dynamodb, dynamodb_resource):
    from helpers import new_table
    with new_table(dynamodb, dynamodb_resource) as table:
        resp = table.scan()
        assert resp['Items'] == [] and resp['Count'] == 0 and resp['ScannedCount'] == 0
        assert 'LastEvaluatedKey' not in resp


def test_scan_exclusive_start_key_bad_schema(filled):
    table, _ = filled
    with expect_error('ValidationException'):
        table.scan(ExclusiveStartKey={'p': 'p01'})
    with expect_error('ValidationException'):
        table.scan(ExclusiveStartKey={'p': 'p01', 'c': 'c0', 'x': 'y'})


def test_scan_hash_only_number_table_paging(dynamodb, dynamodb_resource):
    from helpers import new_table
    with new_table(dynamodb, dynamodb_resource, [{'AttributeName': 'p', 'KeyType': 'HASH'}],
                   [{'AttributeName': 'p', 'AttributeType': 'N'}]) as table:
        items = [{'p': i, 's': str(i)} for i in range(23)]
        with table.batch_writer() as batch:
            for item in items:
                batch.put_item(Item=item)
        for limit in [1, 4, 30]:
            assert multiset(full_scan(table, Limit=limit, ConsistentRead=True)) == multiset(items)


def test_scan_binary_keys_paging(test_table_b):
    from helpers import random_bytes
    for _ in range(3):
        test_table_b.put_item(Item={'p': bytes(random_bytes())})
    resp = test_table_b.scan(Limit=1, ConsistentRead=True)
    assert 'LastEvaluatedKey' in resp
    resp2 = test_table_b.scan(Limit=1, ConsistentRead=True, ExclusiveStartKey=resp['LastEvaluatedKey'])
    assert resp2['Items'] != resp['Items']


def test_scan_one_megabyte_page(dynamodb, dynamodb_resource):
    from helpers import new_table
    with new_table(dynamodb, dynamodb_resource, [{'AttributeName': 'p', 'KeyType': 'HASH'}],
                   [{'AttributeName': 'p', 'AttributeType': 'S'}]) as table:
        big = 'x' * (100 * 1024)
        with table.batch_writer() as batch:
            for i in range(25):
                batch.put_item(Item={'p': 'k%02d' % i, 'data': big})
        resp = table.scan(ConsistentRead=True)
        assert 0 < len(resp['Items']) < 25 and 'LastEvaluatedKey' in resp
        assert len(full_scan(table, ConsistentRead=True)) == 25


def test_parallel_scan_start_key_must_lie_in_the_segment(filled):
    # Scylla's test_scan_parallel_with_exclusive_start_key, run against
    # DynamoDB, expects a ValidationException about the exclusive start key.
    table, items = filled
    first = table.scan(Segment=0, TotalSegments=2, Limit=1)
    key = first['LastEvaluatedKey']
    # The key a segment returned continues that segment...
    table.scan(Segment=0, TotalSegments=2, ExclusiveStartKey=key)
    # ...and belongs to no other.
    with expect_error('ValidationException', '^The provided Exclusive start key does not map to the provided '
                                             'Segment and TotalSegments values.$'):
        table.scan(Segment=1, TotalSegments=2, ExclusiveStartKey=key)

# FilterExpression on Scan and Query: every comparator and function,
# boolean logic, Count/ScannedCount, and the errors.
# References: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html#Scan.FilterExpression,
# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.FilterExpression.html
# and scylladb test/alternator/test_filter_expression.py.

from decimal import Decimal

import pytest

from helpers import create_table, delete_table, expect_error, full_query, full_scan, multiset, unique_table_name

ITEMS = [
    {'p': 'a', 'c': '1', 'n': 1, 's': 'apple', 'l': [1, 2], 'm': {'k': 'v1'}, 'ss': {'x', 'y'}, 'flag': True},
    {'p': 'a', 'c': '2', 'n': 2, 's': 'banana', 'l': [3], 'm': {'k': 'v2'}, 'ss': {'y'}, 'flag': False},
    {'p': 'a', 'c': '3', 'n': 3, 's': 'cherry', 'b': b'\x01\x02', 'nul': None},
    {'p': 'b', 'c': '1', 'n': Decimal('-1.5'), 's': 'apricot', 'l': []},
    {'p': 'b', 'c': '2', 's': '', 'ns': {1, 2, 3}},
    {'p': 'c', 'c': '1', 'n': 10, 'm': {'k': 'v1', 'deep': {'x': 1}}},
]


@pytest.fixture(scope='module')
def filled_table(dynamodb, dynamodb_resource):
    name = unique_table_name()
    create_table(dynamodb, name,
                 [{'AttributeName': 'p', 'KeyType': 'HASH'}, {'AttributeName': 'c', 'KeyType': 'RANGE'}],
                 [{'AttributeName': 'p', 'AttributeType': 'S'}, {'AttributeName': 'c', 'AttributeType': 'S'}])
    table = dynamodb_resource.Table(name)
    with table.batch_writer() as batch:
        for item in ITEMS:
            batch.put_item(Item=item)
    yield table
    delete_table(dynamodb, name)


def scan_filter(table, expr, values=None, names=None):
    kwargs = {'FilterExpression': expr, 'ConsistentRead': True}
    if values:
        kwargs['ExpressionAttributeValues'] = values
    if names:
        kwargs['ExpressionAttributeNames'] = names
    return full_scan(table, **kwargs)


def keys_of(items):
    return sorted((i['p'], i['c']) for i in items)


def expected_keys(pred):
    return sorted((i['p'], i['c']) for i in ITEMS if pred(i))


@pytest.mark.parametrize('expr,values,pred', [
    ('n = :v', {':v': 2}, lambda i: i.get('n') == 2),
    ('n <> :v', {':v': 2}, lambda i: i.get('n') != 2),
    ('n < :v', {':v': 2}, lambda i: 'n' in i and i['n'] < 2),
    ('n <= :v', {':v': 2}, lambda i: 'n' in i and i['n'] <= 2),
    ('n > :v', {':v': 2}, lambda i: 'n' in i and i['n'] > 2),
    ('n >= :v', {':v': 2}, lambda i: 'n' in i and i['n'] >= 2),
    ('s < :v', {':v': 'b'}, lambda i: 's' in i and i['s'] < 'b'),
    ('n BETWEEN :lo AND :hi', {':lo': 1, ':hi': 3}, lambda i: 'n' in i and 1 <= i['n'] <= 3),
    ('s BETWEEN :lo AND :hi', {':lo': 'apple', ':hi': 'b'}, lambda i: 's' in i and 'apple' <= i['s'] <= 'b'),
    ('n IN (:a, :b)', {':a': 1, ':b': 10}, lambda i: i.get('n') in (1, 10)),
    ('attribute_exists(l)', None, lambda i: 'l' in i),
    ('attribute_not_exists(n)', None, lambda i: 'n' not in i),
    ('attribute_exists(m.deep.x)', None, lambda i: 'deep' in i.get('m', {})),
    ('attribute_exists(nul)', None, lambda i: 'nul' in i),
    ('attribute_type(n, :t)', {':t': 'N'}, lambda i: 'n' in i),
    ('attribute_type(m, :t)', {':t': 'M'}, lambda i: 'm' in i),
    ('attribute_type(l, :t)', {':t': 'L'}, lambda i: 'l' in i),
    ('attribute_type(flag, :t)', {':t': 'BOOL'}, lambda i: 'flag' in i),
    ('attribute_type(b, :t)', {':t': 'B'}, lambda i: 'b' in i),
    ('attribute_type(ns, :t)', {':t': 'NS'}, lambda i: 'ns' in i),
    ('begins_with(s, :v)', {':v': 'ap'}, lambda i: i.get('s', '').startswith('ap')),
    ('begins_with(b, :v)', {':v': b'\x01'}, lambda i: 'b' in i),
    ('contains(s, :v)', {':v': 'an'}, lambda i: 'an' in i.get('s', '')),
    ('contains(ss, :v)', {':v': 'y'}, lambda i: 'y' in i.get('ss', set())),
    ('contains(l, :v)', {':v': 3}, lambda i: 3 in i.get('l', [])),
    ('contains(ns, :v)', {':v': 2}, lambda i: 2 in i.get('ns', set())),
    ('size(s) > :v', {':v': 5}, lambda i: len(i.get('s', '')) > 5),
    ('size(l) = :v', {':v': 0}, lambda i: 'l' in i and len(i['l']) == 0),
    ('size(ss) = :v', {':v': 2}, lambda i: len(i.get('ss', ())) == 2),
    ('size(m) = :v', {':v': 2}, lambda i: len(i.get('m', {})) == 2),
    ('size(s) = :v', {':v': 0}, lambda i: i.get('s') == ''),
    ('m.k = :v', {':v': 'v1'}, lambda i: i.get('m', {}).get('k') == 'v1'),
    ('l[0] = :v', {':v': 3}, lambda i: i.get('l', [None])[:1] == [3]),
    ('flag = :v', {':v': True}, lambda i: i.get('flag') is True),
    ('nul = :v', {':v': None}, lambda i: 'nul' in i),
    ('n > :v AND begins_with(s, :w)', {':v': 0, ':w': 'b'},
     lambda i: 'n' in i and i['n'] > 0 and i.get('s', '').startswith('b')),
    ('n = :v OR attribute_exists(ns)', {':v': 10}, lambda i: i.get('n') == 10 or 'ns' in i),
    ('NOT attribute_exists(n)', None, lambda i: 'n' not in i),
    ('NOT (n < :v OR n > :w)', {':v': 2, ':w': 3}, lambda i: 'n' in i and 2 <= i['n'] <= 3 or 'n' not in i),
    # Key attributes can be used in a Scan filter.
    ('p = :v', {':v': 'a'}, lambda i: i['p'] == 'a'),
    ('c > :v AND p <> :w', {':v': '1', ':w': 'a'}, lambda i: i['c'] > '1' and i['p'] != 'a'),
])
def test_scan_filter(filled_table, expr, values, pred):
    assert keys_of(scan_filter(filled_table, expr, values)) == expected_keys(pred)


def test_scan_filter_counts(filled_table):
    resp = filled_table.scan(FilterExpression='n > :v', ExpressionAttributeValues={':v': 1}, ConsistentRead=True)
    # ScannedCount counts items read before the filter; Count those returned.
    assert resp['ScannedCount'] == len(ITEMS)
    assert resp['Count'] == len(resp['Items']) == len([i for i in ITEMS if i.get('n', 0) > 1])


def test_scan_filter_with_limit(filled_table):
    # Limit bounds the number of items *scanned*, before filtering.
    resp = filled_table.scan(Limit=2, FilterExpression='n = :v', ExpressionAttributeValues={':v': 10},
                             ConsistentRead=True)
    assert resp['ScannedCount'] == 2
    assert resp['Count'] <= 2
    assert 'LastEvaluatedKey' in resp
    # Paging through finds the one match eventually.
    got = full_scan(filled_table, Limit=2, FilterExpression='n = :v', ExpressionAttributeValues={':v': 10},
                    ConsistentRead=True)
    assert keys_of(got) == [('c', '1')]


def test_query_filter(filled_table):
    resp = filled_table.query(KeyConditionExpression='p = :p', FilterExpression='n >= :v',
                              ExpressionAttributeValues={':p': 'a', ':v': 2}, ConsistentRead=True)
    assert [i['c'] for i in resp['Items']] == ['2', '3']
    assert resp['Count'] == 2
    assert resp['ScannedCount'] == 3


def test_query_filter_select_count(filled_table):
    resp = filled_table.query(KeyConditionExpression='p = :p', FilterExpression='n >= :v', Select='COUNT',
                              ExpressionAttributeValues={':p': 'a', ':v': 2}, ConsistentRead=True)
    assert 'Items' not in resp
    assert resp['Count'] == 2 and resp['ScannedCount'] == 3


def test_query_filter_on_key_attribute_rejected(filled_table):
    # "Filter Expression can only contain non-primary key attributes: Primary key attribute: c"
    with expect_error('ValidationException', 'Filter Expression can only contain non-primary key attributes'):
        full_query(filled_table, KeyConditionExpression='p = :p', FilterExpression='c > :v',
                   ExpressionAttributeValues={':p': 'a', ':v': '1'})
    with expect_error('ValidationException', 'non-primary key attributes'):
        full_query(filled_table, KeyConditionExpression='p = :p', FilterExpression='p = :p',
                   ExpressionAttributeValues={':p': 'a'})


def test_filter_with_names(filled_table):
    got = scan_filter(filled_table, '#n = :v AND #m.#k = :k', {':v': 1, ':k': 'v1'},
                      {'#n': 'n', '#m': 'm', '#k': 'k'})
    assert keys_of(got) == [('a', '1')]


def test_filter_type_mismatch_is_false(filled_table):
    assert scan_filter(filled_table, 'n = :v', {':v': '1'}) == []
    assert scan_filter(filled_table, 's > :v', {':v': 1}) == []


@pytest.mark.parametrize('expr', ['n = ', 'n = :v AND', 'n BETWEEN :v', 'unknown_function(n)',
                                  'size(n)', 'n', '(n = :v'])
def test_filter_syntax_errors(filled_table, expr):
    with expect_error('ValidationException', 'FilterExpression'):
        scan_filter(filled_table, expr, {':v': 1} if ':v' in expr else None)


def test_filter_empty_expression(filled_table):
    with expect_error('ValidationException'):
        filled_table.scan(FilterExpression='')


def test_filter_and_scan_filter_together(filled_table):
    with expect_error('ValidationException', 'both expression and non-expression'):
        filled_table.scan(FilterExpression='n = :v', ExpressionAttributeValues={':v': 1},
                          ScanFilter={'n': {'AttributeValueList': [1], 'ComparisonOperator': 'EQ'}})


def test_filter_contains_errors(filled_table):
    # The functions need paths where paths are expected.
    with expect_error('ValidationException'):
        scan_filter(filled_table, 'attribute_exists(:v)', {':v': 1})
    with expect_error('ValidationException'):
        scan_filter(filled_table, 'begins_with(s)')


def test_filter_all_items_returned_multiset(filled_table):
    got = full_scan(filled_table, ConsistentRead=True)
    assert multiset(got) == multiset(ITEMS)

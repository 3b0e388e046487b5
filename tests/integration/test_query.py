# Query: KeyConditionExpression on S, N and B sort keys, ordering,
# ScanIndexForward, Limit and paging (including the 1 MB page limit),
# Select, and errors.
# References: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html,
# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html
# and scylladb test/alternator/test_query.py, test_key_condition_expression.py.

from decimal import Decimal

import pytest

from helpers import expect_error, full_query, random_string

NUMBERS = [Decimal('-10'), Decimal('-2'), Decimal('0'), Decimal('1.5'), Decimal('10'), Decimal('100'),
           Decimal('1e20'), Decimal('-1e-5')]
STRINGS = ['', 'a', 'aa', 'ab', 'abc', 'b', 'ba', 'B', 'Z', '\u00e9', 'a b']
BINARIES = [b'\x00', b'\x00\x00', b'\x01', b'\x7f', b'\x80', b'\xff', b'\xff\x00', b'a', b'ab']


@pytest.fixture
def number_partition(test_table_sn):
    p = random_string()
    with test_table_sn.batch_writer() as batch:
        for n in NUMBERS:
            batch.put_item(Item={'p': p, 'c': n, 'v': str(n)})
    return p


@pytest.fixture
def string_partition(test_table):
    p = random_string()
    with test_table.batch_writer() as batch:
        for s in STRINGS:
            if s:  # empty strings are not valid key values
                batch.put_item(Item={'p': p, 'c': s})
    return p


@pytest.fixture
def binary_partition(test_table_sb):
    p = random_string()
    with test_table_sb.batch_writer() as batch:
        for b in BINARIES:
            batch.put_item(Item={'p': p, 'c': b})
    return p


def q(table, p, cond=None, values=None, **kwargs):
    vals = {':p': p}
    vals.update(values or {})
    expr = 'p = :p' + (' AND ' + cond if cond else '')
    return full_query(table, KeyConditionExpression=expr, ExpressionAttributeValues=vals, ConsistentRead=True,
                      **kwargs)


# ---------------------------------------------------------------- number sort keys

def test_number_order(test_table_sn, number_partition):
    got = [i['c'] for i in q(test_table_sn, number_partition)]
    # Numeric order, not string order: -10 < -2 < -0.00001 < 0 < 1.5 < 10 < 100 < 1e20
    assert got == sorted(NUMBERS)


def test_number_order_reverse(test_table_sn, number_partition):
    got = [i['c'] for i in q(test_table_sn, number_partition, ScanIndexForward=False)]
    assert got == sorted(NUMBERS, reverse=True)


@pytest.mark.parametrize('cond,values,pred', [
    ('c = :v', {':v': Decimal('1.5')}, lambda n: n == Decimal('1.5')),
    ('c < :v', {':v': 0}, lambda n: n < 0),
    ('c <= :v', {':v': 0}, lambda n: n <= 0),
    ('c > :v', {':v': Decimal('1.5')}, lambda n: n > Decimal('1.5')),
    ('c >= :v', {':v': Decimal('1.5')}, lambda n: n >= Decimal('1.5')),
    ('c BETWEEN :a AND :b', {':a': -2, ':b': 10}, lambda n: -2 <= n <= 10),
    ('c BETWEEN :a AND :b', {':a': 3, ':b': 3}, lambda n: n == 3),
    ('c > :v', {':v': Decimal('1e30')}, lambda n: False),
])
def test_number_conditions(test_table_sn, number_partition, cond, values, pred):
    got = [i['c'] for i in q(test_table_sn, number_partition, cond, values)]
    assert got == [n for n in sorted(NUMBERS) if pred(n)]


def test_number_begins_with_rejected(test_table_sn, number_partition):
    # "Invalid KeyConditionExpression: Incorrect operand type for operator or
    # function; operator or function: begins_with, operand type: N"
    with expect_error('ValidationException', 'begins_with'):
        q(test_table_sn, number_partition, 'begins_with(c, :v)', {':v': 1})


# ---------------------------------------------------------------- string sort keys

def test_string_order(test_table, string_partition):
    # Strings sort by their UTF-8 bytes: 'B' < 'Z' < 'a' < ... < '\u00e9'.
    got = [i['c'] for i in q(test_table, string_partition)]
    expected = sorted((s for s in STRINGS if s), key=lambda s: s.encode('utf-8'))
    assert got == expected


@pytest.mark.parametrize('cond,values,pred', [
    ('c = :v', {':v': 'ab'}, lambda s: s == 'ab'),
    ('c < :v', {':v': 'ab'}, lambda s: s.encode() < b'ab'),
    ('c <= :v', {':v': 'ab'}, lambda s: s.encode() <= b'ab'),
    ('c > :v', {':v': 'ab'}, lambda s: s.encode() > b'ab'),
    ('c >= :v', {':v': 'ab'}, lambda s: s.encode() >= b'ab'),
    ('c BETWEEN :a AND :b', {':a': 'aa', ':b': 'b'}, lambda s: b'aa' <= s.encode() <= b'b'),
    ('begins_with(c, :v)', {':v': 'a'}, lambda s: s.startswith('a')),
    ('begins_with(c, :v)', {':v': 'ab'}, lambda s: s.startswith('ab')),
    ('begins_with(c, :v)', {':v': 'zzz'}, lambda s: False),
    ('begins_with(c, :v)', {':v': '\u00e9'}, lambda s: s.startswith('\u00e9')),
])
def test_string_conditions(test_table, string_partition, cond, values, pred):
    got = [i['c'] for i in q(test_table, string_partition, cond, values)]
    assert got == [s for s in sorted((s for s in STRINGS if s), key=lambda s: s.encode()) if pred(s)]


def test_string_begins_with_reverse(test_table, string_partition):
    got = [i['c'] for i in q(test_table, string_partition, 'begins_with(c, :v)', {':v': 'a'},
                             ScanIndexForward=False)]
    assert got == ['abc', 'ab', 'aa', 'a b', 'a']


# ---------------------------------------------------------------- binary sort keys

def test_binary_order_unsigned(test_table_sb, binary_partition):
    got = [bytes(i['c'].value) for i in q(test_table_sb, binary_partition)]
    # Bytes compare as unsigned: 0x7f < 0x80 < 0xff.
    assert got == sorted(BINARIES)


@pytest.mark.parametrize('cond,values,pred', [
    ('c < :v', {':v': b'\x80'}, lambda b: b < b'\x80'),
    ('c >= :v', {':v': b'\x80'}, lambda b: b >= b'\x80'),
    ('c BETWEEN :a AND :b', {':a': b'\x01', ':b': b'\xff'}, lambda b: b'\x01' <= b <= b'\xff'),
    ('begins_with(c, :v)', {':v': b'\xff'}, lambda b: b.startswith(b'\xff')),
    ('begins_with(c, :v)', {':v': b'\x00'}, lambda b: b.startswith(b'\x00')),
])
def test_binary_conditions(test_table_sb, binary_partition, cond, values, pred):
    got = [bytes(i['c'].value) for i in q(test_table_sb, binary_partition, cond, values)]
    assert got == [b for b in sorted(BINARIES) if pred(b)]


# ---------------------------------------------------------------- basics

def test_query_hash_only_table(test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'a': 1})
    got = test_table_s.query(KeyConditionExpression='p = :p', ExpressionAttributeValues={':p': p})
    assert got['Items'] == [{'p': p, 'a': 1}]
    assert got['Count'] == 1 and got['ScannedCount'] == 1


def test_query_empty_partition(test_table):
    resp = test_table.query(KeyConditionExpression='p = :p', ExpressionAttributeValues={':p': random_string()})
    assert resp['Items'] == [] and resp['Count'] == 0
    assert 'LastEvaluatedKey' not in resp


def test_query_only_its_partition(test_table):
    p1, p2 = random_string(), random_string()
    test_table.put_item(Item={'p': p1, 'c': 'x'})
    test_table.put_item(Item={'p': p2, 'c': 'x'})
    assert q(test_table, p1) == [{'p': p1, 'c': 'x'}]


@pytest.mark.parametrize('expr', ['c > :c AND p = :p', '(p = :p) AND (c > :c)', 'p=:p and c>:c',
                                  '#p = :p AND #c > :c'])
def test_key_condition_forms(test_table, string_partition, expr):
    names = {'#p': 'p', '#c': 'c'} if '#' in expr else None
    kwargs = {'KeyConditionExpression': expr, 'ExpressionAttributeValues': {':p': string_partition, ':c': 'b'},
              'ConsistentRead': True}
    if names:
        kwargs['ExpressionAttributeNames'] = names
    got = [i['c'] for i in full_query(test_table, **kwargs)]
    assert got == ['ba', '\u00e9']


# ---------------------------------------------------------------- paging

@pytest.mark.parametrize('limit', [1, 2, 3, 7, 100])
def test_limit_paging(test_table_sn, number_partition, limit):
    pages = []
    kwargs = {'KeyConditionExpression': 'p = :p', 'ExpressionAttributeValues': {':p': number_partition},
              'Limit': limit, 'ConsistentRead': True}
    while True:
        resp = test_table_sn.query(**kwargs)
        assert len(resp['Items']) <= limit
        assert resp['Count'] == len(resp['Items'])
        pages.append([i['c'] for i in resp['Items']])
        if 'LastEvaluatedKey' not in resp:
            break
        lek = resp['LastEvaluatedKey']
        # LastEvaluatedKey is the key of the last item returned.
        assert lek == {'p': number_partition, 'c': resp['Items'][-1]['c']}
        kwargs['ExclusiveStartKey'] = lek
        assert len(pages) < 50
    assert [n for page in pages for n in page] == sorted(NUMBERS)
    if limit < len(NUMBERS):
        assert len(pages) > 1


def test_paging_reverse(test_table_sn, number_partition):
    got = [i['c'] for i in q(test_table_sn, number_partition, Limit=3, ScanIndexForward=False)]
    assert got == sorted(NUMBERS, reverse=True)


def test_paging_with_condition(test_table_sn, number_partition):
    got = [i['c'] for i in q(test_table_sn, number_partition, 'c >= :v', {':v': 0}, Limit=2)]
    assert got == [n for n in sorted(NUMBERS) if n >= 0]


def test_exclusive_start_key_of_deleted_item(test_table_sn, number_partition):
    # The start key need not exist: paging continues after its position.
    resp = test_table_sn.query(KeyConditionExpression='p = :p', ExpressionAttributeValues={':p': number_partition},
                               ExclusiveStartKey={'p': number_partition, 'c': Decimal('0.5')}, ConsistentRead=True)
    assert [i['c'] for i in resp['Items']] == [n for n in sorted(NUMBERS) if n > Decimal('0.5')]


def test_paging_binary_keys(test_table_sb, binary_partition):
    got = [bytes(i['c'].value) for i in q(test_table_sb, binary_partition, Limit=2)]
    assert got == sorted(BINARIES)


def test_one_megabyte_page_limit(dynamodb, dynamodb_resource):
    # A Query page holds at most 1 MB of data; LastEvaluatedKey then points
    # to the last item returned. ~2.5 MB in one partition needs >= 3 pages.
    from helpers import new_table
    with new_table(dynamodb, dynamodb_resource) as table:
        big = 'x' * (100 * 1024)
        n_items = 25
        with table.batch_writer() as batch:
            for i in range(n_items):
                batch.put_item(Item={'p': 'big', 'c': '%03d' % i, 'data': big})
        kwargs = {'KeyConditionExpression': 'p = :p', 'ExpressionAttributeValues': {':p': 'big'},
                  'ConsistentRead': True}
        resp = table.query(**kwargs)
        first = resp['Items']
        assert 0 < len(first) < n_items
        assert len(first) * len(big) <= 1024 * 1024 + len(big)
        assert 'LastEvaluatedKey' in resp
        got = [i['c'] for i in full_query(table, **kwargs)]
        assert got == ['%03d' % i for i in range(n_items)]
        # Select=COUNT pages the same way (the limit is on data read).
        resp = table.query(Select='COUNT', **kwargs)
        assert resp['Count'] < n_items and 'LastEvaluatedKey' in resp


# ---------------------------------------------------------------- Select

def test_select(test_table_sn, number_partition):
    base = {'KeyConditionExpression': 'p = :p', 'ExpressionAttributeValues': {':p': number_partition},
            'ConsistentRead': True}
    resp = test_table_sn.query(Select='COUNT', **base)
    assert 'Items' not in resp
    assert resp['Count'] == len(NUMBERS) and resp['ScannedCount'] == len(NUMBERS)
    resp = test_table_sn.query(Select='ALL_ATTRIBUTES', **base)
    assert resp['Items'][0] == {'p': number_partition, 'c': sorted(NUMBERS)[0], 'v': str(sorted(NUMBERS)[0])}
    resp = test_table_sn.query(Select='SPECIFIC_ATTRIBUTES', ProjectionExpression='v', **base)
    assert resp['Items'][0] == {'v': str(sorted(NUMBERS)[0])}


def test_select_errors(test_table_sn, number_partition):
    base = {'KeyConditionExpression': 'p = :p', 'ExpressionAttributeValues': {':p': number_partition}}
    # SPECIFIC_ATTRIBUTES needs a projection.
    with expect_error('ValidationException'):
        test_table_sn.query(Select='SPECIFIC_ATTRIBUTES', **base)
    # ALL_PROJECTED_ATTRIBUTES only with an index.
    with expect_error('ValidationException'):
        test_table_sn.query(Select='ALL_PROJECTED_ATTRIBUTES', **base)
    with expect_error('ValidationException'):
        test_table_sn.query(Select='UNKNOWN', **base)
    # A projection contradicts Select=ALL_ATTRIBUTES / COUNT.
    with expect_error('ValidationException', 'ProjectionExpression'):
        test_table_sn.query(Select='COUNT', ProjectionExpression='v', **base)
    with expect_error('ValidationException', 'ProjectionExpression'):
        test_table_sn.query(Select='ALL_ATTRIBUTES', ProjectionExpression='v', **base)


# ---------------------------------------------------------------- errors

def query_error(table, expr, values, names=None, **kwargs):
    kw = {'KeyConditionExpression': expr, 'ExpressionAttributeValues': values}
    if names:
        kw['ExpressionAttributeNames'] = names
    kw.update(kwargs)
    return table.query(**kw)


def test_missing_key_condition(test_table):
    # "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."
    with expect_error('ValidationException', 'KeyConditions or KeyConditionExpression'):
        test_table.query()


def test_missing_hash_key_condition(test_table):
    # "Query condition missed key schema element: p"
    with expect_error('ValidationException', 'Query condition missed key schema element: p'):
        query_error(test_table, 'c = :c', {':c': 'x'})


def test_condition_on_non_key_attribute(test_table):
    with expect_error('ValidationException'):
        query_error(test_table, 'p = :p AND x = :x', {':p': 'a', ':x': 'b'})
    with expect_error('ValidationException', 'Query condition missed key schema element'):
        query_error(test_table, 'x = :x', {':x': 'b'})


def test_hash_key_inequality(test_table):
    # "Query key condition not supported"
    with expect_error('ValidationException', 'Query key condition not supported'):
        query_error(test_table, 'p > :p', {':p': 'a'})
    with expect_error('ValidationException'):
        query_error(test_table, 'begins_with(p, :p)', {':p': 'a'})


def test_or_and_not_rejected(test_table):
    # "Invalid operator used in KeyConditionExpression: OR"
    with expect_error('ValidationException', 'KeyConditionExpression'):
        query_error(test_table, 'p = :p OR c = :c', {':p': 'a', ':c': 'b'})
    with expect_error('ValidationException', 'KeyConditionExpression'):
        query_error(test_table, 'p = :p AND NOT c = :c', {':p': 'a', ':c': 'b'})
    with expect_error('ValidationException', 'KeyConditionExpression'):
        query_error(test_table, 'p = :p AND c IN (:c)', {':p': 'a', ':c': 'b'})
    with expect_error('ValidationException', 'KeyConditionExpression'):
        query_error(test_table, 'p = :p AND c <> :c', {':p': 'a', ':c': 'b'})
    with expect_error('ValidationException', 'KeyConditionExpression'):
        query_error(test_table, 'p = :p AND attribute_exists(c)', {':p': 'a'})


def test_two_conditions_on_one_key(test_table):
    # "KeyConditionExpressions must only contain one condition per key"
    with expect_error('ValidationException', 'one condition per key'):
        query_error(test_table, 'p = :p AND c > :a AND c < :b', {':p': 'a', ':a': 'b', ':b': 'c'})
    with expect_error('ValidationException'):
        query_error(test_table, 'p = :p AND p = :p', {':p': 'a'})


def test_key_condition_type_mismatch(test_table_sn):
    # "One or more parameter values were invalid: Condition parameter type does not match schema type"
    with expect_error('ValidationException', 'Condition parameter type does not match schema type'):
        query_error(test_table_sn, 'p = :p', {':p': 3})
    with expect_error('ValidationException', 'Condition parameter type does not match schema type'):
        query_error(test_table_sn, 'p = :p AND c > :c', {':p': 'a', ':c': 'x'})


def test_key_condition_between_reversed(test_table_sn):
    with expect_error('ValidationException', 'BETWEEN'):
        query_error(test_table_sn, 'p = :p AND c BETWEEN :a AND :b', {':p': 'a', ':a': 10, ':b': 1})


def test_key_condition_syntax_error(test_table):
    with expect_error('ValidationException', 'KeyConditionExpression'):
        query_error(test_table, 'p = ', {':p': 'a'})
    with expect_error('ValidationException', 'KeyConditionExpression'):
        query_error(test_table, '', {':p': 'a'})


def test_key_condition_empty_string_hash(test_table):
    with expect_error('ValidationException'):
        query_error(test_table, 'p = :p', {':p': ''})


def test_query_nonexistent_table(dynamodb):
    from helpers import unique_table_name
    with expect_error('ResourceNotFoundException'):
        dynamodb.query(TableName=unique_table_name(), KeyConditionExpression='p = :p',
                       ExpressionAttributeValues={':p': {'S': 'x'}})


@pytest.mark.parametrize('limit', [0, -1])
def test_bad_limit(test_table, limit):
    with expect_error('ValidationException', 'limit'):
        query_error(test_table, 'p = :p', {':p': 'a'}, Limit=limit)


def test_exclusive_start_key_wrong_partition(test_table_sn, number_partition):
    with expect_error('ValidationException'):
        query_error(test_table_sn, 'p = :p', {':p': number_partition},
                    ExclusiveStartKey={'p': 'other' + number_partition, 'c': 1})


def test_exclusive_start_key_bad_schema(test_table_sn, number_partition):
    with expect_error('ValidationException'):
        query_error(test_table_sn, 'p = :p', {':p': number_partition}, ExclusiveStartKey={'p': number_partition})
    with expect_error('ValidationException'):
        query_error(test_table_sn, 'p = :p', {':p': number_partition},
                    ExclusiveStartKey={'p': number_partition, 'c': 'notanumber'})


def test_select_count_with_limit(test_table_sn, number_partition):
    resp = test_table_sn.query(KeyConditionExpression='p = :p', ExpressionAttributeValues={':p': number_partition},
                               Select='COUNT', Limit=3, ConsistentRead=True)
    assert resp['Count'] == 3 and resp['ScannedCount'] == 3
    assert 'LastEvaluatedKey' in resp


def test_query_number_hash_table(test_table_n):
    test_table_n.put_item(Item={'p': Decimal('123.5'), 'a': 'x'})
    resp = test_table_n.query(KeyConditionExpression='p = :p', ExpressionAttributeValues={':p': Decimal('123.50')},
                              ConsistentRead=True)
    assert resp['Items'] == [{'p': Decimal('123.5'), 'a': 'x'}]


def test_query_limit_exactly_all_items(test_table_sn, number_partition):
    # With Limit == number of items, the page may or may not carry a
    # LastEvaluatedKey; if it does, the next page is empty.
    resp = test_table_sn.query(KeyConditionExpression='p = :p', ExpressionAttributeValues={':p': number_partition},
                               Limit=len(NUMBERS), ConsistentRead=True)
    assert len(resp['Items']) == len(NUMBERS)
    if 'LastEvaluatedKey' in resp:
        resp = test_table_sn.query(KeyConditionExpression='p = :p',
                                   ExpressionAttributeValues={':p': number_partition},
                                   ExclusiveStartKey=resp['LastEvaluatedKey'], ConsistentRead=True)
        assert resp['Items'] == [] and 'LastEvaluatedKey' not in resp

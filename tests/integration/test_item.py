# Single-item operations: PutItem, GetItem, DeleteItem, UpdateItem basics,
# attribute types, key validation, item size, numbers, sets, ReturnValues and
# ReturnConsumedCapacity.
# References: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html,
# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html (400 KB),
# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
# and scylladb test/alternator/test_item.py, test_number.py, test_returnvalues.py,
# test_returnconsumedcapacity.py.

from decimal import Decimal

import pytest

from helpers import expect_error, random_bytes, random_string, unique_table_name

KB = 1024


def S(v):
    return {'S': v}


def N(v):
    return {'N': str(v)}


def key2(p, c):
    return {'p': S(p), 'c': S(c)}


# ---------------------------------------------------------------- basics

def test_put_get(dynamodb, test_table):
    p, c = random_string(), random_string()
    dynamodb.put_item(TableName=test_table.name, Item={'p': S(p), 'c': S(c), 'a': S('hello'), 'b': N(3)})
    got = dynamodb.get_item(TableName=test_table.name, Key=key2(p, c), ConsistentRead=True)
    assert got['Item'] == {'p': S(p), 'c': S(c), 'a': S('hello'), 'b': N(3)}


def test_get_missing_item(dynamodb, test_table):
    got = dynamodb.get_item(TableName=test_table.name, Key=key2(random_string(), random_string()),
                            ConsistentRead=True)
    # "If there is no matching item, GetItem does not return any data and
    # there will be no Item element in the response."
    assert 'Item' not in got


def test_put_replaces_whole_item(test_table):
    p, c = random_string(), random_string()
    test_table.put_item(Item={'p': p, 'c': c, 'a': 1, 'b': 2})
    test_table.put_item(Item={'p': p, 'c': c, 'z': 3})
    assert test_table.get_item(Key={'p': p, 'c': c}, ConsistentRead=True)['Item'] == {'p': p, 'c': c, 'z': 3}


def test_put_key_only_item(test_table):
    p, c = random_string(), random_string()
    test_table.put_item(Item={'p': p, 'c': c})
    assert test_table.get_item(Key={'p': p, 'c': c}, ConsistentRead=True)['Item'] == {'p': p, 'c': c}


def test_delete_item(test_table):
    p, c = random_string(), random_string()
    test_table.put_item(Item={'p': p, 'c': c, 'a': 'x'})
    resp = test_table.delete_item(Key={'p': p, 'c': c})
    assert 'Attributes' not in resp
    assert 'Item' not in test_table.get_item(Key={'p': p, 'c': c}, ConsistentRead=True)


def test_delete_missing_item_succeeds(test_table):
    test_table.delete_item(Key={'p': random_string(), 'c': random_string()})


def test_update_creates_item(test_table):
    p, c = random_string(), random_string()
    test_table.update_item(Key={'p': p, 'c': c}, UpdateExpression='SET a = :v',
                           ExpressionAttributeValues={':v': 'x'})
    assert test_table.get_item(Key={'p': p, 'c': c}, ConsistentRead=True)['Item'] == {'p': p, 'c': c, 'a': 'x'}


def test_update_without_expression_creates_empty_item(test_table):
    # UpdateItem with no update at all still creates the (key-only) item.
    p, c = random_string(), random_string()
    test_table.update_item(Key={'p': p, 'c': c})
    assert test_table.get_item(Key={'p': p, 'c': c}, ConsistentRead=True)['Item'] == {'p': p, 'c': c}


def test_only_hash_key(test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'hello': 'world'})
    test_table_s.update_item(Key={'p': p}, UpdateExpression='SET hi = :v', ExpressionAttributeValues={':v': 'there'})
    assert test_table_s.get_item(Key={'p': p}, ConsistentRead=True)['Item'] == {'p': p, 'hello': 'world', 'hi': 'there'}


def test_number_hash_key(test_table_n):
    for n in [Decimal('1'), Decimal('-3.5'), Decimal('1e20'), Decimal('0')]:
        test_table_n.put_item(Item={'p': n, 'v': str(n)})
        assert test_table_n.get_item(Key={'p': n}, ConsistentRead=True)['Item'] == {'p': n, 'v': str(n)}


def test_number_key_equivalent_forms(dynamodb, test_table_n):
    # 1, 1.0 and 10E-1 are the same number, hence the same key.
    dynamodb.put_item(TableName=test_table_n.name, Item={'p': N('17.0'), 'v': S('a')})
    for form in ['17', '17.000', '1.7E1', '170e-1']:
        got = dynamodb.get_item(TableName=test_table_n.name, Key={'p': N(form)}, ConsistentRead=True)
        assert got['Item'] == {'p': N('17'), 'v': S('a')}


@pytest.mark.parametrize('length', range(10, 18))
def test_binary_hash_key(test_table_b, length):
    # Base64 has different padding depending on len % 3.
    p = bytes(random_bytes(length))
    test_table_b.put_item(Item={'p': p, 'a': 'x'})
    item = test_table_b.get_item(Key={'p': p}, ConsistentRead=True)['Item']
    assert item['p'].value == p and item['a'] == 'x'


def test_binary_sort_key(test_table_sb):
    p, c = random_string(), bytes(random_bytes())
    test_table_sb.put_item(Item={'p': p, 'c': c, 'a': 'x'})
    assert test_table_sb.get_item(Key={'p': p, 'c': c}, ConsistentRead=True)['Item']['a'] == 'x'


def test_all_attribute_types_round_trip(test_table):
    p, c = random_string(), random_string()
    values = [
        Decimal('12.345'), 42, -7, True, False, b'xyz', b'', None, '', 'unicode \u05d0\u2603\U0001f600',
        ['hello', 'world', 42], [], {}, {'hello': 'world', 'life': 42},
        {'hello': {'test': 'hi', 'hello': True, 'list': [1, 2, 'hi', None, {'deep': [b'bin']}]}},
        {'a', 'b', 'c'}, {1, 42, Decimal('3.14')}, {b'xyz', b'hi'},
    ]
    item = {'a%d' % i: v for i, v in enumerate(values)}
    item.update({'p': p, 'c': c})
    test_table.put_item(Item=item)
    got = test_table.get_item(Key={'p': p, 'c': c}, ConsistentRead=True)['Item']
    assert set(got) == set(item)
    for k, v in item.items():
        g = got[k]
        if isinstance(v, bytes):
            assert g.value == v, k
        elif isinstance(v, set) and v and isinstance(next(iter(v)), bytes):
            assert {b.value for b in g} == v
        else:
            assert g == v, k


def test_low_level_types_round_trip(dynamodb, test_table_s):
    p = random_string()
    item = {'p': S(p), 'null': {'NULL': True}, 'bool': {'BOOL': False}, 'b': {'B': b'\x00\xff\x10'},
            'l': {'L': [S('a'), N(1), {'M': {'x': {'SS': ['q']}}}]}, 'm': {'M': {}},
            'ns': {'NS': ['1', '2']}, 'bs': {'BS': [b'\x01', b'\x02']}}
    dynamodb.put_item(TableName=test_table_s.name, Item=item)
    got = dynamodb.get_item(TableName=test_table_s.name, Key={'p': S(p)}, ConsistentRead=True)['Item']
    assert got['null'] == {'NULL': True}
    assert got['bool'] == {'BOOL': False}
    assert got['b'] == {'B': b'\x00\xff\x10'}
    assert got['l'] == item['l']
    assert got['m'] == {'M': {}}
    assert sorted(got['ns']['NS']) == ['1', '2']
    assert sorted(got['bs']['BS']) == [b'\x01', b'\x02']


def test_large_attribute_name_and_many_attributes(test_table_s):
    p = random_string()
    item = {'p': p, 'x' * 255: 'long name'}
    item.update({'attr%d' % i: i for i in range(300)})
    test_table_s.put_item(Item=item)
    assert test_table_s.get_item(Key={'p': p}, ConsistentRead=True)['Item'] == item


def test_nonexistent_table(dynamodb):
    name = unique_table_name()
    with expect_error('ResourceNotFoundException', 'Requested resource not found'):
        dynamodb.put_item(TableName=name, Item={'p': S('x')})
    with expect_error('ResourceNotFoundException'):
        dynamodb.get_item(TableName=name, Key={'p': S('x')})
    with expect_error('ResourceNotFoundException'):
        dynamodb.delete_item(TableName=name, Key={'p': S('x')})
    with expect_error('ResourceNotFoundException'):
        dynamodb.update_item(TableName=name, Key={'p': S('x')})


def test_consistent_read_accepted(test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p})
    for cr in (True, False):
        assert test_table_s.get_item(Key={'p': p}, ConsistentRead=cr)['Item'] == {'p': p}


def test_get_item_projection(test_table):
    p, c = random_string(), random_string()
    test_table.put_item(Item={'p': p, 'c': c, 'a': 1, 'b': 2, 'x': {'y': 3}})
    got = test_table.get_item(Key={'p': p, 'c': c}, ProjectionExpression='a, x.y', ConsistentRead=True)
    assert got['Item'] == {'a': 1, 'x': {'y': 3}}


def test_missing_table_name(dynamodb):
    with expect_error('ValidationException'):
        dynamodb.get_item(Key={'p': S('x')})


# ---------------------------------------------------------------- key validation

def test_put_missing_hash_key(dynamodb, test_table):
    # "One or more parameter values were invalid: Missing the key p in the item"
    with expect_error('ValidationException', 'Missing the key p'):
        dynamodb.put_item(TableName=test_table.name, Item={'c': S('x')})


def test_put_missing_range_key(dynamodb, test_table):
    with expect_error('ValidationException', 'Missing the key c'):
        dynamodb.put_item(TableName=test_table.name, Item={'p': S('x')})


@pytest.mark.parametrize('bad,message', [
    (N(3), 'Type mismatch for key p expected: S actual: N'),
    ({'B': b'ab'}, 'Type mismatch for key p expected: S actual: B'),
    ({'BOOL': True}, None), ({'SS': ['a']}, None), ({'L': []}, None), ({'NULL': True}, None)])
def test_put_wrong_key_type(dynamodb, test_table, bad, message):
    # "One or more parameter values were invalid: Type mismatch for key p
    # expected: S actual: N"
    with expect_error('ValidationException', message):
        dynamodb.put_item(TableName=test_table.name, Item={'p': bad, 'c': S('x')})


def test_put_wrong_range_key_type(dynamodb, test_table_sn):
    with expect_error('ValidationException', 'Type mismatch for key c expected: N actual: S'):
        dynamodb.put_item(TableName=test_table_sn.name, Item={'p': S('x'), 'c': S('1')})


def test_get_wrong_key_type(dynamodb, test_table):
    with expect_error('ValidationException'):
        dynamodb.get_item(TableName=test_table.name, Key={'p': N(1), 'c': S('x')})
    with expect_error('ValidationException'):
        dynamodb.get_item(TableName=test_table.name, Key={'p': S('x'), 'c': {'B': b'x'}})


@pytest.mark.parametrize('op', ['get', 'delete', 'update'])
def test_key_missing_or_extra_attributes(dynamodb, test_table, test_table_s, op):
    def call(table, key):
        if op == 'get':
            dynamodb.get_item(TableName=table, Key=key)
        elif op == 'delete':
            dynamodb.delete_item(TableName=table, Key=key)
        else:
            dynamodb.update_item(TableName=table, Key=key, UpdateExpression='SET a = :v',
                                 ExpressionAttributeValues={':v': N(1)})
    # "The provided key element does not match the schema"
    with expect_error('ValidationException', 'provided key element does not match the schema'):
        call(test_table.name, {'p': S('x')})
    with expect_error('ValidationException', 'provided key element does not match the schema'):
        call(test_table.name, {'c': S('x')})
    with expect_error('ValidationException', 'provided key element does not match the schema'):
        call(test_table.name, {'p': S('x'), 'c': S('y'), 'spurious': S('z')})
    with expect_error('ValidationException', 'provided key element does not match the schema'):
        call(test_table_s.name, {'p': S('x'), 'c': S('y')})


def test_empty_string_hash_key(dynamodb, test_table):
    # Empty strings are allowed in non-key attributes (since 2020) but not keys.
    msg = ('One or more parameter values are not valid. The AttributeValue for a key attribute '
           'cannot contain an empty string value. Key: p')
    with expect_error('ValidationException', msg):
        dynamodb.put_item(TableName=test_table.name, Item={'p': S(''), 'c': S('x')})
    with expect_error('ValidationException', msg):
        dynamodb.get_item(TableName=test_table.name, Key={'p': S(''), 'c': S('x')})


def test_empty_string_range_key(dynamodb, test_table):
    with expect_error('ValidationException', 'cannot contain an empty string value. Key: c'):
        dynamodb.put_item(TableName=test_table.name, Item={'p': S('x'), 'c': S('')})


def test_empty_binary_key(dynamodb, test_table_b):
    with expect_error('ValidationException', 'empty binary value'):
        dynamodb.put_item(TableName=test_table_b.name, Item={'p': {'B': b''}})


def test_empty_string_non_key_allowed(test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'e': '', 'eb': b'', 'm': {'x': ''}})
    item = test_table_s.get_item(Key={'p': p}, ConsistentRead=True)['Item']
    assert item['e'] == '' and item['m'] == {'x': ''}


def test_hash_key_too_long(dynamodb, test_table_s):
    # Partition key values are limited to 2048 bytes.
    dynamodb.put_item(TableName=test_table_s.name, Item={'p': S('x' * 2048)})
    with expect_error('ValidationException'):
        dynamodb.put_item(TableName=test_table_s.name, Item={'p': S('x' * 2049)})


def test_range_key_too_long(dynamodb, test_table):
    # Sort key values are limited to 1024 bytes.
    dynamodb.put_item(TableName=test_table.name, Item={'p': S('x'), 'c': S('y' * 1024)})
    with expect_error('ValidationException'):
        dynamodb.put_item(TableName=test_table.name, Item={'p': S('x'), 'c': S('y' * 1025)})


def test_update_key_attribute_rejected(dynamodb, test_table):
    with expect_error('ValidationException', 'Cannot update attribute p. This attribute is part of the key'):
        dynamodb.update_item(TableName=test_table.name, Key=key2('x', 'y'), UpdateExpression='SET p = :v',
                             ExpressionAttributeValues={':v': S('z')})


# ---------------------------------------------------------------- item size

def test_item_size_limit_put(test_table_s):
    p = random_string()
    # 400 KB includes attribute names and values; well below is fine...
    test_table_s.put_item(Item={'p': p, 'big': 'x' * (390 * KB)})
    # ...well above is not.
    with expect_error('ValidationException', 'Item size has exceeded the maximum allowed size'):
        test_table_s.put_item(Item={'p': p, 'big': 'x' * (401 * KB)})
    # The old item is still there.
    assert len(test_table_s.get_item(Key={'p': p}, ConsistentRead=True)['Item']['big']) == 390 * KB


def test_item_size_limit_update(test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'a': 'x' * (300 * KB)})
    with expect_error('ValidationException', 'exceeded the maximum allowed size'):
        test_table_s.update_item(Key={'p': p}, UpdateExpression='SET b = :v',
                                 ExpressionAttributeValues={':v': 'y' * (200 * KB)})


# ---------------------------------------------------------------- numbers

def put_number(dynamodb, table, p, n):
    dynamodb.put_item(TableName=table.name, Item={'p': S(p), 'n': {'N': n}})


def get_number(dynamodb, table, p):
    return dynamodb.get_item(TableName=table.name, Key={'p': S(p)}, ConsistentRead=True)['Item']['n']['N']


@pytest.mark.parametrize('given,expected', [
    ('3', '3'), ('+3', '3'), ('0001.23', '1.23'), ('1.500', '1.5'), ('-17e5', '-1700000'),
    ('1e+5', '100000'), ('.123', '0.123'), ('12.3e-2', '0.123'), ('100', '100'), ('-0.50', '-0.5'),
    ('0.0', '0'), ('1E2', '100'),
])
def test_number_normalization(dynamodb, test_table_s, given, expected):
    # DynamoDB stores numbers, not strings: they come back in canonical form.
    p = random_string()
    put_number(dynamodb, test_table_s, p, given)
    assert get_number(dynamodb, test_table_s, p) == expected


@pytest.mark.parametrize('num', ['1e10', '1e100', '1e125', '9.99999999e125', '1e-100', '1e-130',
                                 '-1e125', '-1e-130', '3.1415926535897932384626433832795028841',
                                 '31415926535897932384626433832795028841e30',
                                 '99999999999999999999999999999999999999'])
def test_number_allowed_range(dynamodb, test_table_s, num):
    # Magnitude 1e-130 .. 9.99..e125, up to 38 significant digits.
    p = random_string()
    put_number(dynamodb, test_table_s, p, num)
    assert Decimal(get_number(dynamodb, test_table_s, p)) == Decimal(num)


@pytest.mark.parametrize('num', ['1e126', '11e125', '-1e126'])
def test_number_overflow(dynamodb, test_table_s, num):
    # "Number overflow. Attempting to store a number with magnitude larger than supported range"
    with expect_error('ValidationException', 'overflow'):
        put_number(dynamodb, test_table_s, random_string(), num)


@pytest.mark.parametrize('num', ['1e-131', '0.9e-130', '-1e-131'])
def test_number_underflow(dynamodb, test_table_s, num):
    # "Number underflow. Attempting to store a number with magnitude smaller than supported range"
    with expect_error('ValidationException', 'underflow'):
        put_number(dynamodb, test_table_s, random_string(), num)


@pytest.mark.parametrize('num', ['3.14159265358979323846264338327950288419',
                                 '314159265358979323846264338327950288419e30',
                                 '123456789012345678901234567890123456789'])
def test_number_too_many_digits(dynamodb, test_table_s, num):
    # "Attempting to store more than 38 significant digits in a Number"
    with expect_error('ValidationException', 'significant'):
        put_number(dynamodb, test_table_s, random_string(), num)


def test_number_trailing_zeros_not_significant(dynamodb, test_table_s):
    # Trailing zeros of an integer are not significant digits.
    p = random_string()
    put_number(dynamodb, test_table_s, p, '1' + '0' * 50)
    assert Decimal(get_number(dynamodb, test_table_s, p)) == Decimal('1e50')


@pytest.mark.parametrize('num', ['NaN', 'Infinity', '-Infinity', 'dog', ' 1', '1 ', '', '1e', '--1', '0x10',
                                 '1.2.3', 'e5'])
def test_number_bad_syntax(dynamodb, test_table_s, num):
    # alternator test_invalid_numbers: the message mentions "numeric".
    with expect_error('ValidationException', 'numeric'):
        put_number(dynamodb, test_table_s, random_string(), num)


def test_number_as_json_number_is_serialization_error(endpoint, test_table_s):
    # {"N": 123} (a JSON number, not a string) is a SerializationException
    # (alternator test_number_in_json).
    from helpers import dynamodb_request, error_type
    status, body = dynamodb_request(endpoint, 'PutItem', {
        'TableName': test_table_s.name, 'Item': {'p': {'S': 'x'}, 'n': {'N': 123}}})
    assert status == 400
    assert error_type(body) == 'SerializationException'


# ---------------------------------------------------------------- sets

@pytest.mark.parametrize('value', [{'SS': []}, {'NS': []}, {'BS': []}])
def test_empty_set_rejected(dynamodb, test_table_s, value):
    # "One or more parameter values were invalid: An string set  may not be empty"
    with expect_error('ValidationException', 'may not be empty|should not be empty'):
        dynamodb.put_item(TableName=test_table_s.name, Item={'p': S('x'), 's': value})


@pytest.mark.parametrize('value', [{'SS': ['a', 'a']}, {'NS': ['1', '1']}, {'BS': [b'x', b'x']},
                                   {'NS': ['1', '1.0']}])
def test_duplicate_set_members_rejected(dynamodb, test_table_s, value):
    # "One or more parameter values were invalid: Input collection [a, a] contains duplicates."
    with expect_error('ValidationException', 'contains duplicates'):
        dynamodb.put_item(TableName=test_table_s.name, Item={'p': S('x'), 's': value})


def test_number_set_normalized(dynamodb, test_table_s):
    p = random_string()
    dynamodb.put_item(TableName=test_table_s.name, Item={'p': S(p), 's': {'NS': ['1.50', '+2', '3e0']}})
    got = dynamodb.get_item(TableName=test_table_s.name, Key={'p': S(p)}, ConsistentRead=True)['Item']
    assert sorted(got['s']['NS']) == ['1.5', '2', '3']


def test_empty_string_in_set_allowed(test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p, 's': {'', 'a'}})
    assert test_table_s.get_item(Key={'p': p}, ConsistentRead=True)['Item']['s'] == {'', 'a'}


def test_attribute_value_with_two_types(endpoint, test_table_s):
    from helpers import dynamodb_request, error_type
    status, body = dynamodb_request(endpoint, 'PutItem', {
        'TableName': test_table_s.name, 'Item': {'p': {'S': 'x'}, 'a': {'S': 'y', 'N': '1'}}})
    assert status == 400
    assert error_type(body) == 'ValidationException'
    status, body = dynamodb_request(endpoint, 'PutItem', {
        'TableName': test_table_s.name, 'Item': {'p': {'S': 'x'}, 'a': {}}})
    assert status == 400
    assert error_type(body) == 'ValidationException'


def test_null_false_rejected(dynamodb, test_table_s):
    # NULL must be true.
    with expect_error('ValidationException'):
        dynamodb.put_item(TableName=test_table_s.name, Item={'p': S('x'), 'a': {'NULL': False}})


# ---------------------------------------------------------------- ReturnValues

def test_put_return_values(test_table_s):
    p = random_string()
    resp = test_table_s.put_item(Item={'p': p, 'a': 1}, ReturnValues='ALL_OLD')
    assert 'Attributes' not in resp
    resp = test_table_s.put_item(Item={'p': p, 'b': 2}, ReturnValues='ALL_OLD')
    assert resp['Attributes'] == {'p': p, 'a': 1}
    resp = test_table_s.put_item(Item={'p': p, 'c': 3}, ReturnValues='NONE')
    assert 'Attributes' not in resp


@pytest.mark.parametrize('rv', ['ALL_NEW', 'UPDATED_OLD', 'UPDATED_NEW', 'DOG', 'all_old'])
def test_put_invalid_return_values(test_table_s, rv):
    # PutItem only supports NONE and ALL_OLD.
    with expect_error('ValidationException'):
        test_table_s.put_item(Item={'p': random_string()}, ReturnValues=rv)


def test_delete_return_values(test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'a': 1})
    resp = test_table_s.delete_item(Key={'p': p}, ReturnValues='ALL_OLD')
    assert resp['Attributes'] == {'p': p, 'a': 1}
    resp = test_table_s.delete_item(Key={'p': p}, ReturnValues='ALL_OLD')
    assert 'Attributes' not in resp


@pytest.mark.parametrize('rv', ['ALL_NEW', 'UPDATED_OLD', 'UPDATED_NEW', 'DOG'])
def test_delete_invalid_return_values(test_table_s, rv):
    with expect_error('ValidationException'):
        test_table_s.delete_item(Key={'p': random_string()}, ReturnValues=rv)


def test_update_return_values(test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'a': 1, 'b': 2, 'm': {'x': 1, 'y': 2}})

    def upd(rv, expr, values=None):
        kwargs = {'Key': {'p': p}, 'UpdateExpression': expr, 'ReturnValues': rv}
        if values:
            kwargs['ExpressionAttributeValues'] = values
        return test_table_s.update_item(**kwargs)

    r = upd('ALL_OLD', 'SET a = :v', {':v': 10})
    assert r['Attributes'] == {'p': p, 'a': 1, 'b': 2, 'm': {'x': 1, 'y': 2}}
    r = upd('ALL_NEW', 'SET a = :v', {':v': 11})
    assert r['Attributes'] == {'p': p, 'a': 11, 'b': 2, 'm': {'x': 1, 'y': 2}}
    r = upd('UPDATED_OLD', 'SET a = :v, c = :c', {':v': 12, ':c': 5})
    assert r['Attributes'] == {'a': 11}
    r = upd('UPDATED_NEW', 'SET a = :v', {':v': 13})
    assert r['Attributes'] == {'a': 13}
    # For nested paths only the updated part of the document is returned.
    r = upd('UPDATED_NEW', 'SET m.x = :v', {':v': 100})
    assert r['Attributes'] == {'m': {'x': 100}}
    r = upd('UPDATED_OLD', 'SET m.y = :v', {':v': 200})
    assert r['Attributes'] == {'m': {'y': 2}}
    # REMOVE: UPDATED_NEW has nothing to return for the removed attribute.
    r = upd('UPDATED_NEW', 'REMOVE b')
    assert 'Attributes' not in r
    r = upd('UPDATED_OLD', 'REMOVE c')
    assert r['Attributes'] == {'c': 5}
    r = upd('NONE', 'SET a = :v', {':v': 1})
    assert 'Attributes' not in r


def test_update_return_values_new_item(test_table_s):
    p = random_string()
    r = test_table_s.update_item(Key={'p': p}, UpdateExpression='SET a = :v',
                                 ExpressionAttributeValues={':v': 1}, ReturnValues='ALL_OLD')
    assert 'Attributes' not in r
    p = random_string()
    r = test_table_s.update_item(Key={'p': p}, UpdateExpression='SET a = :v',
                                 ExpressionAttributeValues={':v': 1}, ReturnValues='ALL_NEW')
    assert r['Attributes'] == {'p': p, 'a': 1}


def test_update_invalid_return_values(test_table_s):
    with expect_error('ValidationException'):
        test_table_s.update_item(Key={'p': random_string()}, UpdateExpression='SET a = :v',
                                 ExpressionAttributeValues={':v': 1}, ReturnValues='DOG')


# ---------------------------------------------------------------- ReturnConsumedCapacity
# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
# Writes: 1 WCU per 1 KB (rounded up, max of old and new item). Reads: 1 RCU
# per 4 KB strongly consistent, half of that eventually consistent. Item size
# = sum of attribute-name lengths + value lengths (strings: UTF-8 bytes).

def check_capacity(cc, table_name, units, kind):
    # {"TableName": ..., "CapacityUnits": 1.0}; newer DynamoDB responses also
    # carry ReadCapacityUnits / WriteCapacityUnits (API_ConsumedCapacity.html).
    assert cc['TableName'] == table_name
    assert cc['CapacityUnits'] == units
    assert set(cc) <= {'TableName', 'CapacityUnits', 'ReadCapacityUnits', 'WriteCapacityUnits', 'Table'}
    if kind in cc:
        assert cc[kind] == units


def test_consumed_capacity_put_total(test_table_s):
    p = random_string()
    r = test_table_s.put_item(Item={'p': p, 'a': 'x'}, ReturnConsumedCapacity='TOTAL')
    check_capacity(r['ConsumedCapacity'], test_table_s.name, 1.0, 'WriteCapacityUnits')


def test_consumed_capacity_none_or_absent(test_table_s):
    p = random_string()
    assert 'ConsumedCapacity' not in test_table_s.put_item(Item={'p': p})
    assert 'ConsumedCapacity' not in test_table_s.put_item(Item={'p': p}, ReturnConsumedCapacity='NONE')


def test_consumed_capacity_indexes(test_table_s):
    r = test_table_s.put_item(Item={'p': random_string()}, ReturnConsumedCapacity='INDEXES')
    cc = r['ConsumedCapacity']
    check_capacity(cc, test_table_s.name, 1.0, 'WriteCapacityUnits')
    assert cc['Table']['CapacityUnits'] == 1.0


def test_consumed_capacity_invalid(test_table_s):
    with expect_error('ValidationException'):
        test_table_s.put_item(Item={'p': random_string()}, ReturnConsumedCapacity='DUMMY')


def test_consumed_capacity_put_1kb_boundary(test_table_s):
    p = random_string()
    overhead = len('p') + len(p) + len('another')
    r = test_table_s.put_item(Item={'p': p, 'another': 'a' * (KB - overhead)}, ReturnConsumedCapacity='TOTAL')
    assert r['ConsumedCapacity']['CapacityUnits'] == 1
    p = random_string()
    r = test_table_s.put_item(Item={'p': p, 'another': 'a' * (KB - overhead + 1)}, ReturnConsumedCapacity='TOTAL')
    assert r['ConsumedCapacity']['CapacityUnits'] == 2


def test_consumed_capacity_put_over_larger_item(test_table_s):
    # Overwriting: the larger of the old and new item counts.
    p = random_string()
    r = test_table_s.put_item(Item={'p': p, 'a': 'x' * (2 * KB)}, ReturnConsumedCapacity='TOTAL')
    assert r['ConsumedCapacity']['CapacityUnits'] == 3
    r = test_table_s.put_item(Item={'p': p, 'a': 'x'}, ReturnConsumedCapacity='TOTAL')
    assert r['ConsumedCapacity']['CapacityUnits'] == 3


def test_consumed_capacity_get(test_table_s):
    p = random_string()
    overhead = len('p') + len(p) + len('another')
    test_table_s.put_item(Item={'p': p, 'another': 'a' * (4 * KB - overhead)})
    r = test_table_s.get_item(Key={'p': p}, ConsistentRead=True, ReturnConsumedCapacity='TOTAL')
    check_capacity(r['ConsumedCapacity'], test_table_s.name, 1.0, 'ReadCapacityUnits')
    r = test_table_s.get_item(Key={'p': p}, ConsistentRead=False, ReturnConsumedCapacity='TOTAL')
    assert r['ConsumedCapacity']['CapacityUnits'] == 0.5
    test_table_s.put_item(Item={'p': p, 'another': 'a' * (4 * KB - overhead + 1)})
    r = test_table_s.get_item(Key={'p': p}, ConsistentRead=True, ReturnConsumedCapacity='TOTAL')
    assert r['ConsumedCapacity']['CapacityUnits'] == 2
    r = test_table_s.get_item(Key={'p': p}, ConsistentRead=False, ReturnConsumedCapacity='TOTAL')
    assert r['ConsumedCapacity']['CapacityUnits'] == 1
    # A projection does not reduce the cost: the whole item is read.
    r = test_table_s.get_item(Key={'p': p}, ConsistentRead=True, ProjectionExpression='p',
                              ReturnConsumedCapacity='TOTAL')
    assert r['ConsumedCapacity']['CapacityUnits'] == 2


def test_consumed_capacity_get_missing(test_table_s):
    r = test_table_s.get_item(Key={'p': random_string()}, ConsistentRead=True, ReturnConsumedCapacity='TOTAL')
    assert r['ConsumedCapacity']['CapacityUnits'] == 1
    r = test_table_s.get_item(Key={'p': random_string()}, ReturnConsumedCapacity='TOTAL')
    assert r['ConsumedCapacity']['CapacityUnits'] == 0.5


def test_consumed_capacity_delete(test_table_s):
    p = random_string()
    r = test_table_s.delete_item(Key={'p': p}, ReturnConsumedCapacity='TOTAL')
    assert r['ConsumedCapacity']['CapacityUnits'] == 1
    test_table_s.put_item(Item={'p': p, 'a': 'x' * (2 * KB)})
    r = test_table_s.delete_item(Key={'p': p}, ReturnConsumedCapacity='TOTAL')
    assert r['ConsumedCapacity']['CapacityUnits'] == 3


def test_consumed_capacity_update(test_table_s):
    p = random_string()
    r = test_table_s.update_item(Key={'p': p}, UpdateExpression='SET a = :v',
                                 ExpressionAttributeValues={':v': 'x'}, ReturnConsumedCapacity='TOTAL')
    assert r['ConsumedCapacity']['CapacityUnits'] == 1
    r = test_table_s.update_item(Key={'p': p}, UpdateExpression='SET a = :v',
                                 ExpressionAttributeValues={':v': 'x' * (2 * KB)}, ReturnConsumedCapacity='TOTAL')
    assert r['ConsumedCapacity']['CapacityUnits'] == 3

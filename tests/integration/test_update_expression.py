# UpdateExpression: SET (with + and -, if_not_exists, list_append), nested
# paths and list indexes, REMOVE, ADD, DELETE, and their errors.
# References: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html
# and scylladb test/alternator/test_update_expression.py (verified against AWS).

from decimal import Decimal

import pytest

from helpers import expect_error, random_string


def update(table, p, expr, values=None, names=None, **kwargs):
    kw = {'Key': {'p': p}, 'UpdateExpression': expr}
    if values is not None:
        kw['ExpressionAttributeValues'] = values
    if names is not None:
        kw['ExpressionAttributeNames'] = names
    kw.update(kwargs)
    return table.update_item(**kw)


def get(table, p):
    return table.get_item(Key={'p': p}, ConsistentRead=True)['Item']


@pytest.fixture
def p(test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'n': 5, 's': 'cat', 'l': [1, 2, 3], 'm': {'x': 1, 'y': {'z': 2}},
                                'ss': {'a', 'b'}, 'ns': {1, 2}, 'bs': {b'a', b'b'}})
    return p


# ---------------------------------------------------------------- SET

def test_set_several(test_table_s, p):
    update(test_table_s, p, 'SET a = :a, b = :b', {':a': 1, ':b': 'two'})
    item = get(test_table_s, p)
    assert item['a'] == 1 and item['b'] == 'two'


def test_set_overwrites_with_other_type(test_table_s, p):
    update(test_table_s, p, 'SET n = :v', {':v': ['now', 'a', 'list']})
    assert get(test_table_s, p)['n'] == ['now', 'a', 'list']


def test_set_copy_attribute(test_table_s, p):
    update(test_table_s, p, 'SET dup = m')
    assert get(test_table_s, p)['dup'] == {'x': 1, 'y': {'z': 2}}


def test_set_copy_missing_attribute(test_table_s, p):
    # "The provided expression refers to an attribute that does not exist in the item"
    with expect_error('ValidationException', 'attribute that does not exist in the item'):
        update(test_table_s, p, 'SET a = nothere')


def test_set_plus_minus(test_table_s, p):
    update(test_table_s, p, 'SET n = n + :v', {':v': 3})
    assert get(test_table_s, p)['n'] == 8
    update(test_table_s, p, 'SET n = n - :v', {':v': 10})
    assert get(test_table_s, p)['n'] == -2
    update(test_table_s, p, 'SET a = :x + :y, b = :x - n', {':x': Decimal('1.5'), ':y': Decimal('0.25')})
    item = get(test_table_s, p)
    assert item['a'] == Decimal('1.75') and item['b'] == Decimal('3.5')


def test_set_plus_precision(dynamodb, test_table_s):
    # Arithmetic is exact decimal with up to 38 digits, not double.
    p = random_string()
    update(test_table_s, p, 'SET b = :a + :b', {':a': Decimal('1'), ':b': Decimal('10000000000000000000000')})
    assert get(test_table_s, p)['b'] == Decimal('10000000000000000000001')
    update(test_table_s, p, 'SET c = :a + :b', {':a': Decimal('0.1'), ':b': Decimal('0.2')})
    got = dynamodb.get_item(TableName=test_table_s.name, Key={'p': {'S': p}}, ConsistentRead=True)['Item']
    assert got['c'] == {'N': '0.3'}


def test_set_plus_overflow(test_table_s):
    with expect_error('ValidationException', 'overflow'):
        update(test_table_s, random_string(), 'SET b = :a + :b', {':a': Decimal('9e125'), ':b': Decimal('9e125')})


def test_set_plus_wrong_type(test_table_s, p):
    # "An operand in the update expression has an incorrect data type"
    with expect_error('ValidationException', 'incorrect data type'):
        update(test_table_s, p, 'SET s = s + :v', {':v': 1})
    # A constant of the wrong type is caught before reading the item:
    # "Incorrect operand type for operator or function; operator or function: -, operand type: S"
    with expect_error('ValidationException', 'Incorrect operand type for operator or function'):
        update(test_table_s, p, 'SET n = n - :v', {':v': 'x'})


def test_set_plus_missing_attribute(test_table_s, p):
    with expect_error('ValidationException', 'attribute that does not exist in the item'):
        update(test_table_s, p, 'SET n = q + :v', {':v': 1})


def test_set_if_not_exists(test_table_s, p):
    update(test_table_s, p, 'SET n = if_not_exists(n, :v), a = if_not_exists(a, :v)', {':v': 100})
    item = get(test_table_s, p)
    assert item['n'] == 5 and item['a'] == 100


def test_set_if_not_exists_counter(test_table_s):
    p = random_string()
    for i in range(3):
        update(test_table_s, p, 'SET cnt = if_not_exists(cnt, :zero) + :one', {':zero': 0, ':one': 1})
    assert get(test_table_s, p)['cnt'] == 3


def test_set_if_not_exists_nested(test_table_s, p):
    update(test_table_s, p, 'SET m.x = if_not_exists(m.x, :v), m.w = if_not_exists(m.w, :v)', {':v': 9})
    assert get(test_table_s, p)['m'] == {'x': 1, 'w': 9, 'y': {'z': 2}}


def test_if_not_exists_first_arg_must_be_path(test_table_s, p):
    with expect_error('ValidationException'):
        update(test_table_s, p, 'SET a = if_not_exists(:v, :v)', {':v': 1})


def test_set_list_append(test_table_s, p):
    update(test_table_s, p, 'SET l = list_append(l, :v)', {':v': [4, 5]})
    assert get(test_table_s, p)['l'] == [1, 2, 3, 4, 5]
    update(test_table_s, p, 'SET l = list_append(:v, l)', {':v': [0]})
    assert get(test_table_s, p)['l'] == [0, 1, 2, 3, 4, 5]
    update(test_table_s, p, 'SET l2 = list_append(:a, :b)', {':a': ['x'], ':b': []})
    assert get(test_table_s, p)['l2'] == ['x']


def test_list_append_to_missing_with_if_not_exists(test_table_s, p):
    update(test_table_s, p, 'SET nl = list_append(if_not_exists(nl, :empty), :v)', {':empty': [], ':v': ['a']})
    update(test_table_s, p, 'SET nl = list_append(if_not_exists(nl, :empty), :v)', {':empty': [], ':v': ['b']})
    assert get(test_table_s, p)['nl'] == ['a', 'b']


def test_list_append_non_list(test_table_s, p):
    # A non-list constant: "Invalid UpdateExpression: Incorrect operand type
    # for operator or function; operator or function: list_append, operand type: N"
    # (alternator test_update_expression_list_append_basic); a non-list
    # attribute of the item: "An operand in the update expression has an incorrect data type".
    with expect_error('ValidationException', 'Incorrect operand type for operator or function; '
                                             'operator or function: list_append'):
        update(test_table_s, p, 'SET l = list_append(l, :v)', {':v': 4})
    with expect_error('ValidationException', 'incorrect data type'):
        update(test_table_s, p, 'SET l = list_append(s, :v)', {':v': [4]})


def test_list_append_missing_attribute(test_table_s, p):
    with expect_error('ValidationException', 'attribute that does not exist in the item'):
        update(test_table_s, p, 'SET q = list_append(q, :v)', {':v': [4]})


def test_set_nested_map(test_table_s, p):
    update(test_table_s, p, 'SET m.y.z = :v, m.newkey = :w', {':v': 'changed', ':w': [1]})
    assert get(test_table_s, p)['m'] == {'x': 1, 'y': {'z': 'changed'}, 'newkey': [1]}


def test_set_nested_missing_parent(test_table_s, p):
    # "The document path provided in the update expression is invalid for update"
    with expect_error('ValidationException', 'document path provided in the update expression is invalid'):
        update(test_table_s, p, 'SET nothere.x = :v', {':v': 1})
    with expect_error('ValidationException', 'document path provided in the update expression is invalid'):
        update(test_table_s, p, 'SET m.nothere.x = :v', {':v': 1})


def test_set_nested_in_non_map(test_table_s, p):
    with expect_error('ValidationException', 'document path provided in the update expression is invalid'):
        update(test_table_s, p, 'SET s.x = :v', {':v': 1})
    with expect_error('ValidationException', 'document path provided in the update expression is invalid'):
        update(test_table_s, p, 'SET s[0] = :v', {':v': 1})
    with expect_error('ValidationException', 'document path provided in the update expression is invalid'):
        update(test_table_s, p, 'SET m[0] = :v', {':v': 1})


def test_set_list_index(test_table_s, p):
    update(test_table_s, p, 'SET l[1] = :v', {':v': 'two'})
    assert get(test_table_s, p)['l'] == [1, 'two', 3]


def test_set_list_index_past_end_appends(test_table_s, p):
    # Setting an index beyond the end appends the value at the end.
    update(test_table_s, p, 'SET l[10] = :v', {':v': 'end'})
    assert get(test_table_s, p)['l'] == [1, 2, 3, 'end']


def test_set_nested_list_in_map(test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'a': {'b': [{'c': 1}, {'c': 2}]}})
    update(test_table_s, p, 'SET a.b[1].c = :v, a.b[0].d = :w', {':v': 20, ':w': 'new'})
    assert get(test_table_s, p)['a'] == {'b': [{'c': 1, 'd': 'new'}, {'c': 20}]}


def test_set_multi_dim_list(test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'a': [[1, 2], [3, 4]]})
    update(test_table_s, p, 'SET a[1][0] = :v', {':v': 30})
    assert get(test_table_s, p)['a'] == [[1, 2], [30, 4]]


@pytest.mark.parametrize('expr', ['SET l[-1] = :v', 'SET l[1.5] = :v', 'SET l[a] = :v', 'SET l[] = :v'])
def test_bad_list_index(test_table_s, p, expr):
    with expect_error('ValidationException', 'Syntax error'):
        update(test_table_s, p, expr, {':v': 1})


def test_set_name_with_dot_via_placeholder(test_table_s, p):
    # #n standing for "a.b" is one attribute named "a.b", not a path.
    update(test_table_s, p, 'SET #n = :v', {':v': 1}, {'#n': 'a.b'})
    item = get(test_table_s, p)
    assert item['a.b'] == 1 and 'a' not in item


def test_set_value_to_self_reference(test_table_s, p):
    # All right-hand sides are evaluated against the old item.
    update(test_table_s, p, 'SET a = n, n = :v', {':v': 7})
    item = get(test_table_s, p)
    assert item['a'] == 5 and item['n'] == 7


# ---------------------------------------------------------------- REMOVE

def test_remove(test_table_s, p):
    update(test_table_s, p, 'REMOVE n, s')
    item = get(test_table_s, p)
    assert 'n' not in item and 's' not in item and item['l'] == [1, 2, 3]


def test_remove_missing_is_noop(test_table_s, p):
    update(test_table_s, p, 'REMOVE nothere, m.nothere, l[10]')
    assert get(test_table_s, p)['l'] == [1, 2, 3]


def test_remove_nested(test_table_s, p):
    update(test_table_s, p, 'REMOVE m.y.z')
    assert get(test_table_s, p)['m'] == {'x': 1, 'y': {}}


def test_remove_list_elements_shift(test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'l': ['a', 'b', 'c', 'd', 'e']})
    # Indexes refer to the old list; the remaining elements shift down.
    update(test_table_s, p, 'REMOVE l[1], l[3]')
    assert get(test_table_s, p)['l'] == ['a', 'c', 'e']


def test_remove_all_list_elements_keeps_empty_list(test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'l': ['a']})
    update(test_table_s, p, 'REMOVE l[0]')
    assert get(test_table_s, p)['l'] == []


def test_remove_key_attribute(test_table_s, p):
    with expect_error('ValidationException', 'Cannot update attribute p. This attribute is part of the key'):
        update(test_table_s, p, 'REMOVE p')


def test_set_and_remove_together(test_table_s, p):
    update(test_table_s, p, 'SET a = :v REMOVE n', {':v': 1})
    item = get(test_table_s, p)
    assert item['a'] == 1 and 'n' not in item


# ---------------------------------------------------------------- ADD

def test_add_number(test_table_s, p):
    update(test_table_s, p, 'ADD n :v', {':v': 3})
    assert get(test_table_s, p)['n'] == 8
    update(test_table_s, p, 'ADD n :v', {':v': Decimal('-0.5')})
    assert get(test_table_s, p)['n'] == Decimal('7.5')


def test_add_number_to_missing(test_table_s, p):
    # A missing attribute counts as 0.
    update(test_table_s, p, 'ADD newnum :v', {':v': 3})
    assert get(test_table_s, p)['newnum'] == 3


def test_add_sets(test_table_s, p):
    update(test_table_s, p, 'ADD ss :v, ns :w, bs :x, newset :v', {':v': {'b', 'c'}, ':w': {3}, ':x': {b'c'}})
    item = get(test_table_s, p)
    assert item['ss'] == {'a', 'b', 'c'}
    assert item['ns'] == {1, 2, 3}
    assert {b.value for b in item['bs']} == {b'a', b'b', b'c'}
    assert item['newset'] == {'b', 'c'}


def test_add_wrong_types(test_table_s, p):
    # "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING"
    with expect_error('ValidationException', 'Incorrect operand type'):
        update(test_table_s, p, 'ADD s :v', {':v': 'x'})
    with expect_error('ValidationException', 'Incorrect operand type'):
        update(test_table_s, p, 'ADD l :v', {':v': [1]})
    # Number added to a set, a set of another type added to a set: incorrect data type.
    with expect_error('ValidationException'):
        update(test_table_s, p, 'ADD ss :v', {':v': 1})
    with expect_error('ValidationException'):
        update(test_table_s, p, 'ADD ss :v', {':v': {1}})
    with expect_error('ValidationException'):
        update(test_table_s, p, 'ADD s :v', {':v': 1})


# ---------------------------------------------------------------- DELETE

def test_delete_from_set(test_table_s, p):
    update(test_table_s, p, 'DELETE ss :v, ns :w', {':v': {'a', 'zzz'}, ':w': {2}})
    item = get(test_table_s, p)
    assert item['ss'] == {'b'}
    assert item['ns'] == {1}


def test_delete_last_elements_removes_attribute(test_table_s, p):
    # Sets cannot be empty: removing every element removes the attribute.
    update(test_table_s, p, 'DELETE ss :v', {':v': {'a', 'b'}})
    assert 'ss' not in get(test_table_s, p)


def test_delete_from_missing_attribute(test_table_s, p):
    update(test_table_s, p, 'DELETE nothere :v', {':v': {'a'}})
    assert 'nothere' not in get(test_table_s, p)


def test_delete_wrong_types(test_table_s, p):
    # "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER"
    with expect_error('ValidationException', 'Incorrect operand type'):
        update(test_table_s, p, 'DELETE ss :v', {':v': 1})
    with expect_error('ValidationException'):
        update(test_table_s, p, 'DELETE ss :v', {':v': {1}})
    with expect_error('ValidationException'):
        update(test_table_s, p, 'DELETE n :v', {':v': {1}})


# ---------------------------------------------------------------- errors

@pytest.mark.parametrize('expr', [
    'SET a = :v, a = :v',
    'SET a = :v REMOVE a',
    'SET m.x = :v, m = :v',
    'SET m = :v REMOVE m.x',
    'SET l[0] = :v REMOVE l[0]',
    'ADD n :v SET n = :v',
    'SET m.y.z = :v, m.y = :v',
])
def test_overlapping_paths(test_table_s, p, expr):
    # "Invalid UpdateExpression: Two document paths overlap with each other;
    # must remove or rewrite one of these paths; path one: [a], path two: [a, b]"
    with expect_error('ValidationException', 'Two document paths overlap'):
        update(test_table_s, p, expr, {':v': 1} if 'ADD' not in expr else {':v': 1})


def test_non_overlapping_sibling_paths(test_table_s, p):
    update(test_table_s, p, 'SET m.x = :v, m.y.w = :v, l[0] = :v, l[1] = :v', {':v': 0})
    item = get(test_table_s, p)
    assert item['m'] == {'x': 0, 'y': {'z': 2, 'w': 0}}
    assert item['l'] == [0, 0, 3]


def test_conflicting_paths(test_table_s, p):
    # m.x and m[0] cannot both be valid: "Two document paths conflict with each other"
    with expect_error('ValidationException', 'conflict|overlap'):
        update(test_table_s, p, 'SET m.x = :v, m[0] = :v', {':v': 1})


@pytest.mark.parametrize('expr', [
    'SET', 'SET a', 'SET a =', 'SET a = :v,', 'SET = :v', 'REMOVE', 'ADD a', 'DELETE a',
    'SET a = :v + ', 'SET a = :v * :v', 'PUT a = :v', 'SET a == :v', 'SET a = (:v', 'REMOVE a = :v',
    'SET a.1 = :v', 'SET a = :v garbage',
])
def test_syntax_errors(test_table_s, p, expr):
    with expect_error('ValidationException', 'Invalid UpdateExpression'):
        update(test_table_s, p, expr, {':v': 1} if ':v' in expr else None)


def test_empty_expression(test_table_s, p):
    with expect_error('ValidationException', 'Invalid UpdateExpression'):
        update(test_table_s, p, '')


def test_clause_used_twice(test_table_s, p):
    # "Invalid UpdateExpression: The "SET" section can only be used once in an update expression;"
    with expect_error('ValidationException', 'can only be used once'):
        update(test_table_s, p, 'SET a = :v SET b = :v', {':v': 1})
    with expect_error('ValidationException', 'can only be used once'):
        update(test_table_s, p, 'REMOVE a REMOVE b')


def test_clauses_in_any_order_and_case(test_table_s, p):
    update(test_table_s, p, 'remove s add n :one set a = :one delete ss :del', {':one': 1, ':del': {'a'}})
    item = get(test_table_s, p)
    assert 's' not in item and item['n'] == 6 and item['a'] == 1 and item['ss'] == {'b'}


def test_function_not_allowed_in_update(test_table_s, p):
    # "Invalid UpdateExpression: The function is not allowed in an update expression; function: size"
    with expect_error('ValidationException', 'not allowed in an update expression'):
        update(test_table_s, p, 'SET a = size(s)')
    with expect_error('ValidationException', 'Invalid UpdateExpression'):
        update(test_table_s, p, 'SET a = nosuchfunction(s)')


def test_nested_function_calls(test_table_s, p):
    update(test_table_s, p, 'SET l = list_append(if_not_exists(l, :e), :v)', {':e': [], ':v': [4]})
    assert get(test_table_s, p)['l'] == [1, 2, 3, 4]


def test_update_key_attribute(test_table_s, test_table, p):
    with expect_error('ValidationException', 'Cannot update attribute p. This attribute is part of the key'):
        update(test_table_s, p, 'SET p = :v', {':v': 'x'})
    with expect_error('ValidationException', 'Cannot update attribute c. This attribute is part of the key'):
        test_table.update_item(Key={'p': 'x', 'c': 'y'}, UpdateExpression='ADD c :v',
                               ExpressionAttributeValues={':v': 1})


def test_update_key_attribute_via_name(test_table_s, p):
    with expect_error('ValidationException', 'Cannot update attribute p'):
        update(test_table_s, p, 'SET #k = :v', {':v': 'x'}, {'#k': 'p'})


def test_set_empty_set_value_rejected(test_table_s, p):
    with expect_error('ValidationException'):
        test_table_s.meta.client.update_item(
            TableName=test_table_s.name, Key={'p': {'S': p}}, UpdateExpression='SET a = :v',
            ExpressionAttributeValues={':v': {'SS': []}})


def test_update_with_condition_and_values(test_table_s, p):
    update(test_table_s, p, 'SET n = n + :one', {':one': 1, ':five': 5}, ConditionExpression='n = :five')
    assert get(test_table_s, p)['n'] == 6
    with expect_error('ConditionalCheckFailedException'):
        update(test_table_s, p, 'SET n = n + :one', {':one': 1, ':five': 5}, ConditionExpression='n = :five')


def test_deep_nesting_limit(test_table_s):
    # Document paths may be at most 32 levels deep.
    p = random_string()
    ok = '.'.join(['a'] * 32)
    too_deep = '.'.join(['a'] * 33)
    nested = {}
    cur = nested
    for _ in range(30):
        cur['a'] = {}
        cur = cur['a']
    test_table_s.put_item(Item={'p': p, 'a': nested})
    update(test_table_s, p, 'SET ' + ok + ' = :v', {':v': 1})
    with expect_error('ValidationException'):
        update(test_table_s, p, 'SET ' + too_deep + ' = :v', {':v': 1})


# ---------------------------------------------------------------- atomicity

def test_concurrent_add_is_atomic(endpoint, test_table_s):
    # Every UpdateItem is an atomic read-modify-write: no increment is lost.
    import threading
    from conftest import make_resource
    p = random_string()
    n_threads, per_thread = 4, 40
    errors = []

    def worker():
        table = make_resource(endpoint).Table(test_table_s.name)
        try:
            for _ in range(per_thread):
                table.update_item(Key={'p': p}, UpdateExpression='ADD cnt :one, ids :me',
                                  ExpressionAttributeValues={':one': 1, ':me': {random_string(16)}})
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    item = get(test_table_s, p)
    assert item['cnt'] == n_threads * per_thread
    assert len(item['ids']) == n_threads * per_thread


def test_add_decimal_precision(dynamodb, test_table_s):
    p = random_string()
    update(test_table_s, p, 'ADD n :v', {':v': Decimal('0.1')})
    update(test_table_s, p, 'ADD n :v', {':v': Decimal('0.2')})
    got = dynamodb.get_item(TableName=test_table_s.name, Key={'p': {'S': p}}, ConsistentRead=True)['Item']
    assert got['n'] == {'N': '0.3'}


@pytest.mark.parametrize('expression, values', [
    ('REMOVE a', None),
    ('DELETE s :v', {':v': {'SS': ['x']}}),
    ('REMOVE a DELETE s :v', {':v': {'SS': ['x']}}),
])
def test_update_that_only_removes_does_not_create_a_missing_item(dynamodb, test_table_s, expression, values):
    # Scylla's test_update_item_non_existent (checked against DynamoDB).
    key = {'p': {'S': random_string()}}
    extra = {'ExpressionAttributeValues': values} if values else {}
    dynamodb.update_item(TableName=test_table_s.name, Key=key, UpdateExpression=expression, **extra)
    assert 'Item' not in dynamodb.get_item(TableName=test_table_s.name, Key=key, ConsistentRead=True)
    # SET (or ADD) does create it.
    dynamodb.update_item(TableName=test_table_s.name, Key=key, UpdateExpression='REMOVE a SET b = :b',
                         ExpressionAttributeValues={':b': {'N': '1'}})
    assert dynamodb.get_item(TableName=test_table_s.name, Key=key, ConsistentRead=True)['Item'] == dict(key, b={'N': '1'})


def test_delete_from_a_path_that_cannot_exist_is_an_invalid_path(test_table_s):
    # dynalite's updateItem "non-existent nested attribute in existing item"
    # (recorded against the service): the whole update fails, SET included.
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'b': 'text', 'm': {}})
    for expression in ('DELETE b.a :s SET x = :s', 'DELETE b[1] :s', 'DELETE y.a :s', 'DELETE m[1] :s'):
        with expect_error('ValidationException', 'The document path provided in the update expression is invalid'):
            test_table_s.update_item(Key={'p': p}, UpdateExpression=expression,
                                     ExpressionAttributeValues={':s': {'a'}})
    assert test_table_s.get_item(Key={'p': p}, ConsistentRead=True)['Item'] == {'p': p, 'b': 'text', 'm': {}}
    # A path that could exist but does not is a no-op.
    test_table_s.update_item(Key={'p': p}, UpdateExpression='DELETE m.a :s', ExpressionAttributeValues={':s': {'a'}})

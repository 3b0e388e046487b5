# ConditionExpression on PutItem, UpdateItem and DeleteItem, and
# ReturnValuesOnConditionCheckFailure.
# References: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
# and scylladb test/alternator/test_condition_expression.py (verified against AWS).


import pytest

from helpers import dynamodb_request, error_type, expect_error, random_string

CCF = 'ConditionalCheckFailedException'


@pytest.fixture
def item(test_table_s):
    """A fresh item with attributes of many types; returns its key value."""
    p = random_string()
    test_table_s.put_item(Item={
        'p': p, 'n': 5, 's': 'cat', 'b': b'cat', 'l': [1, 'two', {'three': 3}], 'm': {'x': 1, 'y': {'z': 'deep'}},
        'ss': {'a', 'b'}, 'ns': {1, 2}, 'flag': True, 'nul': None, 'emptystr': '',
    })
    return p


def check(table, p, condition, values=None, names=None):
    """True if the condition holds on item p (an UpdateItem that sets a
    mk attribute succeeds), False if it fails with
    ConditionalCheckFailedException."""
    mk = random_string()
    vals = dict(values or {})
    vals[':mkv'] = mk
    kwargs = {'Key': {'p': p}, 'UpdateExpression': 'SET mk = :mkv',
              'ConditionExpression': condition, 'ExpressionAttributeValues': vals}
    if names:
        kwargs['ExpressionAttributeNames'] = names
    try:
        table.update_item(**kwargs)
    except table.meta.client.exceptions.ConditionalCheckFailedException:
        return False
    assert table.get_item(Key={'p': p}, ConsistentRead=True)['Item']['mk'] == mk
    return True


def test_put_condition_attribute_not_exists(test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'v': 1}, ConditionExpression='attribute_not_exists(p)')
    with expect_error(CCF, 'The conditional request failed'):
        test_table_s.put_item(Item={'p': p, 'v': 2}, ConditionExpression='attribute_not_exists(p)')
    assert test_table_s.get_item(Key={'p': p}, ConsistentRead=True)['Item']['v'] == 1


def test_put_condition_attribute_exists(test_table_s):
    p = random_string()
    with expect_error(CCF):
        test_table_s.put_item(Item={'p': p}, ConditionExpression='attribute_exists(p)')
    assert 'Item' not in test_table_s.get_item(Key={'p': p}, ConsistentRead=True)
    test_table_s.put_item(Item={'p': p, 'v': 1})
    test_table_s.put_item(Item={'p': p, 'v': 2}, ConditionExpression='attribute_exists(p)')


def test_delete_condition(test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'v': 1})
    with expect_error(CCF):
        test_table_s.delete_item(Key={'p': p}, ConditionExpression='v = :v', ExpressionAttributeValues={':v': 2})
    assert 'Item' in test_table_s.get_item(Key={'p': p}, ConsistentRead=True)
    test_table_s.delete_item(Key={'p': p}, ConditionExpression='v = :v', ExpressionAttributeValues={':v': 1})
    assert 'Item' not in test_table_s.get_item(Key={'p': p}, ConsistentRead=True)


def test_delete_condition_on_missing_item(test_table_s):
    with expect_error(CCF):
        test_table_s.delete_item(Key={'p': random_string()}, ConditionExpression='attribute_exists(p)')


def test_update_condition_on_missing_item_does_not_create(test_table_s):
    p = random_string()
    with expect_error(CCF):
        test_table_s.update_item(Key={'p': p}, UpdateExpression='SET a = :v', ConditionExpression='a = :v',
                                 ExpressionAttributeValues={':v': 1})
    assert 'Item' not in test_table_s.get_item(Key={'p': p}, ConsistentRead=True)


@pytest.mark.parametrize('cond,values,expected', [
    ('n = :v', {':v': 5}, True), ('n = :v', {':v': 6}, False), ('n = :v', {':v': '5'}, False),
    ('n <> :v', {':v': 6}, True), ('n <> :v', {':v': 5}, False),
    ('n < :v', {':v': 6}, True), ('n < :v', {':v': 5}, False), ('n <= :v', {':v': 5}, True),
    ('n > :v', {':v': 4}, True), ('n > :v', {':v': 5}, False), ('n >= :v', {':v': 5}, True),
    ('s < :v', {':v': 'dog'}, True), ('s > :v', {':v': 'aardvark'}, True), ('s >= :v', {':v': 'cat'}, True),
    ('b < :v', {':v': b'dog'}, True), ('b > :v', {':v': b'cat'}, False),
    ('m = :v', {':v': {'x': 1, 'y': {'z': 'deep'}}}, True), ('l = :v', {':v': [1, 'two', {'three': 3}]}, True),
    ('ss = :v', {':v': {'b', 'a'}}, True), ('ns = :v', {':v': {1, 2, 3}}, False),
    ('flag = :v', {':v': True}, True), ('nul = :v', {':v': None}, True),
    ('m.y.z = :v', {':v': 'deep'}, True), ('l[2].three = :v', {':v': 3}, True), ('l[0] = :v', {':v': 1}, True),
    ('l[5] = :v', {':v': 1}, False),
    # Different types: comparison is false, not an error.
    ('n < :v', {':v': '17'}, False), ('s > :v', {':v': 1}, False),
    # A missing attribute is not <, <=, >, >= or = anything...
    ('q < :v', {':v': 1}, False), (':v < q', {':v': 1}, False), ('q = :v', {':v': 1}, False),
    # ...but <> is true when an operand is missing.
    ('q <> :v', {':v': 1}, True), ('q <> z', None, True),
    ('q < z', None, False),
    # Comparing attributes with each other.
    ('s < n', None, False),
    ('n BETWEEN :a AND :b', {':a': 1, ':b': 10}, True), ('n BETWEEN :a AND :b', {':a': 5, ':b': 5}, True),
    ('n BETWEEN :a AND :b', {':a': 6, ':b': 10}, False), ('s BETWEEN :a AND :b', {':a': 'a', ':b': 'd'}, True),
    ('q BETWEEN :a AND :b', {':a': 1, ':b': 10}, False),
    ('n IN (:a, :b)', {':a': 1, ':b': 5}, True), ('n IN (:a)', {':a': 1}, False),
    ('s IN (:a, :b, :c)', {':a': 1, ':b': 'dog', ':c': 'cat'}, True),
])
def test_comparisons(test_table_s, item, cond, values, expected):
    assert check(test_table_s, item, cond, values) == expected


def test_same_path_on_both_sides_is_error(test_table_s, item):
    # "Invalid ConditionExpression: The first operand must be distinct from
    # the remaining operands for this operator or function; operator: =, first operand: [n]"
    with expect_error('ValidationException', 'distinct'):
        check(test_table_s, item, 'n = n')


def test_between_reversed_bounds_is_error(test_table_s, item):
    # "Invalid ConditionExpression: The BETWEEN operator requires upper bound
    # to be greater than or equal to lower bound; lower bound operand: ..."
    with expect_error('ValidationException', 'BETWEEN'):
        check(test_table_s, item, 'n BETWEEN :a AND :b', {':a': 10, ':b': 1})


def test_comparison_with_unsupported_constant_type(test_table_s, item):
    # A list constant in an order comparison is a ValidationException, not false.
    with expect_error('ValidationException'):
        check(test_table_s, item, 'n < :v', {':v': [1, 2]})


@pytest.mark.parametrize('cond,values,expected', [
    ('attribute_exists(n)', None, True), ('attribute_exists(q)', None, False),
    ('attribute_not_exists(q)', None, True), ('attribute_not_exists(n)', None, False),
    ('attribute_exists(m.y.z)', None, True), ('attribute_exists(m.y.w)', None, False),
    ('attribute_exists(l[1])', None, True), ('attribute_exists(l[3])', None, False),
    ('attribute_exists(nul)', None, True), ('attribute_exists(emptystr)', None, True),
    ('attribute_type(n, :t)', {':t': 'N'}, True), ('attribute_type(n, :t)', {':t': 'S'}, False),
    ('attribute_type(s, :t)', {':t': 'S'}, True), ('attribute_type(b, :t)', {':t': 'B'}, True),
    ('attribute_type(l, :t)', {':t': 'L'}, True), ('attribute_type(m, :t)', {':t': 'M'}, True),
    ('attribute_type(ss, :t)', {':t': 'SS'}, True), ('attribute_type(ns, :t)', {':t': 'NS'}, True),
    ('attribute_type(flag, :t)', {':t': 'BOOL'}, True), ('attribute_type(nul, :t)', {':t': 'NULL'}, True),
    ('attribute_type(q, :t)', {':t': 'S'}, False),
    ('begins_with(s, :v)', {':v': 'ca'}, True), ('begins_with(s, :v)', {':v': 'at'}, False),
    ('begins_with(s, :v)', {':v': ''}, True), ('begins_with(b, :v)', {':v': b'c'}, True),
    ('begins_with(n, :v)', {':v': '5'}, False), ('begins_with(q, :v)', {':v': 'a'}, False),
    ('contains(s, :v)', {':v': 'at'}, True), ('contains(s, :v)', {':v': 'dog'}, False),
    ('contains(ss, :v)', {':v': 'a'}, True), ('contains(ss, :v)', {':v': 'c'}, False),
    ('contains(ns, :v)', {':v': 2}, True), ('contains(l, :v)', {':v': 'two'}, True),
    ('contains(l, :v)', {':v': 3}, False), ('contains(q, :v)', {':v': 'a'}, False),
    ('size(s) = :v', {':v': 3}, True), ('size(b) = :v', {':v': 3}, True), ('size(l) = :v', {':v': 3}, True),
    ('size(m) = :v', {':v': 2}, True), ('size(ss) = :v', {':v': 2}, True), ('size(emptystr) = :v', {':v': 0}, True),
    ('size(s) > :v', {':v': 2}, True), ('size(q) = :v', {':v': 0}, False),
    ('size(m.y) = :v', {':v': 1}, True),
])
def test_functions(test_table_s, item, cond, values, expected):
    assert check(test_table_s, item, cond, values) == expected


@pytest.mark.parametrize('cond,expected', [
    ('n = :five AND s = :cat', True), ('n = :five AND s = :dog', False),
    ('n = :six OR s = :cat', True), ('n = :six OR s = :dog', False),
    ('NOT n = :six', True), ('NOT n = :five', False), ('not n = :six', True),
    ('n = :six OR n = :five AND s = :dog', False),  # AND binds tighter than OR
    ('(n = :six OR n = :five) AND s = :cat', True),
    ('NOT (n = :six OR s = :dog)', True), ('NOT NOT n = :five', True),
    ('n = :five and (s = :cat or s = :dog) and not attribute_exists(q)', True),
])
def test_logical_operators(test_table_s, item, cond, expected):
    values = {':five': 5, ':six': 6, ':cat': 'cat', ':dog': 'dog'}
    used = {k: v for k, v in values.items() if k in cond}
    assert check(test_table_s, item, cond, used) == expected


def test_attribute_type_invalid_type(test_table_s, item):
    # attribute_type's second argument must be a valid type name.
    with expect_error('ValidationException'):
        check(test_table_s, item, 'attribute_type(n, :t)', {':t': 'DOG'})


@pytest.mark.parametrize('cond', [
    'n = ', '= :v', 'n == :v', 'n = :v AND', '(n = :v', 'n = :v)', 'n BETWEEN :v', 'n IN ()',
    'attribute_exists()', 'nosuchfunction(n)', 'n = :v :v', '',
])
def test_syntax_errors(test_table_s, item, cond):
    with expect_error('ValidationException', 'ConditionExpression'):
        check(test_table_s, item, cond, {':v': 1} if ':v' in cond else None)


def test_function_not_allowed_as_condition(test_table_s, item):
    # size() returns a number: it cannot be a condition by itself.
    with expect_error('ValidationException'):
        check(test_table_s, item, 'size(s)')
    # attribute_exists needs a path, not a value.
    with expect_error('ValidationException'):
        check(test_table_s, item, 'attribute_exists(:v)', {':v': 1})


def test_wrong_function_arg_count(test_table_s, item):
    with expect_error('ValidationException'):
        check(test_table_s, item, 'begins_with(s)')
    with expect_error('ValidationException'):
        check(test_table_s, item, 'attribute_exists(s, n)')


def test_condition_with_names(test_table_s, item):
    assert check(test_table_s, item, '#n = :v', {':v': 5}, {'#n': 'n'})
    assert check(test_table_s, item, '#m.#y.#z = :v', {':v': 'deep'}, {'#m': 'm', '#y': 'y', '#z': 'z'})


def test_in_list_limit(test_table_s, item):
    # IN accepts up to 100 values.
    values = {':v%d' % i: i for i in range(100)}
    assert check(test_table_s, item, 'n IN (' + ', '.join(values) + ')', values)
    values = {':v%d' % i: i for i in range(101)}
    with expect_error('ValidationException'):
        check(test_table_s, item, 'n IN (' + ', '.join(values) + ')', values)


def test_condition_on_key_attribute(test_table_s, item):
    assert check(test_table_s, item, 'p = :v', {':v': item})
    assert not check(test_table_s, item, 'begins_with(p, :v)', {':v': 'nomatch-'})


def test_return_values_on_condition_check_failure_all_old(endpoint, test_table_s):
    # ReturnValuesOnConditionCheckFailure=ALL_OLD: the error response carries
    # the existing item under "Item" (botocore exposes it as
    # e.response['Item']). Sent raw because older botocore models lack the
    # parameter. https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'a': 1})
    for op, extra in [('PutItem', {'Item': {'p': {'S': p}, 'a': {'N': '2'}}}),
                      ('DeleteItem', {'Key': {'p': {'S': p}}}),
                      ('UpdateItem', {'Key': {'p': {'S': p}}, 'UpdateExpression': 'SET a = :two'})]:
        payload = {'TableName': test_table_s.name, 'ConditionExpression': 'a = :two',
                   'ExpressionAttributeValues': {':two': {'N': '2'}},
                   'ReturnValuesOnConditionCheckFailure': 'ALL_OLD'}
        payload.update(extra)
        status, body = dynamodb_request(endpoint, op, payload)
        assert status == 400, (op, body)
        assert error_type(body) == CCF
        assert body['Item'] == {'p': {'S': p}, 'a': {'N': '1'}}, op
        # Without the option (or with NONE) there is no Item.
        payload['ReturnValuesOnConditionCheckFailure'] = 'NONE'
        status, body = dynamodb_request(endpoint, op, payload)
        assert status == 400 and 'Item' not in body


def test_return_values_on_condition_check_failure_missing_item(endpoint, test_table_s):
    payload = {'TableName': test_table_s.name, 'Key': {'p': {'S': random_string()}},
               'ConditionExpression': 'attribute_exists(p)', 'ReturnValuesOnConditionCheckFailure': 'ALL_OLD'}
    status, body = dynamodb_request(endpoint, 'DeleteItem', payload)
    assert status == 400
    assert error_type(body) == CCF
    assert 'Item' not in body


def test_return_values_on_condition_check_failure_invalid(endpoint, test_table_s):
    payload = {'TableName': test_table_s.name, 'Key': {'p': {'S': random_string()}},
               'ConditionExpression': 'attribute_exists(p)', 'ReturnValuesOnConditionCheckFailure': 'ALL_NEW'}
    status, body = dynamodb_request(endpoint, 'DeleteItem', payload)
    assert status == 400
    assert error_type(body) == 'ValidationException'


def test_return_values_on_condition_check_failure_boto3(dynamodb, test_table_s):
    # Same as above through botocore when its model knows the parameter.
    model = dynamodb.meta.service_model.operation_model('PutItem')
    if 'ReturnValuesOnConditionCheckFailure' not in model.input_shape.members:
        pytest.skip('this botocore does not know ReturnValuesOnConditionCheckFailure')
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'a': 1})
    with expect_error(CCF) as info:
        dynamodb.put_item(TableName=test_table_s.name, Item={'p': {'S': p}},
                          ConditionExpression='attribute_not_exists(p)',
                          ReturnValuesOnConditionCheckFailure='ALL_OLD')
    assert info.value.response['Item'] == {'p': {'S': p}, 'a': {'N': '1'}}


def test_concurrent_conditional_puts_one_winner(endpoint, test_table_s):
    # attribute_not_exists(p) as a create-if-absent lock: exactly one of many
    # concurrent writers wins.
    import threading
    from conftest import make_client
    p = random_string()
    results = []

    def worker(i):
        client = make_client(endpoint)
        try:
            client.put_item(TableName=test_table_s.name, Item={'p': {'S': p}, 'owner': {'N': str(i)}},
                            ConditionExpression='attribute_not_exists(p)')
            results.append(('won', i))
        except client.exceptions.ConditionalCheckFailedException:
            results.append(('lost', i))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [i for r, i in results if r == 'won']
    assert len(results) == 8 and len(winners) == 1
    assert test_table_s.get_item(Key={'p': p}, ConsistentRead=True)['Item']['owner'] == winners[0]

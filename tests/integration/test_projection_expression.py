# ProjectionExpression on GetItem, Query, Scan and BatchGetItem.
# References: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html
# and scylladb test/alternator/test_projection_expression.py.

import re

import pytest

from helpers import expect_error, random_string


@pytest.fixture
def p(test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'a': 1, 'b': 'two', 'l': ['x', 'y', {'q': 'z'}],
                                'm': {'x': 1, 'y': {'z': 2, 'w': 3}}, 'n': 5})
    return p


def project(table, p, expr, names=None):
    kwargs = {'Key': {'p': p}, 'ProjectionExpression': expr, 'ConsistentRead': True}
    if names:
        kwargs['ExpressionAttributeNames'] = names
    return table.get_item(**kwargs).get('Item')


@pytest.mark.parametrize('expr,expected', [
    ('a', {'a': 1}),
    ('a, b', {'a': 1, 'b': 'two'}),
    ('p', None),
    ('a,b,nothere', {'a': 1, 'b': 'two'}),
    ('m.x', {'m': {'x': 1}}),
    ('m.y.z', {'m': {'y': {'z': 2}}}),
    ('m.x, m.y.w', {'m': {'x': 1, 'y': {'w': 3}}}),
    ('l[0]', {'l': ['x']}),
    ('l[2].q', {'l': [{'q': 'z'}]}),
    ('l[0], l[2]', {'l': ['x', {'q': 'z'}]}),
    ('l[1], a', {'l': ['y'], 'a': 1}),
    ('l[10]', {}),
    ('a.b', {}),
    ('m.nothere', {}),
    ('l.x', {}),
    ('m[0]', {}),
    ('nothere', {}),
])
def test_projection(test_table_s, p, expr, expected):
    if expected is None:
        expected = {'p': p}
    # An existing item with none of the projected attributes is returned as
    # an empty Item (not an absent one).
    assert project(test_table_s, p, expr) == expected


def test_projection_missing_item(test_table_s):
    assert project(test_table_s, random_string(), 'a') is None


def test_projection_with_names(test_table_s, p):
    assert project(test_table_s, p, '#a, #m.#y.#z', {'#a': 'a', '#m': 'm', '#y': 'y', '#z': 'z'}) == \
        {'a': 1, 'm': {'y': {'z': 2}}}


def test_projection_name_with_dot(test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'a.b': 'dotted', 'a': {'b': 'nested'}})
    assert project(test_table_s, p, '#ab', {'#ab': 'a.b'}) == {'a.b': 'dotted'}
    assert project(test_table_s, p, 'a.b') == {'a': {'b': 'nested'}}


@pytest.mark.parametrize('expr', ['a, a', 'm, m.x', 'm.x, m', 'm.y, m.y.z', 'l[0], l'])
def test_projection_overlapping_paths(test_table_s, p, expr):
    # "Invalid ProjectionExpression: Two document paths overlap with each other; ..."
    with expect_error('ValidationException', 'Two document paths overlap'):
        project(test_table_s, p, expr)


def test_projection_conflicting_paths(test_table_s, p):
    with expect_error('ValidationException', 'conflict|overlap'):
        project(test_table_s, p, 'm.x, m[0]')


@pytest.mark.parametrize('expr', ['', 'a,', ',a', 'a b', 'a..b', 'a[x]', 'a[-1]', 'size(a)', ':v', 'a = b'])
def test_projection_syntax_errors(test_table_s, p, expr):
    with expect_error('ValidationException', 'ProjectionExpression'):
        project(test_table_s, p, expr)


def test_projection_reserved_word(test_table_s, p):
    with expect_error('ValidationException', 'reserved keyword'):
        project(test_table_s, p, 'name')
    assert project(test_table_s, p, '#n', {'#n': 'name'}) == {}


def test_projection_and_attributes_to_get(test_table_s, p):
    # "Can not use both expression and non-expression parameters in the same request"
    with expect_error('ValidationException', 'both expression and non-expression'):
        test_table_s.get_item(Key={'p': p}, ProjectionExpression='a', AttributesToGet=['a'])


def test_projection_query_and_scan(dynamodb_resource, dynamodb):
    from helpers import new_table
    with new_table(dynamodb, dynamodb_resource) as table:
        table.put_item(Item={'p': 'x', 'c': '1', 'a': 1, 'b': {'c': 2, 'd': 3}})
        table.put_item(Item={'p': 'x', 'c': '2', 'a': 2})
        got = table.query(KeyConditionExpression='p = :p', ExpressionAttributeValues={':p': 'x'},
                          ProjectionExpression='c, b.d', ConsistentRead=True)['Items']
        assert got == [{'c': '1', 'b': {'d': 3}}, {'c': '2'}]
        got = table.scan(ProjectionExpression='a', ConsistentRead=True)['Items']
        assert sorted(i['a'] for i in got) == [1, 2]


def test_projection_does_not_affect_filter(dynamodb_resource, dynamodb):
    # The filter sees the whole item even if the projection omits the attribute.
    from helpers import new_table
    with new_table(dynamodb, dynamodb_resource) as table:
        table.put_item(Item={'p': 'x', 'c': '1', 'a': 1, 'secret': 'yes'})
        table.put_item(Item={'p': 'x', 'c': '2', 'a': 2, 'secret': 'no'})
        got = table.scan(ProjectionExpression='a', FilterExpression='secret = :y',
                         ExpressionAttributeValues={':y': 'yes'}, ConsistentRead=True)['Items']
        assert got == [{'a': 1}]


def test_batch_get_projection(test_table_s, p):
    client = test_table_s.meta.client
    resp = client.batch_get_item(RequestItems={test_table_s.name: {
        'Keys': [{'p': p}], 'ProjectionExpression': 'b, m.x', 'ConsistentRead': True}})
    assert resp['Responses'][test_table_s.name] == [{'b': 'two', 'm': {'x': 1}}]


def test_a_path_into_a_key_attribute_is_refused(test_table_s, test_table):
    # Key attributes are scalars: DynamoDB refuses "p.x" or "p[0]" wherever
    # an expression reads or writes one (dynalite's getItem, query, scan and
    # updateItem tests, recorded against the service).
    def refused(name):
        return re.escape("Key attributes must be scalars; list random access '[]' and map lookup '.' are not "
                         "allowed: Key: " + name)
    message = refused('p')
    with expect_error('ValidationException', message):
        test_table_s.get_item(Key={'p': 'x'}, ProjectionExpression='#k.b', ExpressionAttributeNames={'#k': 'p'})
    with expect_error('ValidationException', message):
        test_table_s.scan(FilterExpression='attribute_exists(p[0])')
    with expect_error('ValidationException', refused('c')):
        test_table.query(KeyConditionExpression='p = :p', FilterExpression='c.d = :p',
                         ExpressionAttributeValues={':p': 'x'})
    with expect_error('ValidationException', message):
        test_table_s.update_item(Key={'p': 'x'}, UpdateExpression='SET a = p.b')
    with expect_error('ValidationException', message):
        test_table_s.put_item(Item={'p': 'x'}, ConditionExpression='attribute_not_exists(p.q)')


def test_transact_get_refuses_a_path_into_a_key_attribute(dynamodb, test_table_s):
    with expect_error('ValidationException', re.escape('Key attributes must be scalars') + '.*Key: p'):
        dynamodb.transact_get_items(TransactItems=[{'Get': {
            'TableName': test_table_s.name, 'Key': {'p': {'S': 'x'}}, 'ProjectionExpression': 'p.q'}}])

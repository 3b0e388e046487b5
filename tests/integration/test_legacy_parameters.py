# The legacy (pre-expression) parameters, from the developer guide's
# "Legacy conditional parameters" pages (Expected, AttributeUpdates,
# AttributesToGet, KeyConditions, QueryFilter, ScanFilter,
# ConditionalOperator). Messages are those public suites record of the live
# service where the guide does not give them.
import pytest

from helpers import expect_error, new_table, random_string


def put(dynamodb, table, item):
    dynamodb.put_item(TableName=table.name, Item=item)


def get(dynamodb, table, key):
    return dynamodb.get_item(TableName=table.name, Key=key, ConsistentRead=True).get('Item')


@pytest.fixture
def item(dynamodb, test_table_s):
    p = random_string()
    put(dynamodb, test_table_s, {'p': {'S': p}, 'a': {'N': '3'}, 's': {'S': 'hello'},
                                 'ss': {'SS': ['x', 'y']}, 'l': {'L': [{'N': '1'}]}})
    return {'p': {'S': p}}


# --- Expected -----------------------------------------------------------

@pytest.mark.parametrize('expected, holds', [
    ({'a': {'Value': {'N': '3'}}}, True),
    ({'a': {'Value': {'N': '4'}}}, False),
    ({'a': {'Value': {'N': '3'}, 'Exists': True}}, True),
    ({'zz': {'Exists': False}}, True),
    ({'a': {'Exists': False}}, False),
    ({'a': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'N': '3'}]}}, True),
    ({'a': {'ComparisonOperator': 'EQ', 'Value': {'N': '3'}}}, True),  # Value with an operator is accepted
    ({'a': {'ComparisonOperator': 'NE', 'AttributeValueList': [{'S': '3'}]}}, True),
    ({'zz': {'ComparisonOperator': 'NE', 'AttributeValueList': [{'N': '3'}]}}, True),
    ({'a': {'ComparisonOperator': 'LT', 'AttributeValueList': [{'N': '4'}]}}, True),
    ({'a': {'ComparisonOperator': 'GE', 'AttributeValueList': [{'N': '4'}]}}, False),
    ({'a': {'ComparisonOperator': 'LT', 'AttributeValueList': [{'S': '4'}]}}, False),
    ({'a': {'ComparisonOperator': 'NOT_NULL'}}, True),
    ({'zz': {'ComparisonOperator': 'NULL'}}, True),
    ({'s': {'ComparisonOperator': 'CONTAINS', 'AttributeValueList': [{'S': 'ell'}]}}, True),
    ({'ss': {'ComparisonOperator': 'CONTAINS', 'AttributeValueList': [{'S': 'y'}]}}, True),
    ({'l': {'ComparisonOperator': 'CONTAINS', 'AttributeValueList': [{'N': '1'}]}}, True),
    ({'s': {'ComparisonOperator': 'NOT_CONTAINS', 'AttributeValueList': [{'S': 'zz'}]}}, True),
    ({'zz': {'ComparisonOperator': 'NOT_CONTAINS', 'AttributeValueList': [{'S': 'zz'}]}}, False),
    ({'s': {'ComparisonOperator': 'BEGINS_WITH', 'AttributeValueList': [{'S': 'he'}]}}, True),
    ({'a': {'ComparisonOperator': 'IN', 'AttributeValueList': [{'N': '1'}, {'N': '3'}]}}, True),
    ({'a': {'ComparisonOperator': 'BETWEEN', 'AttributeValueList': [{'N': '1'}, {'N': '3'}]}}, True),
    ({'a': {'ComparisonOperator': 'BETWEEN', 'AttributeValueList': [{'N': '4'}, {'N': '5'}]}}, False),
])
def test_expected_operators(dynamodb, test_table_s, item, expected, holds):
    call = lambda: dynamodb.update_item(TableName=test_table_s.name, Key=item, Expected=expected,
                                        AttributeUpdates={'done': {'Value': {'BOOL': True}}})
    if holds:
        call()
        assert get(dynamodb, test_table_s, item)['done'] == {'BOOL': True}
    else:
        with expect_error('ConditionalCheckFailedException', '^The conditional request failed$'):
            call()


def test_conditional_operator_or_and_and(dynamodb, test_table_s, item):
    one_true = {'a': {'Value': {'N': '3'}}, 'zz': {'Exists': True, 'Value': {'N': '1'}}}
    dynamodb.delete_item(TableName=test_table_s.name, Key=item, Expected=one_true, ConditionalOperator='OR')
    assert get(dynamodb, test_table_s, item) is None
    put(dynamodb, test_table_s, dict(item, a={'N': '3'}))
    with expect_error('ConditionalCheckFailedException'):
        dynamodb.delete_item(TableName=test_table_s.name, Key=item, Expected=one_true, ConditionalOperator='AND')


@pytest.mark.parametrize('entry, message', [
    ({'Exists': True}, 'Value must be provided when Exists is true for Attribute: a'),
    ({}, 'Value must be provided when Exists is null for Attribute: a'),
    ({'Exists': False, 'Value': {'N': '1'}}, 'Value cannot be used when Exists is false for Attribute: a'),
    ({'Exists': True, 'ComparisonOperator': 'EQ', 'AttributeValueList': [{'N': '1'}]},
     'Exists and ComparisonOperator cannot be used together for Attribute: a'),
    ({'Value': {'N': '1'}, 'AttributeValueList': [{'N': '1'}]},
     'Value and AttributeValueList cannot be used together for Attribute: a'),
    ({'AttributeValueList': [{'N': '1'}]}, 'AttributeValueList can only be used with a ComparisonOperator for Attribute: a'),
    ({'ComparisonOperator': 'LT'}, 'Value or AttributeValueList must be used with ComparisonOperator: LT for Attribute: a'),
    ({'ComparisonOperator': 'BETWEEN', 'Value': {'N': '1'}}, 'Invalid number of argument\\(s\\) for the BETWEEN ComparisonOperator'),
    ({'ComparisonOperator': 'BEGINS_WITH', 'AttributeValueList': [{'N': '1'}]},
     'ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type'),
    ({'ComparisonOperator': 'IN', 'AttributeValueList': [{'N': '1'}, {'S': '1'}]},
     'AttributeValues inside AttributeValueList must be of same type'),
])
def test_expected_errors(dynamodb, test_table_s, entry, message):
    with expect_error('ValidationException', message):
        dynamodb.put_item(TableName=test_table_s.name, Item={'p': {'S': 'x'}}, Expected={'a': entry})


def test_between_bounds_out_of_order(dynamodb, test_table_s):
    with expect_error('ValidationException', '^The BETWEEN condition was provided a range where the lower bound is '
                                             'greater than the upper bound$'):
        dynamodb.put_item(TableName=test_table_s.name, Item={'p': {'S': 'x'}}, Expected={
            'a': {'ComparisonOperator': 'BETWEEN', 'AttributeValueList': [{'N': '4'}, {'N': '3'}]}})


def test_conditional_operator_needs_two_conditions(dynamodb, test_table_s):
    with expect_error('ValidationException', '^ConditionalOperator cannot be used without Filter or Expected$'):
        dynamodb.put_item(TableName=test_table_s.name, Item={'p': {'S': 'x'}}, ConditionalOperator='OR')
    with expect_error('ValidationException', '^ConditionalOperator can only be used when Filter or Expected has two '
                                             'or more elements$'):
        dynamodb.put_item(TableName=test_table_s.name, Item={'p': {'S': 'x'}}, ConditionalOperator='OR',
                          Expected={'a': {'Exists': False}})


@pytest.mark.parametrize('params, legacy, expressions', [
    (dict(Expected={'a': {'Exists': False}}, ConditionExpression='attribute_exists(a)'), 'Expected',
     'ConditionExpression'),
    (dict(AttributeUpdates={'a': {'Value': {'N': '1'}}}, Expected={'a': {'Exists': False}},
          UpdateExpression='SET b = :v', ExpressionAttributeValues={':v': {'N': '1'}}),
     'AttributeUpdates, Expected', 'UpdateExpression'),
])
def test_mixing_with_expressions(dynamodb, test_table_s, params, legacy, expressions):
    with expect_error('ValidationException', '^Can not use both expression and non-expression parameters in the same '
                      'request: Non-expression parameters: {%s} Expression parameters: {%s}$' % (legacy, expressions)):
        dynamodb.update_item(TableName=test_table_s.name, Key={'p': {'S': 'x'}}, **params)


def test_expression_values_without_expressions(dynamodb, test_table_s):
    with expect_error('ValidationException', '^ExpressionAttributeValues can only be specified when using expressions'):
        dynamodb.put_item(TableName=test_table_s.name, Item={'p': {'S': 'x'}}, Expected={'a': {'Exists': False}},
                          ExpressionAttributeValues={':v': {'N': '1'}})


# --- AttributeUpdates ------------------------------------------------------

def test_attribute_updates(dynamodb, test_table_s, item):
    dynamodb.update_item(TableName=test_table_s.name, Key=item, AttributeUpdates={
        'a': {'Action': 'ADD', 'Value': {'N': '-1'}},
        'ss': {'Action': 'DELETE', 'Value': {'SS': ['x', 'nothere']}},
        'l': {'Action': 'ADD', 'Value': {'L': [{'N': '1'}, {'S': 'two'}]}},
        's': {'Action': 'DELETE'},
        'n': {'Value': {'S': 'default action is PUT'}},
        'new': {'Action': 'ADD', 'Value': {'NS': ['1']}},
    })
    assert get(dynamodb, test_table_s, item) == dict(item, a={'N': '2'}, ss={'SS': ['y']},
                                                     l={'L': [{'N': '1'}, {'N': '1'}, {'S': 'two'}]},
                                                     n={'S': 'default action is PUT'}, new={'NS': ['1']})
    resp = dynamodb.update_item(TableName=test_table_s.name, Key=item, ReturnValues='UPDATED_NEW',
                                AttributeUpdates={'ss': {'Action': 'DELETE', 'Value': {'SS': ['y']}},
                                                  'a': {'Action': 'ADD', 'Value': {'N': '1'}}})
    # The emptied set is gone.
    assert resp['Attributes'] == {'a': {'N': '3'}}


def test_attribute_updates_only_deleting_does_not_create_the_item(dynamodb, test_table_s):
    key = {'p': {'S': random_string()}}
    dynamodb.update_item(TableName=test_table_s.name, Key=key, AttributeUpdates={'a': {'Action': 'DELETE'}})
    assert get(dynamodb, test_table_s, key) is None
    dynamodb.update_item(TableName=test_table_s.name, Key=key, AttributeUpdates={'a': {'Action': 'ADD', 'Value': {'N': '5'}}})
    assert get(dynamodb, test_table_s, key) == dict(key, a={'N': '5'})


@pytest.mark.parametrize('update, message', [
    ({'a': {'Action': 'PUT'}}, 'Only DELETE action is allowed when no attribute value is specified'),
    ({'a': {'Action': 'DELETE', 'Value': {'S': 'x'}}}, 'DELETE action with value is not supported for the type S'),
    ({'a': {'Action': 'ADD', 'Value': {'S': 'x'}}}, 'ADD action is not supported for the type S'),
    ({'p': {'Value': {'S': 'x'}}}, 'Cannot update attribute p. This attribute is part of the key'),
])
def test_attribute_updates_errors(dynamodb, test_table_s, update, message):
    with expect_error('ValidationException', message):
        dynamodb.update_item(TableName=test_table_s.name, Key={'p': {'S': 'x'}}, AttributeUpdates=update)


def test_attribute_updates_type_mismatch(dynamodb, test_table_s, item):
    with expect_error('ValidationException', '^Type mismatch for attribute to update$'):
        dynamodb.update_item(TableName=test_table_s.name, Key=item,
                             AttributeUpdates={'s': {'Action': 'ADD', 'Value': {'N': '1'}}})


# --- AttributesToGet --------------------------------------------------------

def test_attributes_to_get(dynamodb, test_table_s, item):
    resp = dynamodb.get_item(TableName=test_table_s.name, Key=item, AttributesToGet=['a', 's', 'missing'])
    assert resp['Item'] == {'a': {'N': '3'}, 's': {'S': 'hello'}}
    assert dynamodb.get_item(TableName=test_table_s.name, Key=item, AttributesToGet=['missing'])['Item'] == {}
    with expect_error('ValidationException', 'Duplicate value in attribute name: a'):
        dynamodb.get_item(TableName=test_table_s.name, Key=item, AttributesToGet=['a', 'a'])
    with expect_error('ValidationException', 'Non-expression parameters: {AttributesToGet} '
                                             'Expression parameters: {ProjectionExpression}'):
        dynamodb.get_item(TableName=test_table_s.name, Key=item, AttributesToGet=['a'], ProjectionExpression='a')
    batch = dynamodb.batch_get_item(RequestItems={test_table_s.name: {'Keys': [item], 'AttributesToGet': ['s']}})
    assert batch['Responses'][test_table_s.name] == [{'s': {'S': 'hello'}}]


# --- KeyConditions, QueryFilter, ScanFilter ---------------------------------

@pytest.fixture(scope='module')
def songs(dynamodb, dynamodb_resource):
    with new_table(dynamodb, dynamodb_resource,
                   [{'AttributeName': 'p', 'KeyType': 'HASH'}, {'AttributeName': 'c', 'KeyType': 'RANGE'}],
                   [{'AttributeName': 'p', 'AttributeType': 'S'}, {'AttributeName': 'c', 'AttributeType': 'N'}]) as t:
        for i in range(10):
            put(dynamodb, t, {'p': {'S': 'x'}, 'c': {'N': str(i)}, 'odd': {'BOOL': i % 2 == 1}})
        yield t


def numbers(items):
    return [int(i['c']['N']) for i in items]


@pytest.mark.parametrize('range_condition, expected', [
    (None, list(range(10))),
    ({'ComparisonOperator': 'EQ', 'AttributeValueList': [{'N': '3'}]}, [3]),
    ({'ComparisonOperator': 'LT', 'AttributeValueList': [{'N': '3'}]}, [0, 1, 2]),
    ({'ComparisonOperator': 'GE', 'AttributeValueList': [{'N': '8'}]}, [8, 9]),
    ({'ComparisonOperator': 'BETWEEN', 'AttributeValueList': [{'N': '2'}, {'N': '4'}]}, [2, 3, 4]),
])
def test_key_conditions(dynamodb, songs, range_condition, expected):
    conditions = {'p': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'S': 'x'}]}}
    if range_condition:
        conditions['c'] = range_condition
    resp = dynamodb.query(TableName=songs.name, KeyConditions=conditions)
    assert numbers(resp['Items']) == expected


@pytest.mark.parametrize('conditions, message', [
    ({'c': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'N': '1'}]}}, 'Query condition missed key schema element: p'),
    ({'p': {'ComparisonOperator': 'BEGINS_WITH', 'AttributeValueList': [{'S': 'x'}]}}, '^Query key condition not supported$'),
    ({'p': {'ComparisonOperator': 'NE', 'AttributeValueList': [{'S': 'x'}]}},
     'Attempted conditional constraint is not an indexable operation'),
    ({'p': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'N': '1'}]}},
     'Condition parameter type does not match schema type'),
    ({'p': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'S': 'x'}]},
      'c': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'N': '1'}]},
      'z': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'N': '1'}]}}, '^Conditions can be of length 1 or 2 only$'),
    ({'p': {'ComparisonOperator': 'EQ'}}, 'Invalid number of argument\\(s\\) for the EQ ComparisonOperator'),
])
def test_key_conditions_errors(dynamodb, songs, conditions, message):
    with expect_error('ValidationException', message):
        dynamodb.query(TableName=songs.name, KeyConditions=conditions)


def test_query_filter_and_scan_filter(dynamodb, songs):
    key = {'p': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'S': 'x'}]}}
    odd = {'odd': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'BOOL': True}]}}
    resp = dynamodb.query(TableName=songs.name, KeyConditions=key, QueryFilter=odd, Limit=4)
    # Limit counts items before the filter.
    assert numbers(resp['Items']) == [1, 3]
    assert resp['ScannedCount'] == 4
    with expect_error('ValidationException', '^QueryFilter can only contain non-primary key attributes: '
                                             'Primary key attribute: c$'):
        dynamodb.query(TableName=songs.name, KeyConditions=key,
                       QueryFilter={'c': {'ComparisonOperator': 'GT', 'AttributeValueList': [{'N': '1'}]}})
    # KeyConditions may go with expressions other than KeyConditionExpression.
    resp = dynamodb.query(TableName=songs.name, KeyConditions=key, FilterExpression='odd = :t',
                          ExpressionAttributeValues={':t': {'BOOL': True}}, ProjectionExpression='c')
    assert resp['Items'] == [{'c': {'N': str(i)}} for i in (1, 3, 5, 7, 9)]
    # ScanFilter may name key attributes; OR joins its conditions.
    resp = dynamodb.scan(TableName=songs.name, ConditionalOperator='OR', AttributesToGet=['c'], ScanFilter={
        'c': {'ComparisonOperator': 'LE', 'AttributeValueList': [{'N': '1'}]},
        'odd': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'BOOL': True}]}})
    assert sorted(numbers(resp['Items'])) == [0, 1, 3, 5, 7, 9]
    with expect_error('ValidationException', "Value 'BAD' at 'scanFilter.c.member.comparisonOperator' failed to "
                                             "satisfy constraint: Member must satisfy enum value set"):
        dynamodb.scan(TableName=songs.name, ScanFilter={'c': {'ComparisonOperator': 'BAD'}})


def test_request_checks_come_before_the_table_lookup(dynamodb):
    with expect_error('ValidationException', 'Can not use both expression and non-expression parameters'):
        dynamodb.put_item(TableName='nosuchtable', Item={'p': {'S': 'x'}}, Expected={'a': {'Exists': False}},
                          ConditionExpression='attribute_exists(a)')
    with expect_error('ValidationException', 'Value must be provided when Exists is true'):
        dynamodb.delete_item(TableName='nosuchtable', Key={'p': {'S': 'x'}}, Expected={'a': {'Exists': True}})
    with expect_error('ResourceNotFoundException'):
        dynamodb.get_item(TableName='nosuchtable', Key={'p': {'S': 'x'}}, AttributesToGet=['a'])

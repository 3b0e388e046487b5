# ExpressionAttributeNames / ExpressionAttributeValues: unused, undefined,
# malformed, and reserved words.
# References: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html,
# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ReservedWords.html
# and scylladb test/alternator/test_expression_attributes (in test_update_expression.py / test_projection_expression.py).

import pytest

from helpers import expect_error, random_string


def test_unused_value(test_table_s):
    # "Value provided in ExpressionAttributeValues unused in expressions: keys: {:b}"
    with expect_error('ValidationException', r'ExpressionAttributeValues unused in expressions: keys: \{:b\}'):
        test_table_s.update_item(Key={'p': random_string()}, UpdateExpression='SET a = :a',
                                 ExpressionAttributeValues={':a': 1, ':b': 2})


def test_unused_name(test_table_s):
    # "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}"
    with expect_error('ValidationException', r'ExpressionAttributeNames unused in expressions: keys: \{#b\}'):
        test_table_s.update_item(Key={'p': random_string()}, UpdateExpression='SET #a = :a',
                                 ExpressionAttributeValues={':a': 1}, ExpressionAttributeNames={'#a': 'a', '#b': 'b'})


def test_unused_in_get_item_projection(test_table_s):
    with expect_error('ValidationException', 'unused'):
        test_table_s.get_item(Key={'p': random_string()}, ProjectionExpression='#a',
                              ExpressionAttributeNames={'#a': 'a', '#zz': 'b'})


def test_used_across_expressions(test_table_s):
    # A value used only by the ConditionExpression counts as used.
    p = random_string()
    test_table_s.update_item(Key={'p': p}, UpdateExpression='SET #a = :a',
                             ConditionExpression='attribute_not_exists(#b) OR #b = :b',
                             ExpressionAttributeNames={'#a': 'a', '#b': 'b'},
                             ExpressionAttributeValues={':a': 1, ':b': 2})
    assert test_table_s.get_item(Key={'p': p}, ConsistentRead=True)['Item'] == {'p': p, 'a': 1}


def test_same_placeholder_used_twice(test_table_s):
    p = random_string()
    test_table_s.update_item(Key={'p': p}, UpdateExpression='SET #a = :v, b = :v',
                             ExpressionAttributeNames={'#a': 'a'}, ExpressionAttributeValues={':v': 7})
    assert test_table_s.get_item(Key={'p': p}, ConsistentRead=True)['Item'] == {'p': p, 'a': 7, 'b': 7}


def test_undefined_value(test_table_s):
    # "An expression attribute value used in expression is not defined; attribute value: :b"
    with expect_error('ValidationException', 'An expression attribute value used in expression is not defined; '
                                             'attribute value: :b'):
        test_table_s.update_item(Key={'p': random_string()}, UpdateExpression='SET a = :a, c = :b',
                                 ExpressionAttributeValues={':a': 1})


def test_undefined_value_no_map(test_table_s):
    with expect_error('ValidationException', 'not defined'):
        test_table_s.update_item(Key={'p': random_string()}, UpdateExpression='SET a = :a')


def test_undefined_name(test_table_s):
    # "An expression attribute name used in the document path is not defined; attribute name: #b"
    with expect_error('ValidationException', 'An expression attribute name used in the document path is not '
                                             'defined; attribute name: #b'):
        test_table_s.update_item(Key={'p': random_string()}, UpdateExpression='SET #b = :a',
                                 ExpressionAttributeValues={':a': 1})


def test_undefined_name_in_condition(test_table_s):
    with expect_error('ValidationException', 'not defined'):
        test_table_s.put_item(Item={'p': random_string()}, ConditionExpression='attribute_not_exists(#x)')


def test_undefined_name_in_projection(test_table_s):
    with expect_error('ValidationException', 'not defined'):
        test_table_s.get_item(Key={'p': random_string()}, ProjectionExpression='#x')


def test_values_without_expression(test_table_s):
    # "ExpressionAttributeValues can only be specified when using expressions"
    with expect_error('ValidationException', 'ExpressionAttributeValues can only be specified when using expressions'):
        test_table_s.put_item(Item={'p': random_string()}, ExpressionAttributeValues={':a': 1})


def test_names_without_expression(test_table_s):
    with expect_error('ValidationException', 'ExpressionAttributeNames can only be specified when using expressions'):
        test_table_s.get_item(Key={'p': random_string()}, ExpressionAttributeNames={'#a': 'a'})


def test_empty_values_map(test_table_s):
    # "ExpressionAttributeValues must not be empty"
    with expect_error('ValidationException', 'ExpressionAttributeValues must not be empty'):
        test_table_s.update_item(Key={'p': random_string()}, UpdateExpression='REMOVE a',
                                 ExpressionAttributeValues={})


def test_empty_names_map(test_table_s):
    with expect_error('ValidationException', 'ExpressionAttributeNames must not be empty'):
        test_table_s.update_item(Key={'p': random_string()}, UpdateExpression='REMOVE a',
                                 ExpressionAttributeNames={})


def test_value_key_without_colon(test_table_s):
    # "ExpressionAttributeValues contains invalid key: Syntax error; key: "a""
    with expect_error('ValidationException', 'ExpressionAttributeValues contains invalid key'):
        test_table_s.update_item(Key={'p': random_string()}, UpdateExpression='SET a = :a',
                                 ExpressionAttributeValues={':a': 1, 'a': 2})


def test_name_key_without_hash(test_table_s):
    with expect_error('ValidationException', 'ExpressionAttributeNames contains invalid key'):
        test_table_s.update_item(Key={'p': random_string()}, UpdateExpression='SET #a = :a',
                                 ExpressionAttributeValues={':a': 1}, ExpressionAttributeNames={'#a': 'a', 'b': 'b'})


def test_invalid_value_in_values(dynamodb, test_table_s):
    with expect_error('ValidationException'):
        dynamodb.update_item(TableName=test_table_s.name, Key={'p': {'S': random_string()}},
                             UpdateExpression='SET a = :a', ExpressionAttributeValues={':a': {'N': 'dog'}})


def test_name_with_special_characters(test_table_s):
    # Through a placeholder an attribute name can contain anything.
    p = random_string()
    weird = 'a b-c.d[0]:e#f \u05d0'
    test_table_s.update_item(Key={'p': p}, UpdateExpression='SET #w = :v',
                             ExpressionAttributeNames={'#w': weird}, ExpressionAttributeValues={':v': 1})
    assert test_table_s.get_item(Key={'p': p}, ConsistentRead=True)['Item'][weird] == 1


@pytest.mark.parametrize('word', ['name', 'NAME', 'Status', 'year', 'data', 'count', 'date', 'user',
                                  'value', 'comment', 'timestamp', 'key', 'table', 'size', 'type', 'order'])
def test_reserved_word_in_update(test_table_s, word):
    # "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name"
    with expect_error('ValidationException', '(?i)Attribute name is a reserved keyword; reserved keyword: ' + word):
        test_table_s.update_item(Key={'p': random_string()}, UpdateExpression='SET ' + word + ' = :v',
                                 ExpressionAttributeValues={':v': 1})


def test_reserved_word_in_condition_and_nested(test_table_s):
    with expect_error('ValidationException', 'reserved keyword'):
        test_table_s.put_item(Item={'p': random_string()}, ConditionExpression='attribute_not_exists(status)')
    with expect_error('ValidationException', 'reserved keyword'):
        test_table_s.update_item(Key={'p': random_string()}, UpdateExpression='SET a.name = :v',
                                 ExpressionAttributeValues={':v': 1})


def test_reserved_word_through_placeholder(test_table_s):
    p = random_string()
    test_table_s.update_item(Key={'p': p}, UpdateExpression='SET #n = :v', ExpressionAttributeNames={'#n': 'name'},
                             ExpressionAttributeValues={':v': 'x'})
    assert test_table_s.get_item(Key={'p': p}, ConsistentRead=True)['Item']['name'] == 'x'


@pytest.mark.parametrize('word', ['a', 'abc', 'my_attr', 'x1', 'Name1', 'statuses'])
def test_non_reserved_words(test_table_s, word):
    p = random_string()
    test_table_s.update_item(Key={'p': p}, UpdateExpression='SET ' + word + ' = :v',
                             ExpressionAttributeValues={':v': 1})
    assert test_table_s.get_item(Key={'p': p}, ConsistentRead=True)['Item'][word] == 1

# DynamoDB's first stages of request validation, checked before any table is
# looked up (so the tables named here need not exist): the JSON types of
# every member (SerializationException, worded as the service's
# deserializer words it, under "Message"), then every member's declared
# constraints, all in one ValidationException ("N validation errors
# detected: ...", at most 10). The wording is what public suites checked
# against the live service record (dynalite's test helpers, the 2026
# nubo-db conformance captures); see docs/VALIDATION.md.
import pytest

from helpers import dynamodb_request, error_type, raw_request


def serialization_message(endpoint, operation, payload):
    status, body = dynamodb_request(endpoint, operation, payload)
    assert status == 400
    assert error_type(body) == 'SerializationException'
    assert 'message' not in body
    return body.get('Message')


@pytest.mark.parametrize('value,message', [
    (5, 'NUMBER_VALUE cannot be converted to String'),
    (1.5, 'DECIMAL_VALUE cannot be converted to String'),
    (True, 'TRUE_VALUE cannot be converted to String'),
    ([], 'Unrecognized collection type class java.lang.String'),
    ({}, 'Start of structure or map found where not expected'),
])
def test_a_string_member_of_another_type(endpoint, value, message):
    assert serialization_message(endpoint, 'DescribeTable', {'TableName': value}) == message


def test_type_errors_come_before_missing_members(endpoint):
    # Only the mistyped member is sent: its type is reported, not the
    # missing TableName.
    assert serialization_message(endpoint, 'ListTables', {'Limit': 'five'}) == 'STRING_VALUE cannot be converted to Integer'
    assert serialization_message(endpoint, 'CreateTable', {'KeySchema': 'x'}) == 'Unexpected field type'
    assert serialization_message(endpoint, 'CreateTable', {'KeySchema': ['x']}) == 'Unexpected value type in payload'
    assert serialization_message(endpoint, 'UpdateTimeToLive', {'TimeToLiveSpecification': {'Enabled': 5}}) == \
        'NUMBER_VALUE cannot be converted to Boolean'


def test_attribute_values_are_typed_too(endpoint):
    assert serialization_message(endpoint, 'PutItem', {'Item': {'a': {'S': 5}}}) == 'NUMBER_VALUE cannot be converted to String'
    assert serialization_message(endpoint, 'PutItem', {'Item': {'a': {'SS': 'x'}}}) == 'Unexpected field type'
    assert serialization_message(endpoint, 'GetItem', {'Key': {'a': {'B': '=+/='}}}) == \
        'Invalid last non-pad Base64 character dectected'


def test_the_first_bad_value_in_the_document_is_reported(endpoint):
    assert serialization_message(endpoint, 'Query', {'Limit': '5', 'IndexName': 5}) == \
        'STRING_VALUE cannot be converted to Integer'
    assert serialization_message(endpoint, 'Query', {'IndexName': 5, 'Limit': '5'}) == \
        'NUMBER_VALUE cannot be converted to String'


@pytest.mark.parametrize('body', ['', 'not json'])
def test_a_body_that_is_not_json_has_no_message(endpoint, body):
    status, _, data = raw_request(endpoint, 'DynamoDB_20120810.ListTables', body)
    assert status == 400
    assert data == b'{"__type":"com.amazon.coral.service#SerializationException"}'


def validation_message(endpoint, operation, payload):
    status, body = dynamodb_request(endpoint, operation, payload)
    assert status == 400, body
    assert body['__type'] == 'com.amazon.coral.validate#ValidationException'
    return body['message']


def test_every_constraint_is_listed_in_one_error(endpoint):
    assert validation_message(endpoint, 'GetItem', {}) == (
        "2 validation errors detected: Value null at 'key' failed to satisfy constraint: Member must not be null; "
        "Value null at 'tableName' failed to satisfy constraint: Member must not be null")
    assert validation_message(endpoint, 'PutItem', {'TableName': 'ab', 'Item': {}, 'ReturnValues': 'NEW',
                                          'ReturnConsumedCapacity': 'ALL'}) == (
        "3 validation errors detected: "
        "Value 'NEW' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: "
        "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; "
        "Value 'ALL' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: "
        "[INDEXES, TOTAL, NONE]; "
        "Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3")


def test_nested_members_and_rendered_values(endpoint):
    message = validation_message(endpoint, 'CreateTable', {
        'TableName': 'abc', 'AttributeDefinitions': [],
        'KeySchema': [{'AttributeName': 'pk', 'KeyType': 'HASH'}, {'AttributeName': 'sk', 'KeyType': 'RANGE'},
                      {'AttributeName': 'extra', 'KeyType': 'Woop'}]})
    assert message == (
        "2 validation errors detected: Value '[KeySchemaElement(attributeName=pk, keyType=HASH), "
        "KeySchemaElement(attributeName=sk, keyType=RANGE), KeySchemaElement(attributeName=extra, keyType=Woop)]' "
        "at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2; "
        "Value 'Woop' at 'keySchema.3.member.keyType' failed to satisfy constraint: Member must satisfy enum value "
        "set: [HASH, RANGE]")


def test_at_most_ten_violations_are_listed(endpoint):
    message = validation_message(endpoint, 'CreateTable', {
        'TableName': 'abc', 'AttributeDefinitions': [{'AttributeName': 'a', 'AttributeType': 'S'}],
        'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}], 'LocalSecondaryIndexes': [{}] * 9})
    assert message.startswith('10 validation errors detected: ')
    assert message.count("failed to satisfy constraint") == 10


def test_a_map_value_constraint_names_the_whole_map(endpoint):
    assert validation_message(endpoint, 'BatchWriteItem', {'RequestItems': {'abc': []}}) == (
        "1 validation error detected: Value '{abc=[]}' at 'requestItems' failed to satisfy constraint: Map value "
        "must satisfy constraint: [Member must have length less than or equal to 25, Member must have length "
        "greater than or equal to 1]")


def test_table_level_operations_say_first_that_the_table_name_is_missing(endpoint):
    for operation in ('CreateTable', 'DescribeTable', 'DeleteTable', 'UpdateTable'):
        assert validation_message(endpoint, operation, {}) == \
            "The parameter 'TableName' is required but was not present in the request"


def test_batch_get_item_says_first_that_request_items_is_missing(endpoint):
    for payload in ({}, {'RequestItems': {}}):
        assert validation_message(endpoint, 'BatchGetItem', payload) == \
            'The requestItems parameter is required for BatchGetItem'


def test_an_empty_table_name_is_only_too_short(endpoint):
    assert validation_message(endpoint, 'GetItem', {'TableName': '', 'Key': {}}) == (
        "1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: Member must have "
        "length greater than or equal to 1")


def test_constraints_come_before_the_table_lookup_and_the_item(endpoint):
    # The table does not exist and the item is invalid: the constraint wins.
    assert validation_message(endpoint, 'PutItem', {'TableName': 'no-such-table', 'Item': {'a': {}},
                                          'ReturnValues': 'X'}).startswith('1 validation error detected: ')


def test_an_item_value_is_checked_before_the_table_lookup(endpoint):
    assert validation_message(endpoint, 'PutItem', {'TableName': 'no-such-table', 'Item': {'a': {}}}) == \
        'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes'
    assert validation_message(endpoint, 'Scan', {'TableName': 'no-such-table', 'ExclusiveStartKey': {'a': {}}}) == \
        'The provided starting key is invalid: Supplied AttributeValue is empty, must contain exactly one of the ' \
        'supported datatypes'


def test_capacity_units_have_a_ceiling(endpoint):
    assert validation_message(endpoint, 'CreateTable', {
        'TableName': 'abc', 'AttributeDefinitions': [],
        'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}],
        'ProvisionedThroughput': {'ReadCapacityUnits': 1000000000001, 'WriteCapacityUnits': 1}}) == \
        'Given value 1000000000001 for ReadCapacityUnits is out of bounds'
    assert validation_message(endpoint, 'UpdateTable', {
        'TableName': 'no-such-table',
        'ProvisionedThroughput': {'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1000000000001}}) == \
        'Given value 1000000000001 for WriteCapacityUnits is out of bounds'


def test_booleans_take_the_strings_the_service_takes(endpoint):
    # "yes" is a boolean to DynamoDB's deserializer; the request then fails
    # only because the table does not exist.
    status, body = dynamodb_request(endpoint, 'GetItem', {'TableName': 'no-such-table', 'Key': {'a': {'S': 'x'}},
                                                          'ConsistentRead': 'yes'})
    assert status == 400
    assert error_type(body) == 'ResourceNotFoundException'

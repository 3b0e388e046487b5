# Table operations: CreateTable, DescribeTable, ListTables, DeleteTable,
# UpdateTable, and the boto3 waiters built on DescribeTable.
# References: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
# and scylladb test/alternator/test_table.py, test_describe_table.py.

import datetime
import re

import pytest

from helpers import (create_table, delete_table, expect_error, new_table, random_string,
                     unique_table_name)

HASH_P = [{'AttributeName': 'p', 'KeyType': 'HASH'}]
DEF_P = [{'AttributeName': 'p', 'AttributeType': 'S'}]


def create_raw(dynamodb, name=None, **kwargs):
    kwargs.setdefault('KeySchema', HASH_P)
    kwargs.setdefault('AttributeDefinitions', DEF_P)
    kwargs.setdefault('BillingMode', 'PAY_PER_REQUEST')
    return dynamodb.create_table(TableName=name or unique_table_name(), **kwargs)


def wait_exists(dynamodb, name):
    dynamodb.get_waiter('table_exists').wait(TableName=name, WaiterConfig={'Delay': 1, 'MaxAttempts': 60})


def wait_not_exists(dynamodb, name):
    dynamodb.get_waiter('table_not_exists').wait(TableName=name, WaiterConfig={'Delay': 1, 'MaxAttempts': 60})


def test_create_describe_delete(dynamodb):
    name = unique_table_name()
    resp = create_raw(dynamodb, name)
    desc = resp['TableDescription']
    assert desc['TableName'] == name
    assert desc['TableStatus'] in ('CREATING', 'ACTIVE')
    wait_exists(dynamodb, name)
    deleted = dynamodb.delete_table(TableName=name)['TableDescription']
    assert deleted['TableName'] == name
    # DeleteTable's answer is the table's description in state DELETING.
    assert deleted['TableStatus'] == 'DELETING'
    wait_not_exists(dynamodb, name)
    with expect_error('ResourceNotFoundException', 'Requested resource not found'):
        dynamodb.describe_table(TableName=name)


def test_describe_table_fields(dynamodb, test_table):
    t = dynamodb.describe_table(TableName=test_table.name)['Table']
    assert t['TableName'] == test_table.name
    assert t['TableStatus'] == 'ACTIVE'
    assert re.fullmatch(r'arn:aws:dynamodb:us-east-1:\d{12}:table/' + re.escape(test_table.name), t['TableArn'])
    assert re.fullmatch(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', t['TableId'])
    assert isinstance(t['CreationDateTime'], datetime.datetime)
    now = datetime.datetime.now(t['CreationDateTime'].tzinfo)
    assert abs((now - t['CreationDateTime']).total_seconds()) < 3600
    assert isinstance(t['ItemCount'], int) and t['ItemCount'] >= 0
    assert isinstance(t['TableSizeBytes'], int) and t['TableSizeBytes'] >= 0
    assert t['KeySchema'] == [{'AttributeName': 'p', 'KeyType': 'HASH'},
                              {'AttributeName': 'c', 'KeyType': 'RANGE'}]
    assert sorted(t['AttributeDefinitions'], key=lambda d: d['AttributeName']) == [
        {'AttributeName': 'c', 'AttributeType': 'S'}, {'AttributeName': 'p', 'AttributeType': 'S'}]


def test_describe_table_pay_per_request(dynamodb, test_table_s):
    t = dynamodb.describe_table(TableName=test_table_s.name)['Table']
    assert t['BillingModeSummary']['BillingMode'] == 'PAY_PER_REQUEST'
    # On-demand tables still report a ProvisionedThroughput of zeros.
    pt = t['ProvisionedThroughput']
    assert pt['ReadCapacityUnits'] == 0
    assert pt['WriteCapacityUnits'] == 0
    assert pt['NumberOfDecreasesToday'] == 0


def test_describe_table_nonexistent(dynamodb):
    name = unique_table_name()
    with expect_error('ResourceNotFoundException', 'Requested resource not found'):
        dynamodb.describe_table(TableName=name)


def test_create_table_provisioned(dynamodb):
    name = unique_table_name()
    create_raw(dynamodb, name, BillingMode='PROVISIONED',
               ProvisionedThroughput={'ReadCapacityUnits': 7, 'WriteCapacityUnits': 3})
    try:
        wait_exists(dynamodb, name)
        t = dynamodb.describe_table(TableName=name)['Table']
        assert t['ProvisionedThroughput']['ReadCapacityUnits'] == 7
        assert t['ProvisionedThroughput']['WriteCapacityUnits'] == 3
        if 'BillingModeSummary' in t:
            assert t['BillingModeSummary']['BillingMode'] == 'PROVISIONED'
    finally:
        delete_table(dynamodb, name)


def test_create_table_default_billing_is_provisioned(dynamodb):
    # Without BillingMode the table is PROVISIONED, so ProvisionedThroughput
    # is required (alternator test_create_table_billing_mode_errors).
    with expect_error('ValidationException'):
        dynamodb.create_table(TableName=unique_table_name(), KeySchema=HASH_P, AttributeDefinitions=DEF_P)
    name = unique_table_name()
    dynamodb.create_table(TableName=name, KeySchema=HASH_P, AttributeDefinitions=DEF_P,
                          ProvisionedThroughput={'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1})
    try:
        wait_exists(dynamodb, name)
        t = dynamodb.describe_table(TableName=name)['Table']
        assert t['ProvisionedThroughput']['ReadCapacityUnits'] == 1
    finally:
        delete_table(dynamodb, name)


def test_create_table_provisioned_requires_throughput(dynamodb):
    with expect_error('ValidationException', 'ReadCapacityUnits'):
        create_raw(dynamodb, BillingMode='PROVISIONED')


def test_create_table_pay_per_request_forbids_throughput(dynamodb):
    with expect_error('ValidationException'):
        create_raw(dynamodb, BillingMode='PAY_PER_REQUEST',
                   ProvisionedThroughput={'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1})


def test_create_table_bad_billing_mode(dynamodb):
    with expect_error('ValidationException'):
        create_raw(dynamodb, BillingMode='unknown')
    # Case-sensitive.
    with expect_error('ValidationException'):
        create_raw(dynamodb, BillingMode='pay_per_request')


@pytest.mark.parametrize('name', ['n', 'nn', 'n' * 256, 'nyh@test', 'a b c', 'tab/le'])
def test_create_table_invalid_names(dynamodb, name):
    # Names are 3-255 characters of [a-zA-Z0-9_.-].
    with expect_error('ValidationException'):
        create_raw(dynamodb, name)


@pytest.mark.parametrize('name', ['abc', '.starts.with.dot', 'a-b_c.d', 'x' * 255, 'UPPER_lower_09'])
def test_create_table_valid_names(dynamodb, name):
    name = name if len(name) == 255 or name == 'abc' else name + '_' + random_string(6)
    delete_table(dynamodb, name)  # in case a previous run left it
    wait_not_exists(dynamodb, name)
    create_raw(dynamodb, name)
    try:
        wait_exists(dynamodb, name)
    finally:
        delete_table(dynamodb, name)


def test_create_table_missing_key_schema(dynamodb):
    with expect_error('ValidationException'):
        dynamodb.create_table(TableName=unique_table_name(), BillingMode='PAY_PER_REQUEST',
                              AttributeDefinitions=DEF_P)


def test_create_table_missing_attribute_definitions(dynamodb):
    with expect_error('ValidationException', '[aA]ttributeDefinitions'):
        dynamodb.create_table(TableName=unique_table_name(), BillingMode='PAY_PER_REQUEST',
                              KeySchema=HASH_P)


def test_create_table_key_not_in_attribute_definitions(dynamodb):
    # "One or more parameter values were invalid: Some index key attributes
    # are not defined in AttributeDefinitions. Keys: [c], AttributeDefinitions: [z]"
    with expect_error('ValidationException', 'AttributeDefinitions'):
        create_raw(dynamodb, KeySchema=[{'AttributeName': 'c', 'KeyType': 'HASH'}],
                   AttributeDefinitions=[{'AttributeName': 'z', 'AttributeType': 'S'}])


def test_create_table_extra_attribute_definitions(dynamodb):
    # A definition not used by any key (of the table or an index) is an error:
    # "Number of attributes in KeySchema does not exactly match number of
    # attributes defined in AttributeDefinitions".
    with expect_error('ValidationException'):
        create_raw(dynamodb, KeySchema=HASH_P,
                   AttributeDefinitions=DEF_P + [{'AttributeName': 'x', 'AttributeType': 'S'}])


def test_create_table_duplicate_attribute_definition(dynamodb):
    with expect_error('ValidationException', 'uplicate|two attributes with the same name'):
        create_raw(dynamodb, KeySchema=[{'AttributeName': 'xyz', 'KeyType': 'HASH'}],
                   AttributeDefinitions=[{'AttributeName': 'xyz', 'AttributeType': 'S'},
                                         {'AttributeName': 'xyz', 'AttributeType': 'N'}])


@pytest.mark.parametrize('key_schema', [
    [{'AttributeName': 'p', 'KeyType': 'HASH'}, {'AttributeName': 'c', 'KeyType': 'HASH'}],
    [{'AttributeName': 'p', 'KeyType': 'RANGE'}, {'AttributeName': 'c', 'KeyType': 'RANGE'}],
    [{'AttributeName': 'c', 'KeyType': 'RANGE'}],
    [{'AttributeName': 'c', 'KeyType': 'RANGE'}, {'AttributeName': 'p', 'KeyType': 'HASH'}],
    [{'AttributeName': 'p', 'KeyType': 'HASH'}, {'AttributeName': 'c', 'KeyType': 'RANGE'},
     {'AttributeName': 'z', 'KeyType': 'RANGE'}],
    [],
], ids=['two-hash', 'two-range', 'range-only', 'range-first', 'three-keys', 'empty'])
def test_create_table_invalid_key_schema(dynamodb, key_schema):
    defs = [{'AttributeName': n, 'AttributeType': 'S'} for n in sorted({k['AttributeName'] for k in key_schema})]
    with expect_error('ValidationException'):
        create_raw(dynamodb, KeySchema=key_schema, AttributeDefinitions=defs or DEF_P)


@pytest.mark.parametrize('bad_type', ['Q', 'BOOL', 'SS', 'M', 's'])
def test_create_table_bad_key_type(dynamodb, bad_type):
    # Key attributes can only be S, N or B.
    with expect_error('ValidationException'):
        create_raw(dynamodb, AttributeDefinitions=[{'AttributeName': 'p', 'AttributeType': bad_type}])


def test_create_table_bad_key_type_enum(dynamodb):
    with expect_error('ValidationException'):
        create_raw(dynamodb, KeySchema=[{'AttributeName': 'p', 'KeyType': 'PRIMARY'}])


def test_create_table_already_exists(dynamodb, test_table):
    with expect_error('ResourceInUseException', 'Table already exists'):
        create_raw(dynamodb, test_table.name)


def test_recreate_table_is_empty(dynamodb, dynamodb_resource):
    name = unique_table_name()
    for i in range(2):
        create_table(dynamodb, name, HASH_P, DEF_P)
        table = dynamodb_resource.Table(name)
        assert table.scan(ConsistentRead=True)['Items'] == []
        table.put_item(Item={'p': 'x', 'round': i})
        assert table.get_item(Key={'p': 'x'}, ConsistentRead=True)['Item']['round'] == i
        dynamodb.delete_table(TableName=name)
        wait_not_exists(dynamodb, name)


def test_delete_table_nonexistent(dynamodb):
    with expect_error('ResourceNotFoundException', 'Requested resource not found'):
        dynamodb.delete_table(TableName=unique_table_name())


def test_item_operations_after_delete(dynamodb):
    name = unique_table_name()
    create_table(dynamodb, name, HASH_P, DEF_P)
    dynamodb.put_item(TableName=name, Item={'p': {'S': 'a'}})
    dynamodb.delete_table(TableName=name)
    wait_not_exists(dynamodb, name)
    with expect_error('ResourceNotFoundException'):
        dynamodb.get_item(TableName=name, Key={'p': {'S': 'a'}})
    with expect_error('ResourceNotFoundException'):
        dynamodb.put_item(TableName=name, Item={'p': {'S': 'a'}})


def test_item_operation_improper_table_name(dynamodb):
    # An invalid table name in an item operation is a ValidationException,
    # not ResourceNotFoundException (alternator test_item_operations_improper_named_table).
    with expect_error('ValidationException'):
        dynamodb.put_item(TableName='non!existent!table', Item={'a': {'S': 'b'}})
    with expect_error('ValidationException'):
        dynamodb.put_item(TableName='xx', Item={'a': {'S': 'b'}})


def list_all_tables(dynamodb, limit=None):
    names = []
    kwargs = {}
    if limit:
        kwargs['Limit'] = limit
    while True:
        resp = dynamodb.list_tables(**kwargs)
        names.extend(resp['TableNames'])
        if limit:
            assert len(resp['TableNames']) <= limit
        if 'LastEvaluatedTableName' not in resp:
            return names
        kwargs['ExclusiveStartTableName'] = resp['LastEvaluatedTableName']


def test_list_tables_contains_tables(dynamodb, test_table, test_table_s):
    names = list_all_tables(dynamodb)
    assert test_table.name in names
    assert test_table_s.name in names
    # Table names are listed in sorted order.
    assert names == sorted(names)


@pytest.mark.parametrize('limit', [1, 2, 3, 100])
def test_list_tables_paginated(dynamodb, test_table, test_table_s, test_table_n, limit):
    all_names = list_all_tables(dynamodb)
    paged = list_all_tables(dynamodb, limit)
    assert paged == all_names
    assert len(set(paged)) == len(paged)


def test_list_tables_last_evaluated_name(dynamodb, test_table, test_table_s):
    resp = dynamodb.list_tables(Limit=1)
    assert len(resp['TableNames']) == 1
    assert resp['LastEvaluatedTableName'] == resp['TableNames'][0]
    # The next page starts strictly after ExclusiveStartTableName.
    resp2 = dynamodb.list_tables(Limit=1, ExclusiveStartTableName=resp['LastEvaluatedTableName'])
    assert resp2['TableNames'][0] > resp['TableNames'][0]


def test_list_tables_paginator(dynamodb, test_table):
    names = []
    for page in dynamodb.get_paginator('list_tables').paginate(PaginationConfig={'PageSize': 2}):
        names.extend(page['TableNames'])
    assert test_table.name in names


@pytest.mark.parametrize('limit', [0, -1, 101])
def test_list_tables_bad_limit(dynamodb, limit):
    # Limit must be 1..100.
    with expect_error('ValidationException'):
        dynamodb.list_tables(Limit=limit)


def test_list_tables_wrong_start_name(dynamodb):
    # A start name that is not a table is just a position in name order.
    resp = dynamodb.list_tables(ExclusiveStartTableName='zzzzzzzzzzzzzzzzzzzzzzzz_no_such_table')
    assert all(n > 'zzzzzzzzzzzzzzzzzzzzzzzz_no_such_table' for n in resp['TableNames'])


def test_waiters(dynamodb):
    name = unique_table_name()
    create_raw(dynamodb, name)
    dynamodb.get_waiter('table_exists').wait(TableName=name, WaiterConfig={'Delay': 1, 'MaxAttempts': 30})
    assert dynamodb.describe_table(TableName=name)['Table']['TableStatus'] == 'ACTIVE'
    dynamodb.delete_table(TableName=name)
    dynamodb.get_waiter('table_not_exists').wait(TableName=name, WaiterConfig={'Delay': 1, 'MaxAttempts': 30})


def test_update_table_billing_mode(dynamodb, dynamodb_resource):
    with new_table(dynamodb, dynamodb_resource, HASH_P, DEF_P) as table:
        resp = dynamodb.update_table(TableName=table.name, BillingMode='PROVISIONED',
                                     ProvisionedThroughput={'ReadCapacityUnits': 5, 'WriteCapacityUnits': 6})
        assert resp['TableDescription']['TableName'] == table.name
        wait_exists(dynamodb, table.name)
        t = dynamodb.describe_table(TableName=table.name)['Table']
        assert t['BillingModeSummary']['BillingMode'] == 'PROVISIONED'
        assert t['ProvisionedThroughput']['ReadCapacityUnits'] == 5
        assert t['ProvisionedThroughput']['WriteCapacityUnits'] == 6
        dynamodb.update_table(TableName=table.name, BillingMode='PAY_PER_REQUEST')
        wait_exists(dynamodb, table.name)
        t = dynamodb.describe_table(TableName=table.name)['Table']
        assert t['BillingModeSummary']['BillingMode'] == 'PAY_PER_REQUEST'


def test_update_table_throughput(dynamodb):
    name = unique_table_name()
    create_raw(dynamodb, name, BillingMode='PROVISIONED',
               ProvisionedThroughput={'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1})
    try:
        wait_exists(dynamodb, name)
        dynamodb.update_table(TableName=name,
                              ProvisionedThroughput={'ReadCapacityUnits': 10, 'WriteCapacityUnits': 20})
        wait_exists(dynamodb, name)
        pt = dynamodb.describe_table(TableName=name)['Table']['ProvisionedThroughput']
        assert (pt['ReadCapacityUnits'], pt['WriteCapacityUnits']) == (10, 20)
    finally:
        delete_table(dynamodb, name)


def test_update_table_pay_per_request_rejects_throughput(dynamodb, test_table_s):
    with expect_error('ValidationException'):
        dynamodb.update_table(TableName=test_table_s.name,
                              ProvisionedThroughput={'ReadCapacityUnits': 10, 'WriteCapacityUnits': 20})


def test_update_table_nonexistent(dynamodb):
    with expect_error('ResourceNotFoundException'):
        dynamodb.update_table(TableName=unique_table_name(), BillingMode='PAY_PER_REQUEST')


def check_stream_description(t, view_type):
    assert t['StreamSpecification'] == {'StreamEnabled': True, 'StreamViewType': view_type}
    label = t['LatestStreamLabel']
    assert t['LatestStreamArn'] == t['TableArn'] + '/stream/' + label
    # The label is an ISO-8601 timestamp, e.g. 2024-01-01T00:00:00.000
    assert re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}', label), label


def test_update_table_enable_stream(dynamodb, dynamodb_resource):
    with new_table(dynamodb, dynamodb_resource, HASH_P, DEF_P) as table:
        t = dynamodb.describe_table(TableName=table.name)['Table']
        assert 'LatestStreamArn' not in t
        assert 'StreamSpecification' not in t or not t['StreamSpecification']['StreamEnabled']
        resp = dynamodb.update_table(TableName=table.name, StreamSpecification={
            'StreamEnabled': True, 'StreamViewType': 'NEW_AND_OLD_IMAGES'})
        check_stream_description(resp['TableDescription'], 'NEW_AND_OLD_IMAGES')
        wait_exists(dynamodb, table.name)
        t = dynamodb.describe_table(TableName=table.name)['Table']
        check_stream_description(t, 'NEW_AND_OLD_IMAGES')
        # Enabling an already enabled stream is an error.
        with expect_error('ValidationException', 'stream'):
            dynamodb.update_table(TableName=table.name, StreamSpecification={
                'StreamEnabled': True, 'StreamViewType': 'KEYS_ONLY'})


def test_create_table_with_stream(dynamodb, dynamodb_resource):
    with new_table(dynamodb, dynamodb_resource, HASH_P, DEF_P,
                   StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'KEYS_ONLY'}) as table:
        t = dynamodb.describe_table(TableName=table.name)['Table']
        check_stream_description(t, 'KEYS_ONLY')


def test_create_table_stream_disabled(dynamodb, dynamodb_resource):
    # StreamEnabled=false is as if StreamSpecification were absent.
    with new_table(dynamodb, dynamodb_resource, HASH_P, DEF_P,
                   StreamSpecification={'StreamEnabled': False}) as table:
        t = dynamodb.describe_table(TableName=table.name)['Table']
        assert 'LatestStreamArn' not in t


def test_stream_enabled_requires_view_type(dynamodb):
    with expect_error('ValidationException'):
        create_raw(dynamodb, StreamSpecification={'StreamEnabled': True})


def test_stream_bad_view_type(dynamodb):
    with expect_error('ValidationException'):
        create_raw(dynamodb, StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'EVERYTHING'})


def test_item_count_and_size(dynamodb, dynamodb_resource):
    # ItemCount / TableSizeBytes are only refreshed every ~6 hours on AWS, so
    # only check they are sane numbers.
    with new_table(dynamodb, dynamodb_resource, HASH_P, DEF_P) as table:
        table.put_item(Item={'p': 'a', 'x': 'y' * 100})
        t = dynamodb.describe_table(TableName=table.name)['Table']
        assert t['ItemCount'] in (0, 1)
        assert t['TableSizeBytes'] >= 0


def test_table_arn_region_follows_request_region(endpoint, test_table):
    # A table is global to eddy, but its ARN names the region the client
    # signed for (the SigV4 credential scope), as each AWS region would.
    import boto3
    from botocore.config import Config
    client = boto3.client('dynamodb', endpoint_url=endpoint, region_name='eu-west-1',
                          aws_access_key_id='x', aws_secret_access_key='x',
                          config=Config(retries={'max_attempts': 0}))
    arn = client.describe_table(TableName=test_table.name)['Table']['TableArn']
    assert arn.startswith('arn:aws:dynamodb:eu-west-1:')


def test_table_arn_accepted_as_table_name(dynamodb, test_table):
    # "You can also provide the Amazon Resource Name (ARN) of the table in
    # this parameter" (API reference, TableName of DescribeTable, GetItem, ...).
    arn = dynamodb.describe_table(TableName=test_table.name)['Table']['TableArn']
    assert dynamodb.describe_table(TableName=arn)['Table']['TableName'] == test_table.name
    dynamodb.put_item(TableName=arn, Item={'p': {'S': 'arn'}, 'c': {'S': 'x'}})
    assert dynamodb.get_item(TableName=arn, Key={'p': {'S': 'arn'}, 'c': {'S': 'x'}})['Item']


def test_update_table_same_throughput_is_an_error(dynamodb):
    # DynamoDB refuses an UpdateTable that changes nothing: "The provisioned
    # throughput for the table will not change. The requested value equals
    # the current value. ..."
    name = unique_table_name()
    dynamodb.create_table(TableName=name, ProvisionedThroughput={'ReadCapacityUnits': 5, 'WriteCapacityUnits': 5},
                          KeySchema=[{'AttributeName': 'p', 'KeyType': 'HASH'}],
                          AttributeDefinitions=[{'AttributeName': 'p', 'AttributeType': 'S'}])
    try:
        with expect_error('ValidationException', 'will not change'):
            dynamodb.update_table(TableName=name,
                                  ProvisionedThroughput={'ReadCapacityUnits': 5, 'WriteCapacityUnits': 5})
        t = dynamodb.update_table(TableName=name,
                                  ProvisionedThroughput={'ReadCapacityUnits': 6, 'WriteCapacityUnits': 5})
        assert t['TableDescription']['ProvisionedThroughput']['ReadCapacityUnits'] == 6
    finally:
        dynamodb.delete_table(TableName=name)

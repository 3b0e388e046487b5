# AWS's "Tutorial: Using AWS Lambda with Amazon DynamoDB streams"
# (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb-example.html) with
# boto3: the iam, lambda, dynamodb, dynamodbstreams and logs clients on
# eddy's one port, botocore's waiters (role_exists, function_active_v2,
# table_exists, function_updated_v2) as an application would use them, and
# the tutorial's mistakes answered as AWS answers them. The expected answers
# are AWS's (lambda_lab.py); the only eddy-only calls are the TTL sweep and
# the wait for the mapping to catch up.

import json
import time

import pytest
from botocore.exceptions import ClientError

from conftest import make_client
from helpers import expect_error
from lambda_lab import (EXECUTION_POLICY_ARN, HANDLER, MUSIC_ATTRIBUTES, MUSIC_KEY_SCHEMA, MUSIC_STREAM, RUNTIME,
                        SAMPLE_EVENT_FILE, TRUST_POLICY, TTL_SERVICE, account_of, check_attached_policies,
                        check_function, check_invoke, check_lambda_log, check_new_mapping, check_role, function_arn,
                        function_zip, lab_names, write_the_songs)

WAIT = {'Delay': 1, 'MaxAttempts': 60}


@pytest.fixture
def aws(endpoint):
    """The lab's clients, by service name."""
    services = ('iam', 'lambda', 'dynamodb', 'dynamodbstreams', 'logs')
    return {service: make_client(endpoint, service) for service in services}


def status_of(response):
    return response['ResponseMetadata']['HTTPStatusCode']


def mapping_state(lam, uuid, state, attempts=300):
    """Polls GetEventSourceMapping until the mapping is in `state` (None:
    until it is gone), as a client of Lambda waits (no waiter exists)."""
    for _ in range(attempts):
        try:
            mapping = lam.get_event_source_mapping(UUID=uuid)
        except ClientError as e:
            if state is None and e.response['Error']['Code'] == 'ResourceNotFoundException':
                return None
            raise
        if mapping['State'] == state:
            return mapping
        time.sleep(0.1)
    raise AssertionError('mapping %s never reached %s: %s' % (uuid, state, mapping))


def log_messages(logs, group, **kwargs):
    paginator = logs.get_paginator('filter_log_events')
    return [e['message'] for page in paginator.paginate(logGroupName=group, **kwargs) for e in page['events']]


def test_lambda_tutorial_with_boto3(aws, endpoint):
    iam, lam, ddb, streams, logs = (aws[s] for s in ('iam', 'lambda', 'dynamodb', 'dynamodbstreams', 'logs'))
    names = lab_names()
    fn, role_name, table = names['function'], names['role'], names['table']

    # 1. The execution role.
    role = iam.create_role(RoleName=role_name, AssumeRolePolicyDocument=json.dumps(TRUST_POLICY))['Role']
    role_arn = check_role(role, role_name)
    iam.attach_role_policy(RoleName=role_name, PolicyArn=EXECUTION_POLICY_ARN)
    iam.get_waiter('role_exists').wait(RoleName=role_name, WaiterConfig=WAIT)
    assert check_role(iam.get_role(RoleName=role_name)['Role'], role_name) == role_arn
    check_attached_policies(iam.list_attached_role_policies(RoleName=role_name))

    # 2. The function, from a zip.
    package = function_zip()
    created = lam.create_function(FunctionName=fn, Runtime=RUNTIME, Role=role_arn, Handler=HANDLER,
                                  Code={'ZipFile': package})
    assert status_of(created) == 201
    check_function(created, fn, role_arn, package)
    fn_arn = function_arn(fn, account_of(role_arn))
    lam.get_waiter('function_active_v2').wait(FunctionName=fn, WaiterConfig=WAIT)
    got = lam.get_function(FunctionName=fn)
    check_function(got['Configuration'], fn, role_arn, package, states=('Active',))
    assert got['Configuration']['LastUpdateStatus'] == 'Successful'
    assert got['Code']['RepositoryType'] == 'S3'

    # 3. A test invoke with a sample event; then one the handler fails on.
    with open(SAMPLE_EVENT_FILE, 'rb') as f:
        invoked = lam.invoke(FunctionName=fn, Payload=f.read(), LogType='Tail')
    check_invoke(invoked, invoked['Payload'].read(), {'processed': 3, 'stage': ''}, ['INSERT', 'MODIFY', 'REMOVE'])
    failed = lam.invoke(FunctionName=fn, Payload=b'{}')
    assert (failed['StatusCode'], failed['FunctionError']) == (200, 'Unhandled'), failed
    error = json.loads(failed['Payload'].read())
    assert (error['errorType'], error['errorMessage']) == ('KeyError', "'Records'"), error

    # 4. The table, with a stream and TTL.
    ddb.create_table(TableName=table, KeySchema=MUSIC_KEY_SCHEMA, AttributeDefinitions=MUSIC_ATTRIBUTES,
                     BillingMode='PAY_PER_REQUEST', StreamSpecification=MUSIC_STREAM)
    ddb.get_waiter('table_exists').wait(TableName=table, WaiterConfig=WAIT)
    ddb.update_time_to_live(TableName=table, TimeToLiveSpecification={'Enabled': True, 'AttributeName': 'Expiration'})
    stream_arn = ddb.describe_table(TableName=table)['Table']['LatestStreamArn']
    assert account_of(stream_arn) == account_of(role_arn)
    assert streams.describe_stream(StreamArn=stream_arn)['StreamDescription']['StreamStatus'] == 'ENABLED'

    # 5. The event source mapping, Enabled before anything is written (LATEST).
    mapping = lam.create_event_source_mapping(FunctionName=fn, EventSourceArn=stream_arn, BatchSize=100,
                                              StartingPosition='LATEST')
    assert status_of(mapping) == 202
    check_new_mapping(mapping, stream_arn, fn_arn)
    uuid = mapping['UUID']
    mapping_state(lam, uuid, 'Enabled')
    listed = lam.list_event_source_mappings(FunctionName=fn)['EventSourceMappings']
    assert [(m['UUID'], m['State'], m['EventSourceArn']) for m in listed] == [(uuid, 'Enabled', stream_arn)]
    assert [m['UUID'] for m in lam.list_event_source_mappings(EventSourceArn=stream_arn)['EventSourceMappings']] \
        == [uuid]

    # 6. Test the setup: every change reaches the function's log.
    write_the_songs(ddb, table, endpoint)
    group = '/aws/lambda/' + fn
    check_lambda_log(log_messages(logs, group))
    removes = log_messages(logs, group, filterPattern='{ $.eventName = "REMOVE" && $.Keys.Artist.S != "Sample*" }')
    assert sorted((json.loads(m)['Keys']['SongTitle']['S'], json.loads(m)['userIdentity']) for m in removes) == \
        [('Call Me Today', None), ('Happy Day', TTL_SERVICE)]
    log_group = logs.describe_log_groups(logGroupNamePrefix=group)['logGroups']
    assert [g['logGroupName'] for g in log_group] == [group]

    # 7. Change the function; the next invoke runs with the new settings.
    updated = lam.update_function_configuration(FunctionName=fn, Timeout=10,
                                                Environment={'Variables': {'STAGE': 'lab'}})
    assert (updated['Timeout'], updated['Environment']['Variables']) == (10, {'STAGE': 'lab'})
    assert updated['LastUpdateStatus'] in ('InProgress', 'Successful'), updated
    lam.get_waiter('function_updated_v2').wait(FunctionName=fn, WaiterConfig=WAIT)
    invoked = lam.invoke(FunctionName=fn, Payload=b'{"Records": []}')
    assert json.loads(invoked['Payload'].read()) == {'processed': 0, 'stage': 'lab'}
    functions = [f for page in lam.get_paginator('list_functions').paginate() for f in page['Functions']]
    assert [(f['FunctionArn'], f['Timeout']) for f in functions if f['FunctionName'] == fn] == [(fn_arn, 10)]

    # 8. Clean up.
    deleted = lam.delete_event_source_mapping(UUID=uuid)
    assert (status_of(deleted), deleted['UUID'], deleted['State']) == (202, uuid, 'Deleting')
    mapping_state(lam, uuid, None)
    assert lam.list_event_source_mappings(FunctionName=fn)['EventSourceMappings'] == []
    assert status_of(lam.delete_function(FunctionName=fn)) == 204
    with expect_error('ResourceNotFoundException', '^Function not found: %s$' % fn_arn):
        lam.get_function(FunctionName=fn)
    ddb.delete_table(TableName=table)
    with expect_error('DeleteConflict', '^Cannot delete entity, must detach all policies first.$'):
        iam.delete_role(RoleName=role_name)
    iam.detach_role_policy(RoleName=role_name, PolicyArn=EXECUTION_POLICY_ARN)
    iam.delete_role(RoleName=role_name)
    with expect_error('NoSuchEntity', '^The role with name %s cannot be found.$' % role_name):
        iam.get_role(RoleName=role_name)


def test_tutorial_mistakes_are_answered_as_aws_answers_them(aws):
    iam, lam = aws['iam'], aws['lambda']
    names = lab_names()
    fn, role_name = names['function'], names['role']
    role_arn = iam.create_role(RoleName=role_name, AssumeRolePolicyDocument=json.dumps(TRUST_POLICY))['Role']['Arn']
    try:
        with expect_error('EntityAlreadyExists', '^Role with name %s already exists.$' % role_name):
            iam.create_role(RoleName=role_name, AssumeRolePolicyDocument=json.dumps(TRUST_POLICY))
        fn_arn = function_arn(fn, account_of(role_arn))
        with expect_error('ResourceNotFoundException', '^Function not found: %s$' % fn_arn):
            lam.invoke(FunctionName=fn, Payload=b'{}')
        lam.create_function(FunctionName=fn, Runtime=RUNTIME, Role=role_arn, Handler=HANDLER,
                            Code={'ZipFile': function_zip()})
        try:
            with expect_error('ResourceConflictException', '^Function already exist: %s$' % fn):
                lam.create_function(FunctionName=fn, Runtime=RUNTIME, Role=role_arn, Handler=HANDLER,
                                    Code={'ZipFile': function_zip()})
        finally:
            lam.delete_function(FunctionName=fn)
    finally:
        iam.delete_role(RoleName=role_name)

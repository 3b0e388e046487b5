# Lambda's REST API on eddy's port, through boto3: functions, Invoke, event
# source mappings on DynamoDB streams, and Lambda's errors. Expected shapes
# and messages are the live service's (botocore's lambda model, the Lambda
# API reference, and responses recorded against AWS).
#   https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
#   https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
#   https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html

import base64
import json
import os
import shutil
import tempfile
import threading
import time
import urllib.request

import pytest
from botocore.exceptions import ClientError

from conftest import make_client
from helpers import create_table, random_string
from lambda_helpers import ROLE_ARN, create_python_function, python_package

ECHO = '''
import json
def lambda_handler(event, context):
    print("got", json.dumps(event, sort_keys=True))
    if event.get("fail"):
        raise ValueError("asked to fail")
    return {"echo": event, "name": context.function_name}
'''

RECORDER = '''
import json, os, time
def lambda_handler(event, context):
    for record in event["Records"]:
        print("RECORD", record["eventName"], json.dumps(record["dynamodb"]["Keys"], sort_keys=True))
    time.sleep(float(os.environ.get("SLEEP", "0")))
    return {}
'''

KEYS = [{'AttributeName': 'p', 'KeyType': 'HASH'}]
DEFS = [{'AttributeName': 'p', 'AttributeType': 'S'}]


def error_of(excinfo):
    return excinfo.value.response['Error']['Code'], excinfo.value.response['Error']['Message']


@pytest.fixture(scope='module')
def lam(endpoint):
    return make_client(endpoint, 'lambda')


@pytest.fixture
def fn(lam):
    name = 'fn-' + random_string(8).lower()
    yield name
    try:
        lam.delete_function(FunctionName=name)
    except ClientError:
        pass


def streamed_table(client):
    name = 'lam_' + random_string(8)
    create_table(client, name, KEYS, DEFS,
                 StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'NEW_AND_OLD_IMAGES'})
    return name, client.describe_table(TableName=name)['Table']['LatestStreamArn']


def wait_for_handlers(endpoint, timeout=30):
    request = urllib.request.Request(endpoint + '/_eddy/event-source-mappings/wait',
                                     data=json.dumps({'timeoutSeconds': timeout}).encode(),
                                     headers={'Content-Type': 'application/json'}, method='POST')
    with urllib.request.urlopen(request, timeout=timeout + 5) as response:
        return json.load(response)


def log_messages(endpoint, function_name):
    logs = make_client(endpoint, 'logs')
    events = logs.filter_log_events(logGroupName='/aws/lambda/' + function_name)['events']
    return [e['message'] for e in events]


def test_create_answers_pending_then_the_function_is_active(lam, fn):
    created = create_python_function(lam, fn, ECHO, Description='echo', Timeout=5, MemorySize=256,
                                     Environment={'Variables': {'STAGE': 'test'}})
    assert created['ResponseMetadata']['HTTPStatusCode'] == 201
    assert created['FunctionArn'] == 'arn:aws:lambda:us-east-1:000000000000:function:' + fn
    assert created['State'] == 'Pending' and created['StateReasonCode'] == 'Creating'
    assert 'LastUpdateStatus' not in created
    package = python_package(ECHO)
    assert created['CodeSize'] == len(package)
    assert (created['Timeout'], created['MemorySize'], created['Description']) == (5, 256, 'echo')
    assert created['Environment'] == {'Variables': {'STAGE': 'test'}}
    assert created['Version'] == '$LATEST' and created['PackageType'] == 'Zip'
    lam.get_waiter('function_active_v2').wait(FunctionName=fn, WaiterConfig={'Delay': 1, 'MaxAttempts': 3})
    got = lam.get_function(FunctionName=fn)
    assert got['Configuration']['State'] == 'Active'
    assert got['Configuration']['LastUpdateStatus'] == 'Successful'
    assert got['Configuration']['CodeSha256'] == created['CodeSha256']
    config = lam.get_function_configuration(FunctionName=created['FunctionArn'])
    assert config['FunctionName'] == fn and config['State'] == 'Active'
    listed = [f for f in lam.list_functions()['Functions'] if f['FunctionName'] == fn]
    assert len(listed) == 1 and 'State' not in listed[0]


def test_invoke_request_response_event_and_dry_run(lam, fn):
    create_python_function(lam, fn, ECHO)
    answer = lam.invoke(FunctionName=fn, Payload=json.dumps({'a': 1}), LogType='Tail')
    assert answer['StatusCode'] == 200 and 'FunctionError' not in answer
    assert json.loads(answer['Payload'].read()) == {'echo': {'a': 1}, 'name': fn}
    tail = base64.b64decode(answer['LogResult']).decode()
    assert 'START RequestId:' in tail and 'got {"a": 1}' in tail and 'REPORT RequestId:' in tail

    failed = lam.invoke(FunctionName=fn, Payload=json.dumps({'fail': True}))
    assert failed['StatusCode'] == 200 and failed['FunctionError'] == 'Unhandled'
    error = json.loads(failed['Payload'].read())
    assert error['errorType'] == 'ValueError' and error['errorMessage'] == 'asked to fail'

    assert lam.invoke(FunctionName=fn, InvocationType='Event', Payload=b'{"e": 2}')['StatusCode'] == 202
    assert lam.invoke(FunctionName=fn, InvocationType='DryRun')['StatusCode'] == 204
    deadline = time.monotonic() + 20
    while not any('got {"e": 2}' in m for m in log_messages(lam.meta.endpoint_url, fn)):
        assert time.monotonic() < deadline, 'the Event invocation never ran'
        time.sleep(0.1)

    with pytest.raises(ClientError) as e:
        lam.invoke(FunctionName=fn, Payload=b'not json')
    assert error_of(e)[0] == 'InvalidRequestContentException'


def test_update_code_and_configuration(lam, fn):
    created = create_python_function(lam, fn, ECHO)
    updated = lam.update_function_code(FunctionName=fn, ZipFile=python_package(
        'def lambda_handler(event, context):\n    return "v2"\n'))
    assert updated['LastUpdateStatus'] == 'InProgress'
    assert updated['CodeSha256'] != created['CodeSha256'] and updated['RevisionId'] != created['RevisionId']
    lam.get_waiter('function_updated_v2').wait(FunctionName=fn, WaiterConfig={'Delay': 1, 'MaxAttempts': 3})
    assert json.loads(lam.invoke(FunctionName=fn)['Payload'].read()) == 'v2'

    config = lam.update_function_configuration(FunctionName=fn, Timeout=7,
                                               Environment={'Variables': {'GREETING': 'hi'}},
                                               Handler='lambda_function.other')
    assert config['Timeout'] == 7 and config['Handler'] == 'lambda_function.other'
    lam.update_function_configuration(FunctionName=fn, Handler='lambda_function.lambda_handler')
    assert lam.get_function_configuration(FunctionName=fn)['Environment'] == {'Variables': {'GREETING': 'hi'}}

    with pytest.raises(ClientError) as e:
        lam.update_function_configuration(FunctionName=fn, Timeout=3, RevisionId='not-the-revision')
    assert error_of(e)[0] == 'PreconditionFailedException'
    assert e.value.response['ResponseMetadata']['HTTPStatusCode'] == 412


def test_delete_function(lam, fn):
    create_python_function(lam, fn, ECHO)
    assert lam.delete_function(FunctionName=fn)['ResponseMetadata']['HTTPStatusCode'] == 204
    for call in (lambda: lam.get_function(FunctionName=fn), lambda: lam.invoke(FunctionName=fn),
                 lambda: lam.delete_function(FunctionName=fn)):
        with pytest.raises(ClientError) as e:
            call()
        assert error_of(e) == ('ResourceNotFoundException',
                               'Function not found: arn:aws:lambda:us-east-1:000000000000:function:' + fn)
        assert e.value.response['ResponseMetadata']['HTTPStatusCode'] == 404


@pytest.mark.parametrize('change, code, message', [
    ({'Timeout': 0}, 'ValidationException', "Value '0' at 'timeout' failed to satisfy constraint: "
                                            "Member must have value greater than or equal to 1"),
    ({'MemorySize': 64}, 'ValidationException', "Value '64' at 'memorySize'"),
    ({'Role': 'lambda-role'}, 'ValidationException', "Value 'lambda-role' at 'role' failed to satisfy constraint"),
    ({'Runtime': 'python9.9'}, 'InvalidParameterValueException',
     "Value python9.9 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: ["),
    ({'Runtime': 'java21'}, 'InvalidParameterValueException', 'java21'),
    ({'Code': {'ZipFile': b'not a zip'}}, 'InvalidParameterValueException',
     'Could not unzip uploaded file. Please check your file, then try to upload again.'),
    ({'Code': {'S3Bucket': 'b', 'S3Key': 'k'}}, 'InvalidParameterValueException', 'S3'),
    ({'Environment': {'Variables': {'AWS_REGION': 'x'}}}, 'InvalidParameterValueException',
     'Reserved keys used in this request: AWS_REGION'),
])
def test_create_function_errors(lam, fn, change, code, message):
    args = dict(FunctionName=fn, Runtime='python3.12', Role=ROLE_ARN, Handler='lambda_function.lambda_handler',
                Code={'ZipFile': python_package(ECHO)})
    args.update(change)
    with pytest.raises(ClientError) as e:
        lam.create_function(**args)
    got_code, got_message = error_of(e)
    assert got_code == code and message in got_message
    assert e.value.response['ResponseMetadata']['HTTPStatusCode'] == 400


def test_a_function_name_is_taken_once(lam, fn):
    create_python_function(lam, fn, ECHO)
    with pytest.raises(ClientError) as e:
        create_python_function(lam, fn, ECHO)
    assert error_of(e) == ('ResourceConflictException', 'Function already exist: ' + fn)
    assert e.value.response['ResponseMetadata']['HTTPStatusCode'] == 409


def test_list_functions_pages(lam):
    names = ['page-%s-%d' % (random_string(5).lower(), i) for i in range(3)]
    for name in names:
        create_python_function(lam, name, ECHO)
    try:
        seen = []
        for page in lam.get_paginator('list_functions').paginate(PaginationConfig={'PageSize': 2}):
            assert len(page['Functions']) <= 2
            seen += [f['FunctionName'] for f in page['Functions']]
        assert [n for n in seen if n in names] == sorted(names)
    finally:
        for name in names:
            lam.delete_function(FunctionName=name)


def test_permissions_tags_and_account_settings(lam, fn):
    arn = create_python_function(lam, fn, ECHO, Tags={'team': 'music'})['FunctionArn']
    statement = json.loads(lam.add_permission(FunctionName=fn, StatementId='ddb', Action='lambda:InvokeFunction',
                                              Principal='dynamodb.amazonaws.com')['Statement'])
    assert statement['Sid'] == 'ddb' and statement['Principal'] == {'Service': 'dynamodb.amazonaws.com'}
    with pytest.raises(ClientError) as e:
        lam.add_permission(FunctionName=fn, StatementId='ddb', Action='lambda:InvokeFunction', Principal='s3.amazonaws.com')
    assert error_of(e)[0] == 'ResourceConflictException'
    assert json.loads(lam.get_policy(FunctionName=fn)['Policy'])['Statement'][0]['Sid'] == 'ddb'
    assert lam.list_tags(Resource=arn)['Tags'] == {'team': 'music'}
    lam.tag_resource(Resource=arn, Tags={'stage': 'dev'})
    lam.untag_resource(Resource=arn, TagKeys=['team'])
    assert lam.get_function(FunctionName=fn)['Tags'] == {'stage': 'dev'}
    usage = lam.get_account_settings()['AccountUsage']
    assert usage['FunctionCount'] >= 1 and usage['TotalCodeSize'] > 0


def test_event_source_mapping_lifecycle(endpoint, dynamodb, lam, fn):
    create_python_function(lam, fn, RECORDER)
    table, stream_arn = streamed_table(dynamodb)
    created = lam.create_event_source_mapping(FunctionName=fn, EventSourceArn=stream_arn,
                                              StartingPosition='TRIM_HORIZON', BatchSize=10)
    assert created['ResponseMetadata']['HTTPStatusCode'] == 202
    assert created['State'] == 'Creating' and created['StateTransitionReason'] == 'User action'
    assert created['EventSourceArn'] == stream_arn and created['BatchSize'] == 10
    assert created['FunctionArn'].endswith(':function:' + fn)
    uuid = created['UUID']
    assert lam.get_event_source_mapping(UUID=uuid)['State'] == 'Enabled'

    with pytest.raises(ClientError) as e:
        lam.create_event_source_mapping(FunctionName=fn, EventSourceArn=stream_arn, StartingPosition='LATEST')
    code, message = error_of(e)
    assert code == 'ResourceConflictException' and uuid in message

    dynamodb.put_item(TableName=table, Item={'p': {'S': 'one'}})
    dynamodb.update_item(TableName=table, Key={'p': {'S': 'one'}}, UpdateExpression='SET v = :v',
                         ExpressionAttributeValues={':v': {'N': '1'}})
    dynamodb.delete_item(TableName=table, Key={'p': {'S': 'one'}})
    assert wait_for_handlers(endpoint)['caughtUp']
    records = [m.strip() for m in log_messages(endpoint, fn) if m.startswith('RECORD')]
    assert records == ['RECORD INSERT {"p": {"S": "one"}}', 'RECORD MODIFY {"p": {"S": "one"}}',
                       'RECORD REMOVE {"p": {"S": "one"}}']
    assert lam.get_event_source_mapping(UUID=uuid)['LastProcessingResult'] == 'OK'

    listed = lam.list_event_source_mappings(FunctionName=fn)['EventSourceMappings']
    assert [m['UUID'] for m in listed] == [uuid]
    assert [m['UUID'] for m in lam.list_event_source_mappings(EventSourceArn=stream_arn)['EventSourceMappings']] == [uuid]

    updated = lam.update_event_source_mapping(UUID=uuid, BatchSize=5)
    assert updated['State'] == 'Updating' and updated['BatchSize'] == 5
    disabled = lam.update_event_source_mapping(UUID=uuid, Enabled=False)
    assert disabled['State'] == 'Disabling'
    deadline = time.monotonic() + 10
    while lam.get_event_source_mapping(UUID=uuid)['State'] != 'Disabled':
        assert time.monotonic() < deadline
        time.sleep(0.05)
    dynamodb.put_item(TableName=table, Item={'p': {'S': 'while-disabled'}})
    assert lam.update_event_source_mapping(UUID=uuid, Enabled=True)['State'] == 'Enabling'
    while lam.get_event_source_mapping(UUID=uuid)['State'] != 'Enabled':
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert wait_for_handlers(endpoint)['caughtUp']
    assert any('while-disabled' in m for m in log_messages(endpoint, fn))

    assert lam.delete_event_source_mapping(UUID=uuid)['State'] == 'Deleting'
    deadline = time.monotonic() + 10
    while True:
        try:
            lam.get_event_source_mapping(UUID=uuid)
        except ClientError as gone:
            assert error_of_client(gone) == ('ResourceNotFoundException', 'The resource you requested does not exist.')
            break
        assert time.monotonic() < deadline
        time.sleep(0.05)


def error_of_client(error):
    return error.response['Error']['Code'], error.response['Error']['Message']


def test_event_source_mapping_errors(dynamodb, lam, fn):
    create_python_function(lam, fn, RECORDER)
    table, stream_arn = streamed_table(dynamodb)
    cases = [
        (dict(FunctionName=fn, EventSourceArn=stream_arn), 'InvalidParameterValueException', "'startingPosition'"),
        (dict(FunctionName=fn, EventSourceArn=stream_arn, StartingPosition='NOW'), 'ValidationException',
         'Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]'),
        (dict(FunctionName=fn, EventSourceArn=stream_arn.replace(table, 'no_such_table'), StartingPosition='LATEST'),
         'InvalidParameterValueException', 'Stream not found'),
        (dict(FunctionName='no-such-fn', EventSourceArn=stream_arn, StartingPosition='LATEST'),
         'InvalidParameterValueException', 'Function does not exist'),
        (dict(FunctionName=fn, EventSourceArn=stream_arn, StartingPosition='LATEST', BatchSize=0),
         'ValidationException', "Value '0' at 'batchSize'"),
    ]
    for args, code, message in cases:
        with pytest.raises(ClientError) as e:
            lam.create_event_source_mapping(**args)
        assert error_of(e)[0] == code and message in error_of(e)[1], args
    with pytest.raises(ClientError) as e:
        lam.get_event_source_mapping(UUID='00000000-0000-4000-8000-000000000000')
    assert error_of(e)[0] == 'ResourceNotFoundException'
    assert e.value.response['ResponseMetadata']['HTTPStatusCode'] == 404


def test_a_mapping_deleted_while_its_batch_runs_stops_cleanly(endpoint, dynamodb, lam, fn):
    create_python_function(lam, fn, RECORDER, Environment={'Variables': {'SLEEP': '1.5'}}, Timeout=10)
    table, stream_arn = streamed_table(dynamodb)
    uuid = lam.create_event_source_mapping(FunctionName=fn, EventSourceArn=stream_arn,
                                           StartingPosition='TRIM_HORIZON')['UUID']
    dynamodb.put_item(TableName=table, Item={'p': {'S': 'slow'}})
    deadline = time.monotonic() + 20
    while not any('RECORD INSERT' in m for m in log_messages(endpoint, fn)):  # the batch is running
        assert time.monotonic() < deadline
        time.sleep(0.02)
    started = time.monotonic()
    assert lam.delete_event_source_mapping(UUID=uuid)['State'] == 'Deleting'
    assert time.monotonic() - started < 1.0, 'the delete waited for the batch'
    while True:
        try:
            lam.get_event_source_mapping(UUID=uuid)
        except ClientError:
            break
        assert time.monotonic() < deadline
        time.sleep(0.05)
    dynamodb.put_item(TableName=table, Item={'p': {'S': 'after-delete'}})
    time.sleep(0.3)
    messages = log_messages(endpoint, fn)
    assert not any('after-delete' in m for m in messages)
    # The batch that was running finished (its END line is there).
    assert sum(1 for m in messages if m.startswith('END RequestId')) == 1


@pytest.fixture
def data_dir():
    d = tempfile.mkdtemp(prefix='eddy-lambda-')
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.mark.skipif(bool(os.environ.get('EDDY_ENDPOINT')), reason='starts and kills its own server')
@pytest.mark.parametrize('crash', [False, True])
def test_functions_mappings_and_checkpoints_survive_a_restart(start_server, data_dir, crash):
    server = start_server(data_dir)
    lam, ddb = make_client(server.endpoint, 'lambda'), make_client(server.endpoint)
    fn = 'durable-fn'
    create_python_function(lam, fn, RECORDER)
    table, stream_arn = streamed_table(ddb)
    uuid = lam.create_event_source_mapping(FunctionName=fn, EventSourceArn=stream_arn,
                                           StartingPosition='TRIM_HORIZON')['UUID']
    ddb.put_item(TableName=table, Item={'p': {'S': 'before'}})
    assert wait_for_handlers(server.endpoint)['caughtUp']
    if crash:
        server.kill()
    else:
        assert server.stop() == 0

    server = start_server(data_dir)
    lam, ddb = make_client(server.endpoint, 'lambda'), make_client(server.endpoint)
    assert lam.get_function(FunctionName=fn)['Configuration']['State'] == 'Active'
    assert lam.get_event_source_mapping(UUID=uuid)['State'] == 'Enabled'
    ddb.put_item(TableName=table, Item={'p': {'S': 'after'}})
    assert wait_for_handlers(server.endpoint)['caughtUp']
    records = [m.strip() for m in log_messages(server.endpoint, fn) if m.startswith('RECORD')]
    # Delivered once each: the checkpoint came back with the mapping.
    assert records == ['RECORD INSERT {"p": {"S": "before"}}', 'RECORD INSERT {"p": {"S": "after"}}']
    assert json.loads(lam.invoke(FunctionName=fn, Payload=b'{"Records": []}')['Payload'].read()) == {}


def test_unsigned_calls_are_refused(endpoint, fn):
    # A web page can POST without a preflight but cannot sign: without an
    # Authorization header neither Lambda's API (which would run its code)
    # nor IAM's answers, and Lambda's paths get no CORS for any origin.
    from helpers import raw_request
    status, headers, data = raw_request(endpoint, None, json.dumps({'FunctionName': fn}), path='/2015-03-31/functions',
                                        headers={'Content-Type': 'text/plain', 'Origin': 'http://evil.example'},
                                        auth=False)
    assert status == 403
    assert json.loads(data)['message'] == 'Missing Authentication Token'
    assert 'access-control-allow-origin' not in {k.lower() for k in dict(headers)}
    status, _, data = raw_request(endpoint, None, 'Action=ListRoles&Version=2010-05-08', auth=False,
                                  headers={'Content-Type': 'application/x-www-form-urlencoded'})
    assert status == 403 and b'MissingAuthenticationToken' in data


def raw_request_json(endpoint, method, path, body):
    from helpers import raw_request
    status, _, _ = raw_request(endpoint, None, json.dumps(body), method=method, path=path,
                               headers={'Content-Type': 'application/json'})
    return status


def test_remove_permission(lam, fn):
    create_python_function(lam, fn, ECHO)
    lam.add_permission(FunctionName=fn, StatementId='any', Action='lambda:InvokeFunction', Principal='*')
    assert json.loads(lam.get_policy(FunctionName=fn)['Policy'])['Statement'][0]['Principal'] == '*'
    assert lam.remove_permission(FunctionName=fn, StatementId='any')['ResponseMetadata']['HTTPStatusCode'] == 204
    with pytest.raises(ClientError) as e:
        lam.remove_permission(FunctionName=fn, StatementId='any')
    assert error_of(e)[0] == 'ResourceNotFoundException'


def test_a_mapping_update_that_cannot_run_changes_nothing(endpoint, dynamodb, lam, fn):
    create_python_function(lam, fn, RECORDER)
    table, stream_arn = streamed_table(dynamodb)
    uuid = lam.create_event_source_mapping(FunctionName=fn, EventSourceArn=stream_arn,
                                           StartingPosition='TRIM_HORIZON')['UUID']
    with pytest.raises(ClientError) as e:
        lam.update_event_source_mapping(UUID=uuid, FilterCriteria={'Filters': [{'Pattern': 'not json'}]})
    assert error_of(e)[0] == 'InvalidParameterValueException' and 'Invalid filter pattern' in error_of(e)[1]
    # A filter that is not an object, as a hand-written request could send it.
    lam_raw = raw_request_json(endpoint, 'PUT', '/2015-03-31/event-source-mappings/' + uuid,
                               {'FilterCriteria': {'Filters': [1]}})
    assert lam_raw < 500
    other = 'fn-' + random_string(8).lower()
    create_python_function(lam, other, RECORDER)
    try:
        lam.create_event_source_mapping(FunctionName=other, EventSourceArn=stream_arn, StartingPosition='LATEST')
        with pytest.raises(ClientError) as e:
            lam.update_event_source_mapping(UUID=uuid, FunctionName=other)
        assert error_of(e)[0] == 'ResourceConflictException'
    finally:
        for mapping in lam.list_event_source_mappings(FunctionName=other)['EventSourceMappings']:
            lam.delete_event_source_mapping(UUID=mapping['UUID'])
        lam.delete_function(FunctionName=other)
    # The mapping still delivers.
    dynamodb.put_item(TableName=table, Item={'p': {'S': 'still-running'}})
    assert wait_for_handlers(endpoint)['caughtUp']
    assert any('still-running' in m for m in log_messages(endpoint, fn))
    assert lam.get_event_source_mapping(UUID=uuid)['State'] == 'Enabled'


@pytest.mark.skipif(bool(os.environ.get('EDDY_ENDPOINT')), reason='starts its own server')
def test_the_functions_file_and_the_api_see_the_same_functions(start_server, data_dir):
    code_dir = os.path.join(data_dir, 'handler')
    os.makedirs(code_dir)
    with open(os.path.join(code_dir, 'lambda_function.py'), 'w') as f:
        f.write(RECORDER)
    functions_file = os.path.join(data_dir, 'functions.json')
    with open(functions_file, 'w') as f:
        json.dump({'Functions': [{'FunctionName': 'from-file', 'Runtime': 'python3.12',
                                  'Handler': 'lambda_function.lambda_handler', 'CodeDirectory': 'handler',
                                  'EventSourceMappings': [{'TableName': 'FileTable',
                                                           'StartingPosition': 'TRIM_HORIZON'}]}]}, f)
    server = start_server(os.path.join(data_dir, 'db'), '--functions', functions_file)
    lam, ddb = make_client(server.endpoint, 'lambda'), make_client(server.endpoint)
    create_table(ddb, 'FileTable', KEYS, DEFS,
                 StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'NEW_IMAGE'})
    stream_arn = ddb.describe_table(TableName='FileTable')['Table']['LatestStreamArn']
    assert lam.get_function(FunctionName='from-file')['Configuration']['Runtime'] == 'python3.12'
    mappings = lam.list_event_source_mappings(FunctionName='from-file')['EventSourceMappings']
    assert [m['EventSourceArn'] for m in mappings] == [stream_arn]
    # The API may change a file's function until the next start.
    lam.update_function_configuration(FunctionName='from-file', Environment={'Variables': {'SLEEP': '0'}})
    ddb.put_item(TableName='FileTable', Item={'p': {'S': 'x'}})
    assert wait_for_handlers(server.endpoint)['caughtUp']
    assert any('RECORD INSERT' in m for m in log_messages(server.endpoint, 'from-file'))

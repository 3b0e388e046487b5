# The pieces of AWS's "Tutorial: Using AWS Lambda with Amazon DynamoDB
# streams" (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb-example.html)
# that its three runs share: the boto3 lab (test_lambda_lab_boto3.py), the
# JavaScript SDK v3 lab (test_lambda_lab_js.py, tests/js/lambda_lab.mjs) and
# the AWS CLI's `aws logs tail` tests. The CLI lab (tests/lab/lambda_lab_cli.sh)
# checks the same things in its own words.
#
# The checks are what AWS answers (the Lambda, IAM and CloudWatch Logs API
# references), so they would pass against AWS but for the two eddy-only
# shortcuts: POST /_eddy/ttl/sweep and POST /_eddy/event-source-mappings/wait.

import base64
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import time
import urllib.parse
import zipfile

from helpers import random_string, raw_request

LAB_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lab')
HANDLER_FILE = os.path.join(LAB_DIR, 'lambda_function.py')
SAMPLE_EVENT_FILE = os.path.join(LAB_DIR, 'input.txt')
with open(os.path.join(LAB_DIR, 'trust-policy.json')) as _f:
    TRUST_POLICY = json.load(_f)
EXECUTION_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole'
HANDLER = 'lambda_function.lambda_handler'
RUNTIME = 'python3.12'

ACCOUNT = r'\d{12}'
UUID_RE = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')
LOG_STREAM_RE = re.compile(r'\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}')
TTL_SERVICE = {'principalId': 'dynamodb.amazonaws.com', 'type': 'Service'}

# The Music table and what the lab does to it, in this order: put Call Me
# Today, update its AlbumTitle, put Happy Day already expired (TTL deletes it
# as dynamodb.amazonaws.com), delete Call Me Today.
MUSIC_KEY_SCHEMA = [{'AttributeName': 'Artist', 'KeyType': 'HASH'},
                    {'AttributeName': 'SongTitle', 'KeyType': 'RANGE'}]
MUSIC_ATTRIBUTES = [{'AttributeName': 'Artist', 'AttributeType': 'S'},
                    {'AttributeName': 'SongTitle', 'AttributeType': 'S'}]
MUSIC_STREAM = {'StreamEnabled': True, 'StreamViewType': 'NEW_AND_OLD_IMAGES'}
CALL_ME_TODAY = {'Artist': {'S': 'No One You Know'}, 'SongTitle': {'S': 'Call Me Today'}}
HAPPY_DAY = {'Artist': {'S': 'Acme Band'}, 'SongTitle': {'S': 'Happy Day'}}
# (Artist, SongTitle, eventName, userIdentity) by song, each song's records
# in the order they were written.
EXPECTED_SONGS = [
    ('Acme Band', 'Happy Day', 'INSERT', None),
    ('Acme Band', 'Happy Day', 'REMOVE', TTL_SERVICE),
    ('No One You Know', 'Call Me Today', 'INSERT', None),
    ('No One You Know', 'Call Me Today', 'MODIFY', None),
    ('No One You Know', 'Call Me Today', 'REMOVE', None),
]


def write_the_songs(ddb, table, endpoint):
    """The lab's changes to the Music table (EXPECTED_SONGS), then waits
    until every mapping has handled them."""
    ddb.put_item(TableName=table, Item=dict(CALL_ME_TODAY, AlbumTitle={'S': 'Somewhat Famous'}))
    ddb.update_item(TableName=table, Key=CALL_ME_TODAY, UpdateExpression='SET AlbumTitle = :a',
                    ExpressionAttributeValues={':a': {'S': 'Updated Album Title'}})
    ddb.put_item(TableName=table, Item=dict(HAPPY_DAY, Expiration={'N': str(int(time.time()) - 3600)}))
    ttl_sweep(endpoint)
    assert 'Item' not in ddb.get_item(TableName=table, Key=HAPPY_DAY, ConsistentRead=True)
    ddb.delete_item(TableName=table, Key=CALL_ME_TODAY)
    wait_caught_up(endpoint)


def lab_names():
    """Function, role and table names of one run: the tutorial's, with a
    suffix so that runs can share a server."""
    suffix = random_string(6)
    return {'function': 'ProcessDynamoDBRecords-' + suffix, 'role': 'lambda-dynamodb-role-' + suffix,
            'table': 'Music-' + suffix}


def aws_cli_v2():
    """The AWS CLI v2 (`aws logs tail` is v2's): $AWS_CLI, Debian's
    /usr/bin/aws, or the `aws` on PATH, whichever says aws-cli/2; None if
    none does (a pip-installed v1 may come first on PATH)."""
    for candidate in (os.environ.get('AWS_CLI'), '/usr/bin/aws', shutil.which('aws')):
        if not candidate or not os.access(candidate, os.X_OK):
            continue
        version = subprocess.run([candidate, '--version'], capture_output=True, text=True)
        if (version.stdout + version.stderr).startswith('aws-cli/2'):
            return candidate
    return None


def cli_env(home):
    """The environment for the AWS CLI: dummy credentials, nothing read from
    the user's configuration (`home` holds the CLI's cache)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith('AWS_')}
    env.update(AWS_ACCESS_KEY_ID='dummy', AWS_SECRET_ACCESS_KEY='dummy', AWS_DEFAULT_REGION='us-east-1',
               AWS_PAGER='', AWS_EC2_METADATA_DISABLED='true', HOME=str(home),
               AWS_CONFIG_FILE=os.path.join(str(home), 'no-config'),
               AWS_SHARED_CREDENTIALS_FILE=os.path.join(str(home), 'no-credentials'))
    return env


def function_zip():
    """function.zip: the tutorial's handler as lambda_function.py."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        z.write(HANDLER_FILE, 'lambda_function.py')
    return buf.getvalue()


def code_sha256(data):
    """Lambda's CodeSha256: the base64 of the package's SHA-256."""
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


# --- eddy's admin API (the two eddy-only steps) --------------------------

def admin(endpoint, path, body=None):
    status, _, data = raw_request(endpoint, path=path, body=body if body is not None else {},
                                  headers={'Content-Type': 'application/json'}, auth=False)
    return status, json.loads(data)


def ttl_sweep(endpoint):
    """Deletes every expired item now; returns how many."""
    status, body = admin(endpoint, '/_eddy/ttl/sweep')
    assert status == 200, body
    return body['deleted']


def wait_caught_up(endpoint, timeout=60):
    """Returns once every enabled mapping has handled every record
    committed before the call."""
    status, body = admin(endpoint, '/_eddy/event-source-mappings/wait', {'timeoutSeconds': timeout})
    assert status == 200 and body['caughtUp'] is True, (status, body)


# --- checks of AWS's answers -----------------------------------------------

def account_of(arn):
    m = re.fullmatch(r'arn:aws:[a-z0-9]+:[a-z0-9-]*:(\d{12}):.+', arn)
    assert m, arn
    return m.group(1)


def policy_document(doc):
    """IAM returns policy documents URL-encoded; botocore decodes them into
    a dict, the JavaScript SDK leaves the string."""
    if isinstance(doc, str):
        return json.loads(urllib.parse.unquote(doc))
    return doc


def check_role(role, name):
    """A CreateRole or GetRole `Role`; returns its ARN."""
    assert role['RoleName'] == name and role['Path'] == '/', role
    assert re.fullmatch(r'arn:aws:iam::%s:role/%s' % (ACCOUNT, re.escape(name)), role['Arn']), role
    assert role['RoleId'].startswith('AROA'), role
    assert policy_document(role['AssumeRolePolicyDocument']) == TRUST_POLICY, role
    assert role['CreateDate']
    return role['Arn']


def check_attached_policies(response):
    assert response['AttachedPolicies'] == [
        {'PolicyName': 'AWSLambdaDynamoDBExecutionRole', 'PolicyArn': EXECUTION_POLICY_ARN}], response


def function_arn(name, account):
    return 'arn:aws:lambda:us-east-1:%s:function:%s' % (account, name)


def check_function(config, name, role_arn, package, states=('Pending', 'Active')):
    """A function's configuration as CreateFunction, GetFunction and
    ListFunctions give it, for the lab's function with default settings."""
    assert config['FunctionName'] == name, config
    assert config['FunctionArn'] == function_arn(name, account_of(role_arn)), config
    assert (config['Runtime'], config['Handler'], config['Role']) == (RUNTIME, HANDLER, role_arn), config
    assert (config['CodeSha256'], config['CodeSize']) == (code_sha256(package), len(package)), config
    assert (config['Version'], config['PackageType']) == ('$LATEST', 'Zip'), config
    assert config['State'] in states, config
    assert config['LastModified']


def check_new_mapping(mapping, stream_arn, fn_arn):
    """CreateEventSourceMapping's answer for --batch-size 100
    --starting-position LATEST, with Lambda's defaults for the rest."""
    assert UUID_RE.fullmatch(mapping['UUID']), mapping
    assert mapping['EventSourceArn'] == stream_arn and mapping['FunctionArn'] == fn_arn, mapping
    assert (mapping['BatchSize'], mapping['StartingPosition']) == (100, 'LATEST'), mapping
    assert mapping['State'] in ('Creating', 'Enabled'), mapping
    assert mapping['MaximumBatchingWindowInSeconds'] == 0, mapping
    assert mapping['MaximumRetryAttempts'] == -1 and mapping['MaximumRecordAgeInSeconds'] == -1, mapping
    assert mapping['BisectBatchOnFunctionError'] is False and mapping['ParallelizationFactor'] == 1, mapping


def check_invoke(response, payload, expected_result, records_logged):
    """Invoke with --log-type Tail: a 200 without FunctionError, the
    handler's return value, and the log's tail (base64): START, the
    handler's lines for `records_logged` (event names), END and REPORT."""
    assert response['StatusCode'] == 200 and 'FunctionError' not in response, response
    assert response['ExecutedVersion'] == '$LATEST', response
    assert json.loads(payload) == expected_result
    lines = base64.b64decode(response['LogResult']).decode().splitlines()
    assert [l.split(' ', 1)[0] for l in lines if l.startswith(('START', 'END', 'REPORT'))] == \
        ['START', 'END', 'REPORT'], lines
    assert [json.loads(l)['eventName'] for l in lines if l.startswith('{')] == records_logged, lines


def songs_logged(messages):
    """(Artist, SongTitle, eventName, userIdentity) of each record the
    handler logged for the lab's songs (not the sample event's, nor other
    tests'), by song and, within a song, in log order."""
    artists = {song[0] for song in EXPECTED_SONGS}
    records = [json.loads(m) for m in messages if m.startswith('{')]
    songs = [(r['Keys']['Artist']['S'], r['Keys']['SongTitle']['S'], r['eventName'], r['userIdentity'])
             for r in records if r['Keys']['Artist']['S'] in artists]
    return sorted(songs, key=lambda s: s[:2])


def check_lambda_log(messages):
    """The function's log after the lab's writes: every change, framed by
    START/END/REPORT lines."""
    assert songs_logged(messages) == EXPECTED_SONGS, messages
    for prefix in ('START RequestId: ', 'END RequestId: ', 'REPORT RequestId: '):
        assert any(m.startswith(prefix) for m in messages), (prefix, messages)

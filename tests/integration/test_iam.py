# IAM and STS over the AWS Query protocol, through boto3 and the AWS CLI:
# enough for the AWS Lambda tutorial lab (create a role, attach
# AWSLambdaDynamoDBExecutionRole, get-caller-identity). Roles and policies
# are stored, not enforced. Messages and statuses are the live service's,
# as LocalStack's snapshot tests recorded them
# (tests/aws/services/iam/test_iam_roles.snapshot.json) and the IAM API
# reference documents them (https://docs.aws.amazon.com/IAM/latest/APIReference/).

import datetime
import json
import os
import shutil
import subprocess
import tempfile
import urllib.parse

import pytest

from conftest import make_client
from helpers import expect_error, random_string, raw_request

TRUST = ('{"Version": "2012-10-17","Statement": [{ "Effect": "Allow", "Principal": '
         '{"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}')
POLICY = json.dumps({'Version': '2012-10-17',
                     'Statement': [{'Effect': 'Allow', 'Action': 'dynamodb:GetItem', 'Resource': '*'}]})
DYNAMODB_EXECUTION = 'arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole'
BASIC_EXECUTION = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'
ACCOUNT = '000000000000'


@pytest.fixture(scope='module')
def iam(endpoint):
    return make_client(endpoint, 'iam')


@pytest.fixture(scope='module')
def sts(endpoint):
    return make_client(endpoint, 'sts')


def role_name():
    return 'role-' + random_string(10)


def status_of(info):
    return info.value.response['ResponseMetadata']['HTTPStatusCode']


# --- boto3 ---------------------------------------------------------------

def test_create_get_delete_role(iam):
    name = role_name()
    created = iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST, Description='the lab role',
                              Tags=[{'Key': 'team', 'Value': 'a b'}])['Role']
    assert created['RoleName'] == name
    assert created['Path'] == '/'
    assert created['Arn'] == 'arn:aws:iam::%s:role/%s' % (ACCOUNT, name)
    assert created['RoleId'].startswith('AROA') and len(created['RoleId']) == 21
    assert created['RoleId'][4:].isalnum() and created['RoleId'].upper() == created['RoleId']
    # botocore decodes the URL-encoded document IAM returns into a dict.
    assert created['AssumeRolePolicyDocument'] == json.loads(TRUST)
    assert created['Description'] == 'the lab role'
    assert created['Tags'] == [{'Key': 'team', 'Value': 'a b'}]
    now = datetime.datetime.now(datetime.timezone.utc)
    assert abs((created['CreateDate'] - now).total_seconds()) < 120
    assert 'MaxSessionDuration' not in created  # CreateRole leaves it out, as IAM does

    got = iam.get_role(RoleName=name)['Role']
    assert got['RoleId'] == created['RoleId']
    assert got['MaxSessionDuration'] == 3600
    assert got['RoleLastUsed'] == {}
    assert got['AssumeRolePolicyDocument'] == json.loads(TRUST)

    iam.delete_role(RoleName=name)
    with expect_error('NoSuchEntity', '^The role with name %s cannot be found.$' % name) as info:
        iam.get_role(RoleName=name)
    assert status_of(info) == 404


def test_create_role_errors(iam):
    name = role_name()
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST, Path='/service/', MaxSessionDuration=7200)
    with expect_error('EntityAlreadyExists', '^Role with name %s already exists.$' % name) as info:
        iam.create_role(RoleName=name.upper(), AssumeRolePolicyDocument=TRUST)  # names ignore case
    assert status_of(info) == 409
    with expect_error('MalformedPolicyDocument', '^This policy contains invalid Json$') as info:
        iam.create_role(RoleName=role_name(), AssumeRolePolicyDocument='{"Version": ')
    assert status_of(info) == 400
    with expect_error('ValidationError', r"^1 validation error detected: Value 'a b' at 'roleName' failed to "
                                         r"satisfy constraint: Member must satisfy regular expression pattern: "
                                         r"\[\\w\+=,\.@-\]\+$") as info:
        iam.create_role(RoleName='a b', AssumeRolePolicyDocument=TRUST)
    assert status_of(info) == 400
    with expect_error('ValidationError', "Value null at 'assumeRolePolicyDocument' failed to satisfy constraint: "
                                         "Member must not be null"):
        iam.create_role(RoleName=role_name())
    got = iam.get_role(RoleName=name)['Role']
    assert got['Arn'] == 'arn:aws:iam::%s:role/service/%s' % (ACCOUNT, name)
    assert got['MaxSessionDuration'] == 7200
    iam.delete_role(RoleName=name)


def test_list_roles_paths_and_pages(iam):
    prefix = '/list-%s/' % random_string(6).lower()
    names = sorted(role_name() for _ in range(5))
    for name in names:
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST, Path=prefix)
    try:
        listed = iam.list_roles(PathPrefix=prefix)
        assert [r['RoleName'] for r in listed['Roles']] == names
        assert listed['IsTruncated'] is False
        assert all(r['MaxSessionDuration'] == 3600 and 'RoleLastUsed' not in r for r in listed['Roles'])
        first = iam.list_roles(PathPrefix=prefix, MaxItems=2)
        assert first['IsTruncated'] is True and len(first['Roles']) == 2
        pages = iam.get_paginator('list_roles').paginate(PathPrefix=prefix, PaginationConfig={'PageSize': 2})
        assert [r['RoleName'] for page in pages for r in page['Roles']] == names
        assert iam.list_roles(PathPrefix='/no-such-path/')['Roles'] == []
    finally:
        for name in names:
            iam.delete_role(RoleName=name)


def test_attach_aws_managed_policy_without_creating_it(iam):
    name = role_name()
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName=name, PolicyArn=DYNAMODB_EXECUTION)
    iam.attach_role_policy(RoleName=name, PolicyArn=DYNAMODB_EXECUTION)  # again: no error, no duplicate
    iam.attach_role_policy(RoleName=name, PolicyArn=BASIC_EXECUTION)
    attached = iam.list_attached_role_policies(RoleName=name)['AttachedPolicies']
    assert attached == [{'PolicyName': 'AWSLambdaDynamoDBExecutionRole', 'PolicyArn': DYNAMODB_EXECUTION},
                        {'PolicyName': 'AWSLambdaBasicExecutionRole', 'PolicyArn': BASIC_EXECUTION}]

    policy = iam.get_policy(PolicyArn=DYNAMODB_EXECUTION)['Policy']
    assert policy['PolicyName'] == 'AWSLambdaDynamoDBExecutionRole'
    assert policy['Path'] == '/service-role/'
    assert policy['DefaultVersionId'] == 'v1'
    assert policy['AttachmentCount'] >= 1
    assert 'DynamoDB streams' in policy['Description']
    version = iam.get_policy_version(PolicyArn=DYNAMODB_EXECUTION, VersionId='v1')['PolicyVersion']
    assert 'dynamodb:GetRecords' in version['Document']['Statement'][0]['Action']

    with expect_error('DeleteConflict', '^Cannot delete entity, must detach all policies first.$') as info:
        iam.delete_role(RoleName=name)
    assert status_of(info) == 409
    iam.detach_role_policy(RoleName=name, PolicyArn=DYNAMODB_EXECUTION)
    with expect_error('NoSuchEntity', '^Policy %s was not found.$' % DYNAMODB_EXECUTION):
        iam.detach_role_policy(RoleName=name, PolicyArn=DYNAMODB_EXECUTION)
    iam.detach_role_policy(RoleName=name, PolicyArn=BASIC_EXECUTION)
    assert iam.list_attached_role_policies(RoleName=name)['AttachedPolicies'] == []
    iam.delete_role(RoleName=name)


def test_attach_errors(iam):
    name = role_name()
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
    missing = 'arn:aws:iam::%s:policy/missing-%s' % (ACCOUNT, random_string(6))
    with expect_error('NoSuchEntity', '^Policy %s does not exist or is not attachable.$' % missing) as info:
        iam.attach_role_policy(RoleName=name, PolicyArn=missing)
    assert status_of(info) == 404
    with expect_error('ValidationError', '^ARN longpolicynamebutnoarn is not valid.$'):
        iam.attach_role_policy(RoleName=name, PolicyArn='longpolicynamebutnoarn')
    with expect_error('NoSuchEntity', 'cannot be found'):
        iam.attach_role_policy(RoleName='nobody-' + random_string(6), PolicyArn=DYNAMODB_EXECUTION)
    iam.delete_role(RoleName=name)


def test_customer_managed_policy(iam):
    name = 'policy-' + random_string(8)
    created = iam.create_policy(PolicyName=name, PolicyDocument=POLICY, Description='reads')['Policy']
    arn = 'arn:aws:iam::%s:policy/%s' % (ACCOUNT, name)
    assert created['Arn'] == arn
    assert created['PolicyId'].startswith('ANPA') and len(created['PolicyId']) == 21
    assert created['DefaultVersionId'] == 'v1' and created['AttachmentCount'] == 0 and created['IsAttachable']
    with expect_error('EntityAlreadyExists', '^A policy called %s already exists. Duplicate names are not allowed.$'
                      % name) as info:
        iam.create_policy(PolicyName=name, PolicyDocument=POLICY)
    assert status_of(info) == 409
    assert iam.get_policy(PolicyArn=arn)['Policy']['Description'] == 'reads'
    assert iam.get_policy_version(PolicyArn=arn, VersionId='v1')['PolicyVersion']['Document'] == json.loads(POLICY)
    local = iam.list_policies(Scope='Local')['Policies']
    assert arn in [p['Arn'] for p in local]
    assert all(p['Arn'].startswith('arn:aws:iam::%s:' % ACCOUNT) for p in local)

    role = role_name()
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName=role, PolicyArn=arn)
    assert iam.get_policy(PolicyArn=arn)['Policy']['AttachmentCount'] == 1
    attached_local = iam.list_policies(Scope='Local', OnlyAttached=True)['Policies']
    assert arn in [p['Arn'] for p in attached_local]
    with expect_error('DeleteConflict', '^Cannot delete a policy attached to entities.$'):
        iam.delete_policy(PolicyArn=arn)
    iam.detach_role_policy(RoleName=role, PolicyArn=arn)
    iam.delete_policy(PolicyArn=arn)
    with expect_error('NoSuchEntity', '^Policy %s was not found.$' % arn) as info:
        iam.get_policy(PolicyArn=arn)
    assert status_of(info) == 404
    iam.delete_role(RoleName=role)


def test_inline_role_policies(iam):
    name = role_name()
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
    iam.put_role_policy(RoleName=name, PolicyName='p2', PolicyDocument=POLICY)
    iam.put_role_policy(RoleName=name, PolicyName='p1', PolicyDocument=POLICY)
    got = iam.get_role_policy(RoleName=name, PolicyName='p1')
    assert got['RoleName'] == name and got['PolicyName'] == 'p1'
    assert got['PolicyDocument'] == json.loads(POLICY)
    listed = iam.list_role_policies(RoleName=name)
    assert listed['PolicyNames'] == ['p1', 'p2'] and listed['IsTruncated'] is False
    with expect_error('MalformedPolicyDocument', 'invalid Json'):
        iam.put_role_policy(RoleName=name, PolicyName='p3', PolicyDocument='not json')
    with expect_error('DeleteConflict', '^Cannot delete entity, must delete policies first.$'):
        iam.delete_role(RoleName=name)
    iam.delete_role_policy(RoleName=name, PolicyName='p1')
    with expect_error('NoSuchEntity', '^The role policy with name p1 cannot be found.$'):
        iam.get_role_policy(RoleName=name, PolicyName='p1')
    iam.delete_role_policy(RoleName=name, PolicyName='p2')
    iam.delete_role(RoleName=name)


def test_trust_policy_update_and_tags(iam):
    name = role_name()
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
    trust = {'Version': '2012-10-17', 'Statement': [
        {'Effect': 'Allow', 'Principal': {'Service': 'edgelambda.amazonaws.com'}, 'Action': 'sts:AssumeRole'}]}
    iam.update_assume_role_policy(RoleName=name, PolicyDocument=json.dumps(trust))
    assert iam.get_role(RoleName=name)['Role']['AssumeRolePolicyDocument'] == trust
    iam.tag_role(RoleName=name, Tags=[{'Key': 'a', 'Value': '1'}, {'Key': 'b', 'Value': '2'}])
    iam.tag_role(RoleName=name, Tags=[{'Key': 'a', 'Value': '3'}])
    assert iam.list_role_tags(RoleName=name)['Tags'] == [{'Key': 'a', 'Value': '3'}, {'Key': 'b', 'Value': '2'}]
    iam.untag_role(RoleName=name, TagKeys=['b'])
    assert iam.get_role(RoleName=name)['Role']['Tags'] == [{'Key': 'a', 'Value': '3'}]
    with expect_error('InvalidInput', '^Duplicate tag keys found. Please note that Tag keys are case insensitive.$'):
        iam.tag_role(RoleName=name, Tags=[{'Key': 'x', 'Value': '1'}, {'Key': 'X', 'Value': '2'}])
    iam.delete_role(RoleName=name)


def test_get_caller_identity_and_assume_role(iam, sts):
    identity = sts.get_caller_identity()
    assert identity['Account'] == ACCOUNT
    assert identity['Arn'] == 'arn:aws:iam::%s:root' % ACCOUNT
    assert identity['UserId'] == ACCOUNT

    name = role_name()
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)['Role']
    assumed = sts.assume_role(RoleArn=role['Arn'], RoleSessionName='lab', DurationSeconds=900)
    credentials = assumed['Credentials']
    assert credentials['AccessKeyId'].startswith('ASIA') and len(credentials['AccessKeyId']) == 20
    assert len(credentials['SecretAccessKey']) == 40 and credentials['SessionToken']
    now = datetime.datetime.now(datetime.timezone.utc)
    assert 800 < (credentials['Expiration'] - now).total_seconds() < 1000
    assert assumed['AssumedRoleUser'] == {'AssumedRoleId': role['RoleId'] + ':lab',
                                          'Arn': 'arn:aws:sts::%s:assumed-role/%s/lab' % (ACCOUNT, name)}
    missing = 'arn:aws:iam::%s:role/missing-%s' % (ACCOUNT, random_string(6))
    with expect_error('AccessDenied', 'is not authorized to perform: sts:AssumeRole on resource: ' + missing) as info:
        sts.assume_role(RoleArn=missing, RoleSessionName='lab')
    assert status_of(info) == 403
    iam.delete_role(RoleName=name)


# --- raw requests --------------------------------------------------------

FORM = {'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8'}


def test_percent_20_and_plus_both_mean_space(endpoint, iam):
    # The JS SDK v3 encodes spaces as %20, botocore as +.
    name = role_name()
    body = 'Action=CreateRole&Version=2010-05-08&RoleName=%s&Description=%s&AssumeRolePolicyDocument=%s' % (
        name, 'two%20words+here', urllib.parse.quote(TRUST, safe=''))
    status, headers, data = raw_request(endpoint, None, body, headers=FORM)
    assert status == 200, data
    assert headers['content-type'].startswith('text/xml')
    assert data.decode().startswith('<CreateRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">')
    assert iam.get_role(RoleName=name)['Role']['Description'] == 'two words here'
    iam.delete_role(RoleName=name)


def test_unknown_action_and_version(endpoint):
    status, _, data = raw_request(endpoint, None, 'Action=CreateUser&Version=2010-05-08&UserName=u', headers=FORM)
    assert status == 400
    text = data.decode()
    assert '<Code>InvalidAction</Code>' in text and '<Type>Sender</Type>' in text
    assert '<Message>Could not find operation CreateUser for version 2010-05-08</Message>' in text
    status, _, data = raw_request(endpoint, None, 'Action=GetCallerIdentity&Version=2011-06-15', headers=FORM)
    assert status == 200
    assert data.decode().startswith('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">')


# --- restart -------------------------------------------------------------

@pytest.mark.skipif(bool(os.environ.get('EDDY_ENDPOINT')), reason='needs to start its own server')
def test_roles_survive_a_restart(start_server):
    data_dir = tempfile.mkdtemp(prefix='eddy-iam-')
    try:
        server = start_server(data_dir)
        iam = make_client(server.endpoint, 'iam')
        role = iam.create_role(RoleName='lambda-ex', AssumeRolePolicyDocument=TRUST, Description='kept')['Role']
        iam.attach_role_policy(RoleName='lambda-ex', PolicyArn=DYNAMODB_EXECUTION)
        iam.put_role_policy(RoleName='lambda-ex', PolicyName='inline', PolicyDocument=POLICY)
        iam.create_policy(PolicyName='reader', PolicyDocument=POLICY)
        assert server.stop() == 0

        server = start_server(data_dir)
        iam = make_client(server.endpoint, 'iam')
        again = iam.get_role(RoleName='lambda-ex')['Role']
        for key in ('RoleName', 'RoleId', 'Arn', 'CreateDate', 'AssumeRolePolicyDocument', 'Description'):
            assert again[key] == role[key], key
        assert iam.list_attached_role_policies(RoleName='lambda-ex')['AttachedPolicies'] == [
            {'PolicyName': 'AWSLambdaDynamoDBExecutionRole', 'PolicyArn': DYNAMODB_EXECUTION}]
        assert iam.list_role_policies(RoleName='lambda-ex')['PolicyNames'] == ['inline']
        assert iam.get_policy(PolicyArn='arn:aws:iam::%s:policy/reader' % ACCOUNT)['Policy']['PolicyName'] == 'reader'
        server.stop()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


# --- the AWS CLI: the Lambda tutorial's commands --------------------------

def _clis():
    """Every AWS CLI found (Debian's v2 at /usr/bin/aws, a pip v1 on PATH),
    each once."""
    found = {}
    for path in (os.environ.get('AWS_CLI'), '/usr/bin/aws', shutil.which('aws')):
        if path and os.access(path, os.X_OK):
            found.setdefault(os.path.realpath(path), path)
    return list(found.values())


@pytest.fixture(params=_clis() or [None])
def aws_cli(request, endpoint):
    if request.param is None:
        pytest.skip('the AWS CLI (aws) is not installed')
    env = dict(os.environ, AWS_ACCESS_KEY_ID='x', AWS_SECRET_ACCESS_KEY='x', AWS_DEFAULT_REGION='us-east-1',
               AWS_PAGER='', AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull)

    def run(*args, check=True):
        proc = subprocess.run([request.param, '--endpoint-url', endpoint, '--output', 'json', *args],
                              env=env, capture_output=True, text=True, timeout=120)
        if check:
            assert proc.returncode == 0, '%s failed:\n%s\n%s' % (args, proc.stdout, proc.stderr)
        return proc

    return run


def test_lambda_tutorial_with_the_cli(aws_cli):
    created = aws_cli('iam', 'create-role', '--role-name', 'lambda-ex', '--assume-role-policy-document', TRUST)
    try:
        role = json.loads(created.stdout)['Role']
        assert role['Arn'] == 'arn:aws:iam::%s:role/lambda-ex' % ACCOUNT
        assert role['AssumeRolePolicyDocument'] == json.loads(TRUST)
        attached = aws_cli('iam', 'attach-role-policy', '--role-name', 'lambda-ex', '--policy-arn', DYNAMODB_EXECUTION)
        assert attached.stdout.strip() == ''
        listed = json.loads(aws_cli('iam', 'list-attached-role-policies', '--role-name', 'lambda-ex').stdout)
        assert listed['AttachedPolicies'] == [
            {'PolicyName': 'AWSLambdaDynamoDBExecutionRole', 'PolicyArn': DYNAMODB_EXECUTION}]
        arn = aws_cli('iam', 'get-role', '--role-name', 'lambda-ex', '--query', 'Role.Arn', '--output', 'text')
        assert arn.stdout.strip() == role['Arn']
        identity = json.loads(aws_cli('sts', 'get-caller-identity').stdout)
        assert identity == {'UserId': ACCOUNT, 'Account': ACCOUNT, 'Arn': 'arn:aws:iam::%s:root' % ACCOUNT}
        missing = aws_cli('iam', 'get-role', '--role-name', 'no-such-role', check=False)
        assert missing.returncode != 0
        assert ('An error occurred (NoSuchEntity) when calling the GetRole operation: '
                'The role with name no-such-role cannot be found.') in missing.stderr
    finally:
        aws_cli('iam', 'detach-role-policy', '--role-name', 'lambda-ex', '--policy-arn', DYNAMODB_EXECUTION,
                check=False)
        aws_cli('iam', 'delete-role', '--role-name', 'lambda-ex', check=False)
    assert aws_cli('iam', 'get-role', '--role-name', 'lambda-ex', check=False).returncode != 0

# AWS's "Tutorial: Using AWS Lambda with Amazon DynamoDB streams" with the
# AWS SDK for JavaScript v3: tests/js/lambda_lab.mjs runs it under node
# against the session's eddy and prints what each step answered; the checks
# here are the boto3 lab's (lambda_lab.py), so both SDKs are held to AWS's
# answers. The packages come from tests/js/package.json: scripts/test.sh
# installs them once per run; run alone, this test installs them itself.

import json
import os
import shutil
import subprocess

import pytest

from conftest import REPO_ROOT
from lambda_lab import (SAMPLE_EVENT_FILE, TTL_SERVICE, account_of, check_attached_policies,
                        check_function, check_invoke, check_lambda_log, check_new_mapping, check_role, function_arn,
                        function_zip, lab_names)

JS_DIR = os.path.join(REPO_ROOT, 'tests', 'js')
PACKAGES = ('client-cloudwatch-logs', 'client-dynamodb', 'client-iam', 'client-lambda')


@pytest.fixture(scope='module')
def node():
    """node, with tests/js's packages installed (npm install when missing)."""
    node = shutil.which('node')
    if not node:
        pytest.skip('node is not installed (scripts/install-deps.sh test installs Debian\'s nodejs and npm)')
    modules = os.path.join(JS_DIR, 'node_modules', '@aws-sdk')
    if not all(os.path.isdir(os.path.join(modules, p)) for p in PACKAGES):
        npm = shutil.which('npm')
        if not npm:
            pytest.skip('npm is not installed, so tests/js has no packages (scripts/install-deps.sh test)')
        done = subprocess.run([npm, 'install', '--no-audit', '--no-fund', '--prefix', JS_DIR],
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, 'npm install failed:\n' + done.stdout + done.stderr
    return node


def run_lab(node, endpoint, tmp_path, names):
    package = function_zip()
    (tmp_path / 'function.zip').write_bytes(package)
    env = dict(os.environ, EDDY_ENDPOINT=endpoint, LAB_FUNCTION=names['function'], LAB_ROLE=names['role'],
               LAB_TABLE=names['table'], LAB_ZIP=str(tmp_path / 'function.zip'), LAB_SAMPLE_EVENT=SAMPLE_EVENT_FILE,
               LAB_TRUST_POLICY=os.path.join(os.path.dirname(SAMPLE_EVENT_FILE), 'trust-policy.json'))
    env = {k: v for k, v in env.items() if not k.startswith('AWS_')}  # no user profile, no other endpoint
    proc = subprocess.run([node, os.path.join(JS_DIR, 'lambda_lab.mjs')], env=env, capture_output=True,
                          text=True, timeout=600, cwd=JS_DIR)
    try:
        results = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        results = {'failedStep': 'no JSON on stdout'}
    assert proc.returncode == 0 and 'failedStep' not in results, \
        'lambda_lab.mjs failed:\n%s\n%s' % (proc.stdout, proc.stderr)
    return package, results


def test_lambda_tutorial_with_the_javascript_sdk(node, endpoint, tmp_path):
    names = lab_names()
    fn, role_name = names['function'], names['role']
    package, r = run_lab(node, endpoint, tmp_path, names)

    role_arn = check_role(r['createRole']['Role'], role_name)
    check_attached_policies(r['attachedPolicies'])
    fn_arn = function_arn(fn, account_of(role_arn))

    assert r['createFunction']['httpStatusCode'] == 201
    check_function(r['createFunction'], fn, role_arn, package)
    check_function(r['getFunction']['Configuration'], fn, role_arn, package, states=('Active',))
    assert r['getFunction']['Configuration']['LastUpdateStatus'] == 'Successful'

    check_invoke(r['invokeSample'], r['invokeSample']['Payload'], {'processed': 3, 'stage': ''},
                 ['INSERT', 'MODIFY', 'REMOVE'])

    stream_arn = r['streamArn']
    assert r['createMapping']['httpStatusCode'] == 202
    check_new_mapping(r['createMapping'], stream_arn, fn_arn)
    uuid = r['createMapping']['UUID']
    assert (r['enabledMapping']['UUID'], r['enabledMapping']['State']) == (uuid, 'Enabled')
    assert [(m['UUID'], m['EventSourceArn']) for m in r['listMappings']['EventSourceMappings']] == [(uuid, stream_arn)]

    assert 'Item' not in r['expiredItem']
    assert r['caughtUp']['caughtUp'] is True
    check_lambda_log(r['logMessages'])
    assert [(json.loads(m)['Keys']['SongTitle']['S'], json.loads(m)['userIdentity']) for m in r['ttlRemoves']] == \
        [('Happy Day', TTL_SERVICE)]

    updated = r['updateConfiguration']
    assert (updated['Timeout'], updated['Environment']['Variables']) == (10, {'STAGE': 'lab'})
    assert json.loads(r['invokeUpdated']['Payload']) == {'processed': 0, 'stage': 'lab'}
    assert [(f['FunctionArn'], f['Timeout']) for f in r['listFunctions']] == [(fn_arn, 10)]

    assert (r['deleteMapping']['httpStatusCode'], r['deleteMapping']['State']) == (202, 'Deleting')
    assert r['mappingAfterDelete'] is None
    assert r['deleteFunction']['httpStatusCode'] == 204
    assert (r['getFunctionAfterDelete']['name'], r['getFunctionAfterDelete']['message']) == \
        ('ResourceNotFoundException', 'Function not found: ' + fn_arn)
    assert (r['deleteRoleConflict']['name'], r['deleteRoleConflict']['httpStatusCode']) == ('DeleteConflictException', 409)
    assert r['getRoleAfterDelete']['name'] == 'NoSuchEntityException'

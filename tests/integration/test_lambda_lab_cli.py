# Runs tests/lab/lambda_lab_cli.sh: AWS's "Tutorial: Using AWS Lambda with
# Amazon DynamoDB streams" with the AWS CLI v2 (IAM role, function from a
# zip, invoke, the Music table's stream, the event source mapping, the
# function's log through `aws logs tail` and filter-log-events, clean-up),
# every output checked by the script, against the session's eddy, with names
# of its own.

import os
import subprocess
import sys

import pytest

from lambda_lab import LAB_DIR, aws_cli_v2, lab_names


def test_lambda_tutorial_with_the_aws_cli(endpoint, tmp_path):
    aws = aws_cli_v2()
    if not aws:
        pytest.skip('the AWS CLI v2 is not installed (scripts/install-deps.sh test installs Debian\'s awscli)')
    names = lab_names()
    env = dict(os.environ, EDDY_ENDPOINT=endpoint, AWS_CLI=aws, PYTHON=sys.executable, TMPDIR=str(tmp_path),
               LAB_FUNCTION=names['function'], LAB_ROLE=names['role'], LAB_TABLE=names['table'])
    proc = subprocess.run(['bash', os.path.join(LAB_DIR, 'lambda_lab_cli.sh')], env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, 'the lab failed:\n' + proc.stdout + '\n' + proc.stderr
    assert proc.stdout.rstrip().endswith('# all 15 steps passed'), proc.stdout

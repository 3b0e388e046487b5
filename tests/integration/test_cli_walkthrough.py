# Runs tests/cli/music_walkthrough.sh (the AWS CLI getting-started
# walkthrough, with every output checked) against the session's server.

import os
import shutil
import subprocess
import sys

import pytest

from helpers import random_string

SCRIPT = os.path.join(os.path.dirname(__file__), '..', 'cli', 'music_walkthrough.sh')


def test_music_walkthrough(endpoint):
    aws = os.environ.get('AWS_CLI') or shutil.which('aws')
    if not aws:
        pytest.skip('the AWS CLI (aws) is not installed')
    env = dict(os.environ, EDDY_ENDPOINT=endpoint, MUSIC_TABLE='Music_' + random_string(8),
               AWS_CLI=aws, PYTHON=sys.executable)
    proc = subprocess.run(['bash', SCRIPT], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, 'walkthrough failed:\n' + proc.stdout + '\n' + proc.stderr
    assert '# all' in proc.stdout

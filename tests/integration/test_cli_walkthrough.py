# Runs tests/cli/music_walkthrough.sh (the AWS CLI getting-started
# walkthrough, with every output checked). The script starts its own eddy:
# it moves eddy's clock forward for its TTL step, which must not leak into
# the session server's other tests.

import os
import shutil
import subprocess
import sys

import pytest

from helpers import random_string

SCRIPT = os.path.join(os.path.dirname(__file__), '..', 'cli', 'music_walkthrough.sh')


def test_music_walkthrough(eddy_bin):
    aws = os.environ.get('AWS_CLI') or shutil.which('aws')
    if not aws:
        pytest.skip('the AWS CLI (aws) is not installed')
    env = dict(os.environ, EDDY_BIN=eddy_bin, MUSIC_TABLE='Music_' + random_string(8),
               AWS_CLI=aws, PYTHON=sys.executable)
    env.pop('EDDY_ENDPOINT', None)
    proc = subprocess.run(['bash', SCRIPT], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, 'walkthrough failed:\n' + proc.stdout + '\n' + proc.stderr
    assert '# all' in proc.stdout

# The compose example (docker/docker-compose.yml) without Docker: its eddy
# command line, its handler folder and its boto3 app, run here against the
# real binary. docker/smoke.sh runs the same pieces inside the built images.

import os
import shlex
import subprocess
import sys

import pytest

from conftest import REPO_ROOT

DOCKER_DIR = os.path.join(REPO_ROOT, 'docker')
EXAMPLE_FUNCTIONS = os.path.join(DOCKER_DIR, 'example', 'functions', 'functions.json')
APP = os.path.join(DOCKER_DIR, 'example', 'app', 'app.py')
GROUP = '[/aws/lambda/music-handler] '


def run_app(endpoint):
    env = dict(os.environ, EDDY_ENDPOINT=endpoint, AWS_ACCESS_KEY_ID='local', AWS_SECRET_ACCESS_KEY='local',
               AWS_REGION='us-east-1')
    return subprocess.run([sys.executable, APP], env=env, capture_output=True, text=True, timeout=120)


def test_example_app_and_handler(tmp_path, start_server):
    server = start_server(str(tmp_path / 'data'), '--functions', EXAMPLE_FUNCTIONS, '--log-echo')
    first = run_app(server.endpoint)
    assert first.returncode == 0, first.stdout + first.stderr
    assert 'created table Music' in first.stdout
    assert 'TTL enabled on Expiration' in first.stdout
    assert 'handler log: REMOVE Acme Band / Gone Tomorrow (expired: TTL delete)' in first.stdout

    # As after `docker compose restart app`: the table is there already.
    second = run_app(server.endpoint)
    assert second.returncode == 0, second.stdout + second.stderr
    assert 'table Music already exists' in second.stdout
    assert 'handler log: INSERT Acme Band / PartiQL Rocks' in second.stdout

    # What `docker compose logs eddy` shows, with EDDY_LOG_ECHO=1.
    echoed = server.stdout().splitlines()
    for line in ('INSERT No One You Know / Call Me Today', 'MODIFY Acme Band / Happy Day changed AlbumTitle',
                 'REMOVE Acme Band / Gone Tomorrow (expired: TTL delete)'):
        assert GROUP + line in echoed, line
    assert any(line.startswith(GROUP + 'REPORT RequestId: ') for line in echoed)


def test_the_app_fails_when_the_handler_log_lacks_a_change(tmp_path, start_server):
    # No functions registered: nothing logs, and the app must say so.
    server = start_server(str(tmp_path / 'data'))
    result = run_app(server.endpoint)
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'missing from /aws/lambda/music-handler: "INSERT Acme Band / PartiQL Rocks"' in result.stderr


def test_compose_command_line_starts_eddy(tmp_path, eddy_bin):
    yaml = pytest.importorskip('yaml')
    with open(os.path.join(DOCKER_DIR, 'docker-compose.yml')) as f:
        service = yaml.safe_load(f)['services']['eddy']
    # The functions file that EDDY_FUNCTIONS names is in the folder mounted there.
    mounts = {target: source for source, target, *_ in (v.split(':') for v in service['volumes'])}
    functions = service['environment']['EDDY_FUNCTIONS']
    folder = os.path.normpath(os.path.join(DOCKER_DIR, mounts[os.path.dirname(functions)]))
    assert os.path.join(folder, os.path.basename(functions)) == EXAMPLE_FUNCTIONS
    # The data volume is where the command's -dbPath lands from working_dir.
    args = shlex.split(service['command'])
    db_path = args[args.index('-dbPath') + 1]
    assert os.path.normpath(os.path.join(service['working_dir'], db_path)) in mounts

    # DynamoDB Local's command line, in a scratch working directory, with the
    # functions file at its path on this machine and a free port.
    proc = subprocess.Popen([eddy_bin, *args, '--functions', EXAMPLE_FUNCTIONS, '--port', '0'], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().startswith('eddy listening on http://127.0.0.1:')
        assert (tmp_path / db_path / 'CURRENT').exists()  # RocksDB's files in ./data
    finally:
        proc.terminate()
        proc.wait(timeout=15)

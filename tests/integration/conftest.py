# Fixtures for eddy's black-box integration tests.
#
# Every test here talks to a real `eddy` process through boto3 (or raw HTTP),
# and is written so that it would also pass against real DynamoDB: the
# service's behaviour is the spec. Set EDDY_ENDPOINT to run the suite against
# an already running server (eddy or anything DynamoDB-compatible) instead of
# starting one; otherwise EDDY_BIN (default build/release/src/server/eddy) is
# started on port 0 with a temporary data directory for the whole session.

import os
import threading
import time
import shutil
import tempfile

import boto3
import pytest
from botocore.config import Config

from helpers import EddyServer, create_table, delete_table, unique_table_name

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DEFAULT_BIN = os.path.join(REPO_ROOT, 'build', 'release', 'src', 'server', 'eddy')


def eddy_binary():
    path = os.environ.get('EDDY_BIN', DEFAULT_BIN)
    if not os.path.isabs(path):
        path = os.path.abspath(path)
    return path


@pytest.fixture(scope='session')
def eddy_bin():
    path = eddy_binary()
    if not os.access(path, os.X_OK):
        pytest.fail(f'eddy binary not found or not executable: {path} (set EDDY_BIN)')
    return path


@pytest.fixture(scope='session')
def endpoint(request):
    """The URL of the server under test (http://127.0.0.1:<port>)."""
    external = os.environ.get('EDDY_ENDPOINT')
    if external:
        yield external.rstrip('/')
        return
    path = request.getfixturevalue('eddy_bin')
    data_dir = tempfile.mkdtemp(prefix='eddy-it-')
    server = EddyServer(path, data_dir)
    server.start()
    try:
        yield server.endpoint
    finally:
        code = server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    # SIGTERM is a clean shutdown; anything else (a crash while draining,
    # a sanitizer report) is a bug worth a teardown error.
    assert code == 0, 'eddy exited with %s on SIGTERM; stderr:\n%s' % (code, server.stderr())


@pytest.fixture(scope='session')
def start_server(eddy_bin):
    """Factory: start_server(data_dir, *extra_args) -> started EddyServer
    (data_dir None: no --data-dir flag, e.g. for --in-memory).

    For restart/durability tests. Every server started through it is killed at
    the end of the session even if the test forgot to stop it."""
    started = []

    def start(data_dir, *extra_args):
        server = EddyServer(eddy_bin, data_dir, list(extra_args))
        server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


# parameter_validation=False so that the *server's* validation is tested
# rather than botocore's (alternator's conftest does the same).
_CLIENT_ARGS = dict(region_name='us-east-1', aws_access_key_id='x', aws_secret_access_key='x',
                    config=Config(retries={'max_attempts': 0}, parameter_validation=False,
                                  connect_timeout=10, read_timeout=60))


def make_client(endpoint_url, service='dynamodb'):
    """A boto3 client ('dynamodb' or 'dynamodbstreams') for eddy at endpoint_url."""
    return boto3.client(service, endpoint_url=endpoint_url, **_CLIENT_ARGS)


def make_resource(endpoint_url):
    return boto3.resource('dynamodb', endpoint_url=endpoint_url, **_CLIENT_ARGS)


def kill_during_writes(server, table_name, writers=3, at_least=300):
    """Runs `writers` threads of put_item (keys '<writer>-<n>') against the
    server, SIGKILLs it once `at_least` puts were acknowledged (or after 30 s),
    and returns the acknowledged keys."""
    acknowledged = []
    stop = threading.Event()

    def writer(prefix):
        c = make_client(server.endpoint)
        i = 0
        while not stop.is_set():
            key = '%s-%06d' % (prefix, i)
            try:
                c.put_item(TableName=table_name, Item={'p': {'S': key}, 'v': {'N': str(i)}})
            except Exception:
                return  # the server died: this write was not acknowledged
            acknowledged.append(key)
            i += 1

    threads = [threading.Thread(target=writer, args=('w%d' % n,)) for n in range(writers)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30
    while len(acknowledged) < at_least and time.monotonic() < deadline:
        time.sleep(0.05)
    server.kill()  # SIGKILL while writes are in flight
    stop.set()
    for t in threads:
        t.join(timeout=60)
    return acknowledged


@pytest.fixture(scope='session')
def dynamodb(endpoint):
    """A low-level boto3 DynamoDB client for the server under test."""
    return make_client(endpoint)


@pytest.fixture(scope='session')
def dynamodb_resource(endpoint):
    """boto3's resource API (Table objects with Python-typed items)."""
    return make_resource(endpoint)


def _table_fixture(dynamodb, dynamodb_resource, key_schema, attribute_definitions):
    name = unique_table_name()
    create_table(dynamodb, name, key_schema, attribute_definitions)
    yield dynamodb_resource.Table(name)
    delete_table(dynamodb, name)


# The shared tables are session-scoped (like alternator's): tests write
# random keys, so they do not interfere. Tests that need an empty table
# create their own with helpers.new_table().
@pytest.fixture(scope='session')
def test_table(dynamodb, dynamodb_resource):
    """Hash S "p" + range S "c"."""
    yield from _table_fixture(
        dynamodb, dynamodb_resource,
        [{'AttributeName': 'p', 'KeyType': 'HASH'}, {'AttributeName': 'c', 'KeyType': 'RANGE'}],
        [{'AttributeName': 'p', 'AttributeType': 'S'}, {'AttributeName': 'c', 'AttributeType': 'S'}])


@pytest.fixture(scope='session')
def test_table_s(dynamodb, dynamodb_resource):
    """Hash-only S "p"."""
    yield from _table_fixture(
        dynamodb, dynamodb_resource,
        [{'AttributeName': 'p', 'KeyType': 'HASH'}],
        [{'AttributeName': 'p', 'AttributeType': 'S'}])


@pytest.fixture(scope='session')
def test_table_n(dynamodb, dynamodb_resource):
    """Hash-only N "p"."""
    yield from _table_fixture(
        dynamodb, dynamodb_resource,
        [{'AttributeName': 'p', 'KeyType': 'HASH'}],
        [{'AttributeName': 'p', 'AttributeType': 'N'}])


@pytest.fixture(scope='session')
def test_table_b(dynamodb, dynamodb_resource):
    """Hash-only B "p"."""
    yield from _table_fixture(
        dynamodb, dynamodb_resource,
        [{'AttributeName': 'p', 'KeyType': 'HASH'}],
        [{'AttributeName': 'p', 'AttributeType': 'B'}])


@pytest.fixture(scope='session')
def test_table_sn(dynamodb, dynamodb_resource):
    """Hash S "p" + range N "c"."""
    yield from _table_fixture(
        dynamodb, dynamodb_resource,
        [{'AttributeName': 'p', 'KeyType': 'HASH'}, {'AttributeName': 'c', 'KeyType': 'RANGE'}],
        [{'AttributeName': 'p', 'AttributeType': 'S'}, {'AttributeName': 'c', 'AttributeType': 'N'}])


@pytest.fixture(scope='session')
def test_table_sb(dynamodb, dynamodb_resource):
    """Hash S "p" + range B "c"."""
    yield from _table_fixture(
        dynamodb, dynamodb_resource,
        [{'AttributeName': 'p', 'KeyType': 'HASH'}, {'AttributeName': 'c', 'KeyType': 'RANGE'}],
        [{'AttributeName': 'p', 'AttributeType': 'S'}, {'AttributeName': 'c', 'AttributeType': 'B'}])

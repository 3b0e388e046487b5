# Helpers shared by the integration tests: starting an eddy process, table
# lifecycle, random keys, full query/scan, raw HTTP requests, error checks.
# Only the standard library, pytest, boto3 and botocore are used.

import collections
import contextlib
import http.client
import json
import os
import random
import re
import selectors
import signal
import string
import subprocess
import tempfile
import threading
import time
import urllib.parse

import pytest
from botocore.exceptions import ClientError

LISTENING_RE = re.compile(r'eddy listening on (http://\S+)')
START_TIMEOUT_SECONDS = 30


class EddyServer:
    """One eddy process: `eddy --port 0 [--data-dir <dir>] [extra args]`.

    start() waits for the `eddy listening on http://127.0.0.1:<port>` line on
    stdout and fails the test with the process's stderr if it exits first."""

    def __init__(self, binary, data_dir, extra_args=()):
        self.binary = binary
        self.data_dir = data_dir
        self.extra_args = list(extra_args)
        self.proc = None
        self.endpoint = None
        self._stderr_file = None
        self._drain_thread = None
        self._stdout = bytearray()  # after the listening line, for stdout()

    def start(self):
        self._stderr_file = tempfile.TemporaryFile()
        args = [self.binary, '--port', '0']
        if self.data_dir is not None:  # None: e.g. with --in-memory
            os.makedirs(self.data_dir, exist_ok=True)
            args += ['--data-dir', self.data_dir]
        args += self.extra_args
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self._stderr_file,
                                     stdin=subprocess.DEVNULL)
        self.endpoint = self._wait_for_listening_line()
        # Keep draining stdout so a chatty server never blocks on a full pipe.
        self._drain_thread = threading.Thread(target=self._drain, daemon=True)
        self._drain_thread.start()
        return self

    def _wait_for_listening_line(self):
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        buf = b''
        try:
            while time.monotonic() < deadline:
                if not sel.select(timeout=0.2):
                    if self.proc.poll() is not None:
                        self._fail('exited with code %d before listening' % self.proc.returncode)
                    continue
                chunk = os.read(self.proc.stdout.fileno(), 4096)
                if not chunk:
                    self.proc.wait(timeout=5)
                    self._fail('closed stdout (exit code %s) before listening' % self.proc.returncode)
                buf += chunk
                while b'\n' in buf:
                    line, buf = buf.split(b'\n', 1)
                    m = LISTENING_RE.search(line.decode('utf-8', 'replace'))
                    if m:
                        self._stdout += buf  # what followed it in the same read
                        return m.group(1).rstrip('/')
        finally:
            sel.close()
        self.kill()
        self._fail('did not print "eddy listening on ..." within %ds' % START_TIMEOUT_SECONDS)

    def _fail(self, why):
        pytest.fail('eddy %s; stderr:\n%s' % (why, self.stderr()), pytrace=False)

    def _drain(self):
        try:
            while chunk := os.read(self.proc.stdout.fileno(), 65536):
                self._stdout += chunk
                del self._stdout[:-1_000_000]  # keep the last megabyte
        except OSError:
            pass

    def stdout(self):
        """What eddy printed after its listening line (the last megabyte)."""
        return bytes(self._stdout).decode('utf-8', 'replace')

    def stderr(self):
        if not self._stderr_file:
            return ''
        self._stderr_file.seek(0)
        return self._stderr_file.read().decode('utf-8', 'replace')[-20000:]

    def stop(self, timeout=15):
        """Graceful shutdown (SIGTERM), SIGKILL if it does not exit in time."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.proc.returncode if self.proc else None

    def kill(self):
        """kill -9: simulates a crash."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=15)


def random_string(length=10, chars=string.ascii_uppercase + string.digits):
    return ''.join(random.choice(chars) for _ in range(length))


def random_bytes(length=10):
    return bytearray(random.getrandbits(8) for _ in range(length))


def unique_table_name():
    return 'eddy_test_' + random_string(12).lower() + '_' + str(int(time.time() * 1000) % 100000)


def create_table(client, name, key_schema, attribute_definitions, **kwargs):
    kwargs.setdefault('BillingMode', 'PAY_PER_REQUEST')
    desc = client.create_table(TableName=name, KeySchema=key_schema,
                               AttributeDefinitions=attribute_definitions, **kwargs)
    client.get_waiter('table_exists').wait(TableName=name, WaiterConfig={'Delay': 1, 'MaxAttempts': 120})
    return desc


def delete_table(client, name):
    try:
        client.delete_table(TableName=name)
    except ClientError as e:
        if e.response['Error']['Code'] != 'ResourceNotFoundException':
            raise


@contextlib.contextmanager
def new_table(client, resource, key_schema=None, attribute_definitions=None, **kwargs):
    """A fresh table (hash S "p" + range S "c" by default), deleted afterwards."""
    if key_schema is None:
        key_schema = [{'AttributeName': 'p', 'KeyType': 'HASH'}, {'AttributeName': 'c', 'KeyType': 'RANGE'}]
        attribute_definitions = [{'AttributeName': 'p', 'AttributeType': 'S'},
                                 {'AttributeName': 'c', 'AttributeType': 'S'}]
    name = unique_table_name()
    create_table(client, name, key_schema, attribute_definitions, **kwargs)
    try:
        yield resource.Table(name)
    finally:
        delete_table(client, name)


def wait_index(client, table, name, status, timeout=30):
    """Polls DescribeTable until index `name` of `table` has IndexStatus
    `status` (None: until it is gone), as a client waits on DynamoDB;
    returns the table description."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desc = client.describe_table(TableName=table)['Table']
        indexes = {i['IndexName']: i for i in desc.get('GlobalSecondaryIndexes', [])}
        if (status is None and name not in indexes) or (name in indexes and indexes[name]['IndexStatus'] == status):
            return desc
        time.sleep(0.02)
    raise AssertionError('index %s of %s never reached %s' % (name, table, status))


def _all_pages(read, **kwargs):
    """Every item of a paged Query or Scan, following LastEvaluatedKey."""
    items = []
    resp = read(**kwargs)
    items.extend(resp['Items'])
    while 'LastEvaluatedKey' in resp:
        kwargs['ExclusiveStartKey'] = resp['LastEvaluatedKey']
        resp = read(**kwargs)
        items.extend(resp['Items'])
    return items


def full_query(table, **kwargs):
    """All items of a Query through every page (resource Table)."""
    return _all_pages(table.query, **kwargs)


def full_scan(table, **kwargs):
    """All items of a Scan through every page (resource Table)."""
    return _all_pages(table.scan, **kwargs)


def _freeze(v):
    if isinstance(v, dict):
        return tuple(sorted((k, _freeze(x)) for k, x in v.items()))
    if isinstance(v, (list, tuple)):
        return tuple(_freeze(x) for x in v)
    if isinstance(v, (set, frozenset)):
        return frozenset(_freeze(x) for x in v)
    if isinstance(v, bytearray):
        return bytes(v)
    return v


def multiset(items):
    """Order-insensitive comparison of lists of (unhashable) items."""
    return collections.Counter(_freeze(i) for i in items)


@contextlib.contextmanager
def expect_error(code, message_re=None):
    """Asserts that the block raises a ClientError with this error code and
    (optionally) a message matching the regular expression (re.search)."""
    with pytest.raises(ClientError) as info:
        yield info
    err = info.value.response['Error']
    assert err['Code'] == code, f"expected {code}, got {err['Code']}: {err.get('Message')}"
    if message_re is not None:
        assert re.search(message_re, err.get('Message', '')), \
            f"message {err.get('Message')!r} does not match {message_re!r}"


# A syntactically valid SigV4 Authorization header. DynamoDB would reject the
# signature; eddy does not verify signatures (only their presence).
FAKE_AUTH = ('AWS4-HMAC-SHA256 Credential=x/20240101/us-east-1/dynamodb/aws4_request, '
             'SignedHeaders=content-type;host;x-amz-date;x-amz-target, '
             'Signature=' + '0' * 64)


def raw_request(endpoint, target=None, body=b'', headers=None, method='POST', path='/',
                auth=True, connection=None):
    """One raw HTTP request. Returns (status, headers (lower-cased names), body bytes).

    Pass `connection` (an http.client.HTTPConnection) to reuse a keep-alive
    connection."""
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode('utf-8')
    h = {'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Date': '20240101T000000Z'}
    if target is not None:
        h['X-Amz-Target'] = target
    if auth:
        h['Authorization'] = FAKE_AUTH
    if headers:
        h.update(headers)
    conn = connection or new_connection(endpoint)
    try:
        conn.request(method, path, body=body if method not in ('GET', 'OPTIONS') or body else None,
                     headers=h)
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
    finally:
        if connection is None:
            conn.close()


def new_connection(endpoint, timeout=30):
    u = urllib.parse.urlparse(endpoint)
    return http.client.HTTPConnection(u.hostname, u.port or 80, timeout=timeout)


def dynamodb_request(endpoint, operation, payload, **kwargs):
    """A raw DynamoDB_20120810.<operation> request with a JSON payload;
    returns (status, parsed JSON body or None)."""
    status, _, data = raw_request(endpoint, 'DynamoDB_20120810.' + operation, payload, **kwargs)
    try:
        return status, json.loads(data) if data else None
    except ValueError:
        return status, None


def error_type(body):
    """'ValidationException' from '...#ValidationException'."""
    return body['__type'].split('#')[-1]

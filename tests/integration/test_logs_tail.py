# `aws logs tail` (the AWS CLI v2's own command, awscli/customizations/logs/
# tail.py) against eddy's CloudWatch Logs API. It calls FilterLogEvents with
# interleaved=true and startTime from --since, follows nextToken, and with
# --follow asks again every 5 seconds from the newest timestamp it has seen,
# skipping the event ids it already printed. Its three formats:
#   short     "<%Y-%m-%dT%H:%M:%S> <message>"
#   detailed  "<ISO timestamp, microseconds, +00:00> <log stream> <message>" (the default)
#   json      "<ISO timestamp> <log stream> " then a message that is JSON, indented by 4
# Each line is the message with its trailing white space replaced by one
# newline. The tests compare whole lines built from the events they wrote.

import datetime
import json
import os
import selectors
import signal
import subprocess
import time

import pytest

from conftest import make_client
from helpers import random_string
from lambda_lab import (HANDLER, LAB_DIR, LOG_STREAM_RE, MUSIC_ATTRIBUTES, MUSIC_KEY_SCHEMA, MUSIC_STREAM,
                        RUNTIME, aws_cli_v2, check_lambda_log, cli_env, wait_caught_up, write_the_songs)


@pytest.fixture(scope='module')
def aws():
    cli = aws_cli_v2()
    if not cli:
        pytest.skip('the AWS CLI v2 is not installed (scripts/install-deps.sh test installs Debian\'s awscli)')
    return cli


def tail_command(aws, endpoint, group, *args):
    return [aws, 'logs', 'tail', group, *args, '--endpoint-url', endpoint, '--region', 'us-east-1']


def tail(aws, endpoint, tmp_path, group, *args):
    """Runs `aws logs tail <group> <args>`; returns its output lines."""
    proc = subprocess.run(tail_command(aws, endpoint, group, *args), env=cli_env(tmp_path), capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def utc(millis):
    return datetime.datetime.fromtimestamp(millis / 1000, datetime.timezone.utc)


def short_line(event):
    return '%s %s' % (utc(event['timestamp']).strftime('%Y-%m-%dT%H:%M:%S'), event['message'].rstrip())


def detailed_line(event):
    return '%s %s %s' % (utc(event['timestamp']).isoformat(timespec='microseconds'), event['stream'],
                         event['message'].rstrip())


# --- a group written with PutLogEvents (on the session's eddy) --------------

@pytest.fixture
def group(endpoint):
    """A log group with two streams, app/1 and app/2, and events from two
    hours ago to now, one millisecond apart at least. Returns (name, events
    in time order as {stream, timestamp, message})."""
    logs = make_client(endpoint, 'logs')
    name = '/eddy/tail/' + random_string(8)
    logs.create_log_group(logGroupName=name)
    now = int(time.time() * 1000)
    events = [
        {'stream': 'app/1', 'timestamp': now - 2 * 3600 * 1000, 'message': 'old line, two hours ago'},
        {'stream': 'app/1', 'timestamp': now - 4000, 'message': 'INFO starting up  \n'},
        {'stream': 'app/2', 'timestamp': now - 3000, 'message': '{"level": "ERROR", "code": 42}'},
        {'stream': 'app/1', 'timestamp': now - 2000, 'message': 'ERROR disk full'},
        {'stream': 'worker/1', 'timestamp': now - 1000, 'message': 'INFO job done'},
    ]
    for stream in sorted({e['stream'] for e in events}):
        logs.create_log_stream(logGroupName=name, logStreamName=stream)
        logs.put_log_events(logGroupName=name, logStreamName=stream, logEvents=[
            {'timestamp': e['timestamp'], 'message': e['message']} for e in events if e['stream'] == stream])
    yield name, events
    logs.delete_log_group(logGroupName=name)


def test_tail_prints_the_events_since_a_time_in_the_default_detailed_format(aws, endpoint, tmp_path, group):
    name, events = group
    assert tail(aws, endpoint, tmp_path, name, '--since', '1h') == [detailed_line(e) for e in events[1:]]
    # The default is the last 10 minutes; an ISO timestamp works too.
    assert tail(aws, endpoint, tmp_path, name) == [detailed_line(e) for e in events[1:]]
    since = utc(events[0]['timestamp'] - 1000).strftime('%Y-%m-%dT%H:%M:%SZ')
    assert tail(aws, endpoint, tmp_path, name, '--since', since) == [detailed_line(e) for e in events]


def test_tail_formats(aws, endpoint, tmp_path, group):
    name, events = group
    recent = events[1:]
    assert tail(aws, endpoint, tmp_path, name, '--format', 'short') == [short_line(e) for e in recent]
    # json: a message that is JSON is printed indented, on the lines after
    # the timestamp and stream; others as they are.
    expected = []
    for e in recent:
        head = '%s %s ' % (utc(e['timestamp']).isoformat(), e['stream'])
        if e['message'].startswith('{'):
            expected.append(head)
            expected.extend(json.dumps(json.loads(e['message']), indent=4).splitlines())
        else:
            expected.append(head + e['message'].rstrip())
    assert tail(aws, endpoint, tmp_path, name, '--format', 'json') == expected


def test_tail_filters(aws, endpoint, tmp_path, group):
    name, events = group
    recent = events[1:]
    assert tail(aws, endpoint, tmp_path, name, '--format', 'short', '--filter-pattern', 'ERROR') == \
        [short_line(e) for e in recent if 'ERROR' in e['message']]
    assert tail(aws, endpoint, tmp_path, name, '--format', 'short', '--filter-pattern', '{ $.code = 42 }') == \
        [short_line(recent[1])]
    assert tail(aws, endpoint, tmp_path, name, '--format', 'short', '--log-stream-name-prefix', 'app/') == \
        [short_line(e) for e in recent if e['stream'].startswith('app/')]
    assert tail(aws, endpoint, tmp_path, name, '--format', 'short', '--log-stream-names', 'app/2', 'worker/1') == \
        [short_line(e) for e in recent if e['stream'] in ('app/2', 'worker/1')]


def test_tail_follows_next_tokens_through_pages(aws, endpoint, tmp_path):
    # FilterLogEvents answers at most 1 MB a page: 1,300 events of 1,000
    # bytes take two pages, which tail prints in order.
    logs = make_client(endpoint, 'logs')
    name = '/eddy/tail/' + random_string(8)
    logs.create_log_group(logGroupName=name)
    try:
        logs.create_log_stream(logGroupName=name, logStreamName='big')
        start = int(time.time() * 1000) - 60_000
        events = [{'stream': 'big', 'timestamp': start + i, 'message': '%04d ' % i + 'x' * 995} for i in range(1300)]
        for chunk in (events[:650], events[650:]):
            logs.put_log_events(logGroupName=name, logStreamName='big', logEvents=[
                {'timestamp': e['timestamp'], 'message': e['message']} for e in chunk])
        first_page = logs.filter_log_events(logGroupName=name, interleaved=True, startTime=start)
        assert 'nextToken' in first_page and len(first_page['events']) < 1300
        assert tail(aws, endpoint, tmp_path, name, '--format', 'short', '--since', '5m') == \
            [short_line(e) for e in events]
    finally:
        logs.delete_log_group(logGroupName=name)


def test_tail_of_a_missing_group_fails_as_on_aws(aws, endpoint, tmp_path):
    proc = subprocess.run(tail_command(aws, endpoint, '/eddy/tail/missing-' + random_string(8)),
                          env=cli_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 254, (proc.returncode, proc.stdout, proc.stderr)
    assert 'An error occurred (ResourceNotFoundException) when calling the FilterLogEvents operation: ' \
           'The specified log group does not exist.' in proc.stderr


# --- a function's log (a function from a functions file) -------------------

FUNCTION = 'ProcessDynamoDBRecords'
TABLE = 'Music'


@pytest.fixture(scope='module')
def function_server(start_server, tmp_path_factory):
    """An eddy of its own with the lab's function on the Music table,
    registered through --functions."""
    work = tmp_path_factory.mktemp('tail-functions')
    functions = {'Functions': [{
        'FunctionName': FUNCTION, 'Runtime': RUNTIME, 'Handler': HANDLER, 'CodeDirectory': os.path.abspath(LAB_DIR),
        'EventSourceMappings': [{'TableName': TABLE, 'StartingPosition': 'TRIM_HORIZON', 'BatchSize': 100}]}]}
    (work / 'functions.json').write_text(json.dumps(functions))
    server = start_server(str(work / 'data'), '--functions', str(work / 'functions.json'), '--ttl-interval', '0')
    ddb = make_client(server.endpoint)
    ddb.create_table(TableName=TABLE, KeySchema=MUSIC_KEY_SCHEMA, AttributeDefinitions=MUSIC_ATTRIBUTES,
                     BillingMode='PAY_PER_REQUEST', StreamSpecification=MUSIC_STREAM)
    ddb.update_time_to_live(TableName=TABLE, TimeToLiveSpecification={'Enabled': True, 'AttributeName': 'Expiration'})
    yield server
    server.stop()


def test_tail_shows_every_change_a_function_logged(aws, function_server, tmp_path):
    endpoint = function_server.endpoint
    write_the_songs(make_client(endpoint), TABLE, endpoint)
    lines = tail(aws, endpoint, tmp_path, '/aws/lambda/' + FUNCTION, '--since', '5m')
    fields = [line.split(' ', 2) for line in lines]
    assert all(len(f) == 3 and LOG_STREAM_RE.fullmatch(f[1]) for f in fields), lines
    for timestamp, _, _ in fields:
        datetime.datetime.fromisoformat(timestamp)
    check_lambda_log([f[2] for f in fields])


class LineReader:
    """The lines of a running process's stdout, read as they come (os.read
    on the pipe: a buffered readline would hide lines from select)."""

    def __init__(self, proc):
        self.proc = proc
        self.lines = []
        self._partial = b''

    def read_until(self, wanted, timeout=60):
        """Reads until a line contains `wanted`."""
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            while not any(wanted in line for line in self.lines):
                left = deadline - time.monotonic()
                assert left > 0, 'no %r in %d s; got %s' % (wanted, timeout, self.lines)
                if sel.select(timeout=left):
                    chunk = os.read(self.proc.stdout.fileno(), 65536)
                    assert chunk, 'tail --follow exited (%s); got %s' % (self.proc.poll(), self.lines)
                    *complete, self._partial = (self._partial + chunk).split(b'\n')
                    self.lines.extend(line.decode() for line in complete)


def test_tail_follow_prints_new_events_once(aws, function_server, tmp_path):
    endpoint = function_server.endpoint
    ddb = make_client(endpoint)

    def put_song(title):
        ddb.put_item(TableName=TABLE, Item={'Artist': {'S': 'Follow Band'}, 'SongTitle': {'S': title}})
        wait_caught_up(endpoint)
        return '"SongTitle": {"S": "%s"}' % title

    first = put_song('Before Follow ' + random_string(4))
    proc = subprocess.Popen(tail_command(aws, endpoint, '/aws/lambda/' + FUNCTION, '--follow', '--format', 'short'),
                            env=cli_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = LineReader(proc)
    try:
        out.read_until(first)
        second = put_song('After Follow ' + random_string(4))  # printed by the next poll, 5 s later
        out.read_until(second)
    finally:
        proc.send_signal(signal.SIGINT)  # how a user stops it: Ctrl-C
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
    records = [line for line in out.lines if ' {"Keys": ' in line]  # the handler's lines, one a record
    assert len(records) == len(set(records)), 'printed twice: %s' % out.lines
    assert [sum(song in line for line in records) for song in (first, second)] == [1, 1], out.lines

# The CloudWatch Logs API (Logs_20140328.*, JSON 1.1) on eddy's port, driven
# by boto3's `logs` client. Written to pass against real CloudWatch Logs as
# far as the service's documented behaviour goes (API reference pages of
# each operation); error codes and messages are the service's own.

import json
import os
import shutil
import tempfile
import time

import pytest

from conftest import make_client
from helpers import expect_error, random_string, raw_request, FAKE_AUTH


@pytest.fixture(scope='module')
def logs(endpoint):
    return make_client(endpoint, 'logs')


@pytest.fixture
def group(logs):
    name = '/aws/lambda/test-' + random_string()
    logs.create_log_group(logGroupName=name)
    yield name
    try:
        logs.delete_log_group(logGroupName=name)
    except logs.exceptions.ResourceNotFoundException:
        pass


def now_ms():
    return int(time.time() * 1000)


def put(logs, group, stream, messages, start=None):
    start = now_ms() - 10_000 if start is None else start
    events = [{'timestamp': start + i, 'message': m} for i, m in enumerate(messages)]
    return logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=events)


def test_group_lifecycle(logs):
    name = '/aws/lambda/Music-handler-' + random_string()
    logs.create_log_group(logGroupName=name)
    with expect_error('ResourceAlreadyExistsException', 'The specified log group already exists'):
        logs.create_log_group(logGroupName=name)
    found = logs.describe_log_groups(logGroupNamePrefix=name)['logGroups']
    assert [g['logGroupName'] for g in found] == [name]
    assert found[0]['arn'].endswith(':log-group:' + name + ':*')
    if 'logGroupArn' in found[0]:  # newer botocore models only
        assert found[0]['logGroupArn'].endswith(':log-group:' + name)
    assert abs(found[0]['creationTime'] - now_ms()) < 60_000
    assert 'retentionInDays' not in found[0]

    logs.put_retention_policy(logGroupName=name, retentionInDays=7)
    assert logs.describe_log_groups(logGroupNamePrefix=name)['logGroups'][0]['retentionInDays'] == 7
    logs.delete_retention_policy(logGroupName=name)
    assert 'retentionInDays' not in logs.describe_log_groups(logGroupNamePrefix=name)['logGroups'][0]
    with expect_error('InvalidParameterException', 'retentionInDays'):
        logs.put_retention_policy(logGroupName=name, retentionInDays=2)

    logs.delete_log_group(logGroupName=name)
    assert logs.describe_log_groups(logGroupNamePrefix=name)['logGroups'] == []
    with expect_error('ResourceNotFoundException', r'^The specified log group does not exist\.$'):
        logs.delete_log_group(logGroupName=name)


def test_describe_log_groups_paging_and_pattern(logs):
    base = '/eddy/paging-' + random_string()
    names = [f'{base}/{i:02d}' for i in range(5)]
    for name in names:
        logs.create_log_group(logGroupName=name)
    try:
        seen, token = [], None
        while True:
            kwargs = {'logGroupNamePrefix': base, 'limit': 2}
            if token:
                kwargs['nextToken'] = token
            page = logs.describe_log_groups(**kwargs)
            assert len(page['logGroups']) <= 2
            seen += [g['logGroupName'] for g in page['logGroups']]
            token = page.get('nextToken')
            if not token:
                break
        assert seen == names
        # logGroupNamePattern: a case-insensitive substring.
        found = logs.describe_log_groups(logGroupNamePattern=base[7:].upper() + '/03')['logGroups']
        assert [g['logGroupName'] for g in found] == [names[3]]
        with expect_error('InvalidParameterException'):
            logs.describe_log_groups(logGroupNamePrefix=base, logGroupNamePattern='x')
    finally:
        for name in names:
            logs.delete_log_group(logGroupName=name)


def test_streams_lifecycle_and_describe(logs, group):
    with expect_error('ResourceNotFoundException', r'^The specified log group does not exist\.$'):
        logs.create_log_stream(logGroupName=group + '-missing', logStreamName='s')
    streams = ['2026/11/25/[$LATEST]' + '%032x' % i for i in range(3)]
    for s in streams:
        logs.create_log_stream(logGroupName=group, logStreamName=s)
    with expect_error('ResourceAlreadyExistsException', 'The specified log stream already exists'):
        logs.create_log_stream(logGroupName=group, logStreamName=streams[0])
    # Newest events in streams[0], so LastEventTime order differs from names.
    put(logs, group, streams[1], ['b'], start=now_ms() - 3000)
    put(logs, group, streams[2], ['c'], start=now_ms() - 2000)
    put(logs, group, streams[0], ['a'], start=now_ms() - 1000)

    described = logs.describe_log_streams(logGroupName=group)['logStreams']
    assert [s['logStreamName'] for s in described] == streams
    first = described[0]
    assert first['arn'].endswith(f':log-group:{group}:log-stream:{streams[0]}')
    assert first['firstEventTimestamp'] == first['lastEventTimestamp']
    assert 'lastIngestionTime' in first

    by_time = logs.describe_log_streams(logGroupName=group, orderBy='LastEventTime', descending=True)
    assert [s['logStreamName'] for s in by_time['logStreams']] == [streams[0], streams[2], streams[1]]

    # Paging with limit, by either order.
    for kwargs in ({}, {'orderBy': 'LastEventTime'}, {'descending': True}):
        seen, token = [], None
        while True:
            extra = {'nextToken': token} if token else {}
            page = logs.describe_log_streams(logGroupName=group, limit=1, **kwargs, **extra)
            seen += [s['logStreamName'] for s in page['logStreams']]
            token = page.get('nextToken')
            if not token:
                break
        assert sorted(seen) == streams and len(seen) == 3

    prefixed = logs.describe_log_streams(logGroupName=group, logStreamNamePrefix=streams[2])
    assert [s['logStreamName'] for s in prefixed['logStreams']] == [streams[2]]
    with expect_error('InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.'):
        logs.describe_log_streams(logGroupName=group, orderBy='LastEventTime', logStreamNamePrefix='2026')
    # logGroupIdentifier takes the group's ARN too.
    # (the ARN without its trailing ':*', as the API reference asks).
    arn = logs.describe_log_groups(logGroupNamePrefix=group)['logGroups'][0]['arn'][:-2]
    assert len(logs.describe_log_streams(logGroupIdentifier=arn)['logStreams']) == 3

    logs.delete_log_stream(logGroupName=group, logStreamName=streams[1])
    with expect_error('ResourceNotFoundException', r'^The specified log stream does not exist\.$'):
        logs.delete_log_stream(logGroupName=group, logStreamName=streams[1])
    assert len(logs.describe_log_streams(logGroupName=group)['logStreams']) == 2


def test_put_log_events_validation(logs, group):
    logs.create_log_stream(logGroupName=group, logStreamName='s')
    with expect_error('ResourceNotFoundException', r'^The specified log stream does not exist\.$'):
        put(logs, group, 'missing', ['x'])
    with expect_error('ResourceNotFoundException', r'^The specified log group does not exist\.$'):
        put(logs, group + '-missing', 's', ['x'])
    t = now_ms()
    with expect_error('InvalidParameterException',
                      r'^Log events in a single PutLogEvents request must be in chronological order\.$'):
        logs.put_log_events(logGroupName=group, logStreamName='s',
                            logEvents=[{'timestamp': t, 'message': 'b'}, {'timestamp': t - 1, 'message': 'a'}])
    first = put(logs, group, 's', ['one'])
    second = put(logs, group, 's', ['two'])
    assert first['nextSequenceToken'] != second['nextSequenceToken']
    with expect_error('InvalidParameterException', '24 hours'):
        logs.put_log_events(logGroupName=group, logStreamName='s',
                            logEvents=[{'timestamp': t - 86400_001, 'message': 'a'}, {'timestamp': t, 'message': 'b'}])
    # Too old (more than 14 days) and too new (more than 2 hours ahead) are
    # rejected by index, the rest stored.
    old = t - 15 * 86400_000
    result = logs.put_log_events(logGroupName=group, logStreamName='s', logEvents=[
        {'timestamp': old, 'message': 'old'}, {'timestamp': old + 1, 'message': 'old2'}])
    assert result['rejectedLogEventsInfo'] == {'tooOldLogEventEndIndex': 2}
    result = logs.put_log_events(logGroupName=group, logStreamName='s', logEvents=[
        {'timestamp': t - 1, 'message': 'ok'}, {'timestamp': t, 'message': 'ok2'},
        {'timestamp': t + 3 * 3600_000, 'message': 'new'}])
    assert result['rejectedLogEventsInfo'] == {'tooNewLogEventStartIndex': 2}
    messages = [e['message'] for e in logs.get_log_events(logGroupName=group, logStreamName='s',
                                                          startFromHead=True)['events']]
    assert messages == ['one', 'two', 'ok', 'ok2']


def test_get_log_events_paging(logs, group):
    logs.create_log_stream(logGroupName=group, logStreamName='s')
    messages = [f'line {i}' for i in range(7)] + ['multi\nline\n  message', '{"json": "a\\nb"}']
    start = now_ms() - 60_000
    put(logs, group, 's', messages, start=start)

    # From the head, forward, 4 at a time; at the end the same token comes back.
    seen, token = [], None
    while True:
        kwargs = {'nextToken': token} if token else {'startFromHead': True}
        page = logs.get_log_events(logGroupName=group, logStreamName='s', limit=4, **kwargs)
        seen += [e['message'] for e in page['events']]
        if page['nextForwardToken'] == token:
            assert page['events'] == []
            break
        token = page['nextForwardToken']
    assert seen == messages
    assert token.startswith('f/')

    # Default (startFromHead false): the newest events; then backward.
    page = logs.get_log_events(logGroupName=group, logStreamName='s', limit=4)
    assert [e['message'] for e in page['events']] == messages[-4:]
    assert page['nextBackwardToken'].startswith('b/')
    back = logs.get_log_events(logGroupName=group, logStreamName='s', limit=4,
                               nextToken=page['nextBackwardToken'])
    assert [e['message'] for e in back['events']] == messages[-8:-4]

    # A forward token keeps working as new events arrive (tailing).
    put(logs, group, 's', ['later'], start=start + 100)
    tail = logs.get_log_events(logGroupName=group, logStreamName='s', nextToken=page['nextForwardToken'])
    assert [e['message'] for e in tail['events']] == ['later']

    # startTime inclusive, endTime exclusive.
    window = logs.get_log_events(logGroupName=group, logStreamName='s', startFromHead=True,
                                 startTime=start + 2, endTime=start + 4)
    assert [e['message'] for e in window['events']] == messages[2:4]
    event = window['events'][0]
    assert set(event) == {'timestamp', 'message', 'ingestionTime'}

    with expect_error('InvalidParameterException'):
        logs.get_log_events(logGroupName=group, logStreamName='s', nextToken='garbage')
    with expect_error('ResourceNotFoundException', r'^The specified log stream does not exist\.$'):
        logs.get_log_events(logGroupName=group, logStreamName='missing')
    with expect_error('ResourceNotFoundException', r'^The specified log group does not exist\.$'):
        logs.get_log_events(logGroupName=group + '-missing', logStreamName='s')


def test_filter_log_events(logs, group):
    for s in ('a', 'b', 'other'):
        logs.create_log_stream(logGroupName=group, logStreamName=s)
    start = now_ms() - 60_000
    put(logs, group, 'a', ['START RequestId: 1', 'ERROR boom', json.dumps({'level': 'INFO', 'latency': 12})],
        start=start)
    put(logs, group, 'b', ['WARN slow', json.dumps({'level': 'ERROR', 'latency': 250, 'user': {'id': 'u1'}}),
                           'END RequestId: 1'], start=start)
    put(logs, group, 'other', ['ERROR elsewhere'], start=start + 10)

    def messages(**kwargs):
        events, token = [], None
        while True:
            extra = {'nextToken': token} if token else {}
            page = logs.filter_log_events(logGroupName=group, **kwargs, **extra)
            events += page['events']
            token = page.get('nextToken')
            if not token:
                return events

    everything = messages()
    assert len(everything) == 7
    # Interleaved by time across streams.
    assert [e['timestamp'] for e in everything] == sorted(e['timestamp'] for e in everything)
    assert len({e['eventId'] for e in everything}) == 7
    assert set(everything[0]) >= {'logStreamName', 'timestamp', 'message', 'ingestionTime', 'eventId'}
    # Paging one event at a time gives the same events.
    assert [e['eventId'] for e in messages(limit=1)] == [e['eventId'] for e in everything]

    assert {e['message'] for e in messages(filterPattern='ERROR')} == {
        'ERROR boom', 'ERROR elsewhere', json.dumps({'level': 'ERROR', 'latency': 250, 'user': {'id': 'u1'}})}
    assert {e['message'] for e in messages(filterPattern='?WARN ?boom')} == {'WARN slow', 'ERROR boom'}
    assert {e['message'] for e in messages(filterPattern='RequestId -START')} == {'END RequestId: 1'}
    assert {e['message'] for e in messages(filterPattern='"RequestId: 1"')} == {'START RequestId: 1',
                                                                                 'END RequestId: 1'}
    assert [json.loads(e['message'])['latency'] for e in messages(filterPattern='{ $.latency > 100 }')] == [250]
    assert len(messages(filterPattern='{ $.level = "ERR*" && $.user.id = "u1" }')) == 1
    assert len(messages(filterPattern='{ $.level = "INFO" || $.level = "ERROR" }')) == 2
    assert len(messages(filterPattern='{ $.user NOT EXISTS }')) == 1

    assert {e['logStreamName'] for e in messages(logStreamNames=['b'])} == {'b'}
    assert {e['logStreamName'] for e in messages(logStreamNamePrefix='o')} == {'other'}
    assert [e['message'] for e in messages(startTime=start + 10, endTime=start + 11)] == ['ERROR elsewhere']

    with expect_error('InvalidParameterException', 'Invalid filter pattern'):
        logs.filter_log_events(logGroupName=group, filterPattern='{ $.a = }')
    with expect_error('ResourceNotFoundException', r'^The specified log group does not exist\.$'):
        logs.filter_log_events(logGroupName=group + '-missing')


def test_json_1_1_content_type(endpoint):
    status, headers, body = raw_request(
        endpoint, target='Logs_20140328.DescribeLogGroups', body=b'{"limit": 1}',
        headers={'Content-Type': 'application/x-amz-json-1.1'})
    assert status == 200
    assert headers['content-type'] == 'application/x-amz-json-1.1'
    status, headers, body = raw_request(
        endpoint, target='Logs_20140328.DeleteLogGroup', body=b'{"logGroupName": "nope-' + random_string().encode() + b'"}',
        headers={'Content-Type': 'application/x-amz-json-1.1'})
    assert status == 400
    assert headers['content-type'] == 'application/x-amz-json-1.1'
    assert json.loads(body)['__type'].endswith('ResourceNotFoundException')


@pytest.mark.skipif(bool(os.environ.get('EDDY_ENDPOINT')), reason='starts its own server')
def test_logs_survive_restart_and_are_plain_text(start_server):
    data_dir = tempfile.mkdtemp(prefix='eddy-logs-')
    try:
        group, stream = '/aws/lambda/restart', '2026/11/25/[$LATEST]abc'
        server = start_server(data_dir)
        client = make_client(server.endpoint, 'logs')
        client.create_log_group(logGroupName=group)
        client.create_log_stream(logGroupName=group, logStreamName=stream)
        put(client, group, stream, ['first', 'multi\nline'])
        client.put_retention_policy(logGroupName=group, retentionInDays=30)
        assert server.stop() == 0

        # One readable line per event under <data-dir>/logs.
        files = [os.path.join(root, f) for root, _, names in os.walk(os.path.join(data_dir, 'logs'))
                 for f in names if f.endswith('.log')]
        assert len(files) == 1
        with open(files[0]) as f:
            lines = f.read().splitlines()
        assert [line.split('\t', 1)[1] for line in lines] == ['first', 'multi\\nline']
        assert lines[0][:4].isdigit() and lines[0][23] == 'Z'

        server = start_server(data_dir)
        client = make_client(server.endpoint, 'logs')
        assert client.describe_log_groups(logGroupNamePrefix=group)['logGroups'][0]['retentionInDays'] == 30
        events = client.get_log_events(logGroupName=group, logStreamName=stream, startFromHead=True)['events']
        assert [e['message'] for e in events] == ['first', 'multi\nline']
        server.stop()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)

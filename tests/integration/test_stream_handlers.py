# Stream handlers end to end: a real eddy started with `--functions`, real
# Python handlers (tests/integration/handlers/recorder.py) and command
# scripts, driven with boto3. Each test starts its own eddy in tmp_path; the
# handlers record what they were given in a JSON-lines file, and the tests
# assert on those records, on the Lambda-shaped logs (CloudWatch Logs API) and
# on the OnFailure destination file. POST /_eddy/event-source-mappings/wait
# replaces sleeping: it returns once every enabled mapping has handled every
# record committed before the call.
#
# The expected behaviour is Lambda's for DynamoDB event sources: the event
# shape ("Using AWS Lambda with Amazon DynamoDB"), retries that block the
# shard, MaximumRetryAttempts / BisectBatchOnFunctionError /
# ReportBatchItemFailures / FilterCriteria, the OnFailure record
# ("Retain discarded records"), and the START/END/REPORT log framing.

import json
import os
import re
import shutil
import stat
import subprocess
import time

import pytest

from conftest import make_client
from helpers import random_string, raw_request, unique_table_name

HANDLERS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'handlers')
LOG_STREAM_RE = re.compile(r'^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$')
TTL_SERVICE = {'type': 'Service', 'principalId': 'dynamodb.amazonaws.com'}
KEY_SCHEMA = [{'AttributeName': 'pk', 'KeyType': 'HASH'}]
ATTRIBUTES = [{'AttributeName': 'pk', 'AttributeType': 'S'}]


def function(name, table, handler='recorder.lambda_handler', env=None, timeout=3, runtime='python3.12',
             command=None, **mapping):
    """One entry of the functions file: a function with one mapping on
    `table` (TRIM_HORIZON unless overridden by `mapping`'s fields)."""
    fn = {'FunctionName': name, 'Runtime': runtime, 'CodeDirectory': 'code', 'Timeout': timeout,
          'Environment': {'Variables': dict(env or {})}}
    if command is None:
        fn['Handler'] = handler
    else:
        fn['Command'] = command
    esm = {'TableName': table, 'StartingPosition': 'TRIM_HORIZON'}
    esm.update(mapping)
    fn['EventSourceMappings'] = [esm]
    return fn


class Lab:
    """One test's world: handler code, records file, marker dir, functions
    file and data dir under tmp_path, and the eddy running on them."""

    def __init__(self, tmp_path, start_server):
        self.tmp = tmp_path
        self._start_server = start_server
        self.code_dir = tmp_path / 'code'
        shutil.copytree(HANDLERS_DIR, self.code_dir, ignore=shutil.ignore_patterns('__pycache__'))
        self.record_file = tmp_path / 'records.jsonl'
        self.marker_dir = tmp_path / 'markers'
        self.marker_dir.mkdir()
        self.failure_file = tmp_path / 'failures.jsonl'
        self.functions_file = tmp_path / 'functions.json'
        self.data_dir = tmp_path / 'data'
        self.log_dir = tmp_path / 'logs'
        self.server = None

    def env(self, **extra):
        """The Environment.Variables every recorder function gets."""
        variables = {'RECORD_FILE': str(self.record_file), 'MARKER_DIR': str(self.marker_dir)}
        variables.update({k: str(v) for k, v in extra.items()})
        return variables

    def write_functions(self, functions):
        self.functions_file.write_text(json.dumps({'Functions': functions}, indent=1))

    def start(self, functions=None, with_functions=True):
        if functions is not None:
            self.write_functions(functions)
        args = ['--ttl-interval', '0', '--log-dir', str(self.log_dir)]
        if with_functions:
            args += ['--functions', str(self.functions_file)]
        self.server = self._start_server(str(self.data_dir), *args)
        self.ddb = make_client(self.server.endpoint)
        self.logs = make_client(self.server.endpoint, 'logs')
        return self

    def stop(self):
        code = self.server.stop()
        assert code == 0, 'eddy exited with %s on SIGTERM; stderr:\n%s' % (code, self.server.stderr())

    # --- tables --------------------------------------------------------

    def create_table(self, name=None, stream=True):
        name = name or unique_table_name()
        kwargs = {}
        if stream:
            kwargs['StreamSpecification'] = {'StreamEnabled': True, 'StreamViewType': 'NEW_AND_OLD_IMAGES'}
        self.ddb.create_table(TableName=name, KeySchema=KEY_SCHEMA, AttributeDefinitions=ATTRIBUTES,
                              BillingMode='PAY_PER_REQUEST', **kwargs)
        self.ddb.get_waiter('table_exists').wait(TableName=name, WaiterConfig={'Delay': 1, 'MaxAttempts': 30})
        return name

    def put(self, table, key, **attributes):
        item = {'pk': {'S': key}}
        for name, value in attributes.items():
            item[name] = {'N': str(value)} if isinstance(value, int) else {'S': value}
        self.ddb.put_item(TableName=table, Item=item)

    def stream_arn(self, table):
        return self.ddb.describe_table(TableName=table)['Table']['LatestStreamArn']

    # --- admin API -----------------------------------------------------

    def admin(self, method, path, body=b''):
        status, _, data = raw_request(self.server.endpoint, method=method, path=path, body=body)
        return status, json.loads(data)

    def wait(self, timeout=20, expect_caught_up=True):
        status, body = self.admin('POST', '/_eddy/event-source-mappings/wait', {'timeoutSeconds': timeout})
        if expect_caught_up:
            assert status == 200 and body['caughtUp'] is True, (status, body, self.server.stderr())
        return status, body

    def mappings(self):
        status, body = self.admin('GET', '/_eddy/event-source-mappings')
        assert status == 200
        return {m['FunctionName']: m for m in body['EventSourceMappings']}

    # --- what the handlers saw -----------------------------------------

    def invocations(self):
        if not self.record_file.exists():
            return []
        return [json.loads(line) for line in self.record_file.read_text().splitlines() if line.strip()]

    def ok_keys(self):
        return [k for inv in self.invocations() if inv['ok'] for k in inv['keys']]

    def failure_lines(self):
        if not self.failure_file.exists():
            return []
        return [json.loads(line) for line in self.failure_file.read_text().splitlines() if line.strip()]

    def log_events(self, function_name, **kwargs):
        events = []
        paginator = self.logs.get_paginator('filter_log_events')
        for page in paginator.paginate(logGroupName='/aws/lambda/' + function_name, **kwargs):
            events.extend(page['events'])
        return events

    def log_text(self, function_name):
        return ''.join(e['message'] for e in self.log_events(function_name))

    def log_streams(self, function_name):
        return [s['logStreamName'] for s in
                self.logs.describe_log_streams(logGroupName='/aws/lambda/' + function_name)['logStreams']]


@pytest.fixture
def lab(tmp_path, start_server):
    world = Lab(tmp_path, start_server)
    yield world
    if world.server:
        world.server.stop()


def seq(record):
    return int(record['dynamodb']['SequenceNumber'])


# --- 1. delivery --------------------------------------------------------

def test_insert_modify_remove_and_ttl_delete_arrive_in_order_in_lambda_shape(lab):
    table = 'music_' + random_string(6).lower()
    lab.start([function('fn', table, env=lab.env())])
    lab.create_table(table)
    arn = lab.stream_arn(table)
    region = arn.split(':')[3]
    lab.put(table, 'a', v=1)
    lab.ddb.update_item(TableName=table, Key={'pk': {'S': 'a'}}, UpdateExpression='SET v = :v',
                        ExpressionAttributeValues={':v': {'N': '2'}})
    lab.ddb.delete_item(TableName=table, Key={'pk': {'S': 'a'}})
    lab.ddb.update_time_to_live(TableName=table,
                                TimeToLiveSpecification={'Enabled': True, 'AttributeName': 'expires'})
    lab.put(table, 't', expires=int(time.time()) - 3600)
    status, swept = lab.admin('POST', '/_eddy/ttl/sweep')
    assert status == 200 and swept['deleted'] == 1
    lab.wait()

    records = [r for inv in lab.invocations() for r in inv['records']]
    assert all(inv['ok'] for inv in lab.invocations())
    assert [(r['eventName'], r['dynamodb']['Keys']['pk']['S']) for r in records] == [
        ('INSERT', 'a'), ('MODIFY', 'a'), ('REMOVE', 'a'), ('INSERT', 't'), ('REMOVE', 't')]
    assert [seq(r) for r in records] == sorted(seq(r) for r in records)
    assert len({r['eventID'] for r in records}) == 5
    for r in records:
        assert r['eventSource'] == 'aws:dynamodb'
        assert r['eventSourceARN'] == arn
        assert r['awsRegion'] == region
        assert r['eventVersion'] == '1.1'
        assert r['dynamodb']['StreamViewType'] == 'NEW_AND_OLD_IMAGES'
        assert isinstance(r['dynamodb']['SizeBytes'], int) and r['dynamodb']['SizeBytes'] > 0
        assert isinstance(r['dynamodb']['ApproximateCreationDateTime'], (int, float))
    insert, modify, remove, _, ttl_remove = records
    assert insert['dynamodb']['NewImage'] == {'pk': {'S': 'a'}, 'v': {'N': '1'}}
    assert 'OldImage' not in insert['dynamodb']
    assert modify['dynamodb']['OldImage'] == {'pk': {'S': 'a'}, 'v': {'N': '1'}}
    assert modify['dynamodb']['NewImage'] == {'pk': {'S': 'a'}, 'v': {'N': '2'}}
    assert remove['dynamodb']['OldImage'] == {'pk': {'S': 'a'}, 'v': {'N': '2'}}
    assert 'NewImage' not in remove['dynamodb']
    for r in records[:4]:
        assert 'userIdentity' not in r  # only TTL deletes carry the service principal
    assert ttl_remove['userIdentity'] == TTL_SERVICE
    assert ttl_remove['dynamodb']['OldImage']['pk'] == {'S': 't'}
    assert 'NewImage' not in ttl_remove['dynamodb']


# --- 2. logs ------------------------------------------------------------

def test_logs_api_shows_lambda_framing_prints_and_logging(lab):
    table = unique_table_name()
    lab.start([function('logger-fn', table, env=lab.env(LOG_INFO='1'))])
    lab.create_table(table)
    lab.put(table, 'k1')
    lab.wait()
    lab.put(table, 'k2')
    lab.wait()
    rid1, rid2 = [inv['request_id'] for inv in lab.invocations()]

    streams = lab.log_streams('logger-fn')
    assert len(streams) == 1 and LOG_STREAM_RE.match(streams[0]), streams
    events = lab.logs.get_log_events(logGroupName='/aws/lambda/logger-fn', logStreamName=streams[0],
                                     startFromHead=True)['events']
    messages = [e['message'] for e in events]
    first = messages[:messages.index('END RequestId: %s\n' % rid1) + 2]
    assert first[0] == 'START RequestId: %s Version: $LATEST\n' % rid1
    assert 'handling k1\n' in first
    info = [m for m in first if m.startswith('[INFO]')]
    assert len(info) == 1
    assert re.match(r'^\[INFO\]\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t%s\tinfo for k1\n$' % rid1, info[0]), info
    assert first.index('handling k1\n') < first.index(info[0])
    report = r'^REPORT RequestId: %s\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\t' \
             r'Max Memory Used: \d+ MB\t%s\n$'
    assert re.match(report % (rid1, r'Init Duration: \d+\.\d\d ms\t'), first[-1]), first[-1]
    assert re.match(report % (rid2, ''), messages[-1]), messages[-1]  # warm: no Init Duration
    assert messages[-2] == 'END RequestId: %s\n' % rid2

    # filter_log_events across the group, and a filterPattern that narrows it.
    all_messages = [e['message'] for e in lab.log_events('logger-fn')]
    assert all_messages == messages
    reports = lab.log_events('logger-fn', filterPattern='REPORT')
    assert [e['message'].split('\t')[0] for e in reports] == ['REPORT RequestId: ' + rid1,
                                                              'REPORT RequestId: ' + rid2]
    assert [e['message'] for e in lab.log_events('logger-fn', filterPattern='"handling k2"')] == ['handling k2\n']

    # The same events, as plain text files under --log-dir.
    texts = [open(os.path.join(d, f), errors='replace').read()
             for d, _, files in os.walk(lab.log_dir) for f in files]
    assert any('handling k1' in t and 'REPORT RequestId: ' + rid2 in t for t in texts), texts


# --- 3. warm worker -----------------------------------------------------

def test_warm_worker_keeps_module_state_across_invocations(lab):
    table = unique_table_name()
    lab.start([function('warm', table, env=lab.env())])
    lab.create_table(table)
    for key in ('w1', 'w2', 'w3'):
        lab.put(table, key)
        lab.wait()
    invocations = lab.invocations()
    assert [inv['keys'] for inv in invocations] == [['w1'], ['w2'], ['w3']]
    assert [inv['invocation'] for inv in invocations] == [1, 2, 3]
    assert len({inv['pid'] for inv in invocations}) == 1
    assert len(lab.log_streams('warm')) == 1
    assert len(lab.log_events('warm', filterPattern='"Init Duration"')) == 1


# --- 4. handler raises --------------------------------------------------

def test_raising_handler_is_retried_then_sent_to_on_failure_and_the_shard_moves_on(lab):
    table = unique_table_name()
    lab.start([function('raiser', table, env=lab.env(), BatchSize=1, MaximumRetryAttempts=1,
                        DestinationConfig={'OnFailure': {'Destination': 'failures.jsonl'}})])
    lab.create_table(table)
    lab.put(table, 'bad', action='raise')
    lab.put(table, 'good')
    lab.wait()

    invocations = lab.invocations()
    assert [(inv['keys'], inv['ok']) for inv in invocations] == [
        (['bad'], False), (['bad'], False), (['good'], True)]
    bad_seq = invocations[0]['records'][0]['dynamodb']['SequenceNumber']
    lines = lab.failure_lines()
    assert len(lines) == 1, lines
    line = lines[0]
    assert line['requestContext']['condition'] == 'RetryAttemptsExhausted'
    assert line['requestContext']['approximateInvokeCount'] == 2
    assert line['requestContext']['requestId'] == invocations[1]['request_id']
    assert line['requestContext']['functionArn'].endswith(':function:raiser')
    assert line['responseContext'] == {'statusCode': 200, 'executedVersion': '$LATEST', 'functionError': 'Unhandled'}
    assert line['version'] == '1.0'
    info = line['DDBStreamBatchInfo']
    assert info['streamArn'] == lab.stream_arn(table)
    assert info['startSequenceNumber'] == info['endSequenceNumber'] == bad_seq
    assert info['batchSize'] == 1
    errors = lab.log_events('raiser', filterPattern='"[ERROR] ValueError: boom on bad"')
    assert len(errors) == 2
    assert 'Traceback (most recent call last):' in errors[0]['message']
    assert lab.mappings()['raiser']['LastProcessingResult'] == 'OK'


# --- 5. timeout ---------------------------------------------------------

def test_timeout_kills_the_worker_retries_then_on_failure_and_a_fresh_worker_continues(lab):
    table = unique_table_name()
    lab.start([function('sleepy', table, env=lab.env(), timeout=1, BatchSize=1, MaximumRetryAttempts=1,
                        DestinationConfig={'OnFailure': {'Destination': 'failures.jsonl'}})])
    lab.create_table(table)
    lab.put(table, 'slow', action='sleep')
    lab.put(table, 'after')
    lab.wait()

    invocations = lab.invocations()
    assert [inv['keys'] for inv in invocations] == [['slow'], ['slow'], ['after']]
    assert invocations[-1]['ok']
    # Every timeout killed its worker: three workers, three log streams.
    assert len({inv['pid'] for inv in invocations}) == 3
    assert len({inv['log_stream'] for inv in invocations}) == 3
    assert invocations[-1]['invocation'] == 1  # cold start
    timed_out = lab.log_events('sleepy', filterPattern='"Task timed out after 1.00 seconds"')
    assert len(timed_out) == 2
    assert invocations[0]['request_id'] in timed_out[0]['message']
    lines = lab.failure_lines()
    assert len(lines) == 1
    assert lines[0]['requestContext']['approximateInvokeCount'] == 2
    assert lines[0]['DDBStreamBatchInfo']['startSequenceNumber'] == \
        invocations[0]['records'][0]['dynamodb']['SequenceNumber']
    assert sorted(lab.log_streams('sleepy')) == sorted({inv['log_stream'] for inv in invocations})


# --- 6. crash -----------------------------------------------------------

def test_crashing_worker_is_replaced_and_the_record_redelivered(lab):
    table = unique_table_name()
    lab.start([function('crashy', table, env=lab.env(), BatchSize=1)])
    lab.create_table(table)
    lab.put(table, 'before')
    lab.put(table, 'boom', action='crash_once')
    lab.put(table, 'later')
    lab.wait()

    invocations = lab.invocations()
    assert [(inv['keys'], inv['ok']) for inv in invocations] == [
        (['before'], True), (['boom'], False), (['boom'], True), (['later'], True)]
    assert invocations[1].get('crashed')
    assert invocations[2]['pid'] != invocations[1]['pid']
    assert invocations[2]['invocation'] == 1
    assert invocations[0]['pid'] == invocations[1]['pid']


# --- 7. ReportBatchItemFailures -----------------------------------------

def test_batch_item_failures_redeliver_from_the_failed_record(lab):
    table = unique_table_name()
    lab.start([function('partial', table, env=lab.env(), BatchSize=100, MaximumBatchingWindowInSeconds=1,
                        FunctionResponseTypes=['ReportBatchItemFailures'])])
    lab.create_table(table)
    lab.put(table, 'p0')
    lab.put(table, 'p1', action='fail_item_once')
    lab.put(table, 'p2')
    lab.put(table, 'p3')
    lab.wait()

    invocations = lab.invocations()
    assert [inv['keys'] for inv in invocations] == [['p0', 'p1', 'p2', 'p3'], ['p1', 'p2', 'p3']]
    assert invocations[0]['failures'] == [invocations[0]['records'][1]['dynamodb']['SequenceNumber']]
    assert invocations[1]['failures'] == []
    assert lab.mappings()['partial']['LastProcessingResult'] == 'OK'


# --- 8. FilterCriteria --------------------------------------------------

def test_filter_criteria_deliver_only_matching_records_and_the_mapping_catches_up(lab):
    table = unique_table_name()
    pattern = json.dumps({'eventName': ['INSERT'], 'dynamodb': {'NewImage': {'color': {'S': ['red']}}}})
    lab.start([function('reds', table, env=lab.env(), FilterCriteria={'Filters': [{'Pattern': pattern}]})])
    lab.create_table(table)
    lab.put(table, 'r1', color='red')
    lab.put(table, 'b1', color='blue')
    lab.put(table, 'r2', color='red')
    lab.put(table, 'r1', color='red', extra='x')  # a MODIFY: filtered out by eventName
    lab.put(table, 'g1', color='green')  # the last record does not match either
    lab.wait()

    assert lab.ok_keys() == ['r1', 'r2']
    assert all(r['eventName'] == 'INSERT' for inv in lab.invocations() for r in inv['records'])
    mapping = lab.mappings()['reds']
    assert mapping['RecordsBehind'] == 0
    latest = lab.ddb.describe_table(TableName=table)['Table']['LatestStreamArn']
    streams = make_client(lab.server.endpoint, 'dynamodbstreams')
    shard = streams.describe_stream(StreamArn=latest)['StreamDescription']['Shards'][0]
    iterator = streams.get_shard_iterator(StreamArn=latest, ShardId=shard['ShardId'],
                                          ShardIteratorType='TRIM_HORIZON')['ShardIterator']
    last = streams.get_records(ShardIterator=iterator)['Records'][-1]
    assert int(mapping['Checkpoint']) == int(last['dynamodb']['SequenceNumber'])


# --- 9. BisectBatchOnFunctionError --------------------------------------

def test_bisect_isolates_the_poison_record(lab):
    table = unique_table_name()
    lab.start([function('bisect', table, env=lab.env(), BatchSize=10, MaximumBatchingWindowInSeconds=1,
                        MaximumRetryAttempts=0, BisectBatchOnFunctionError=True,
                        DestinationConfig={'OnFailure': {'Destination': 'failures.jsonl'}})])
    lab.create_table(table)
    for key in ('g1', 'g2'):
        lab.put(table, key)
    lab.put(table, 'poison', action='raise')
    lab.put(table, 'g4')
    lab.wait()

    invocations = lab.invocations()
    assert invocations[0]['keys'] == ['g1', 'g2', 'poison', 'g4'] and not invocations[0]['ok']
    assert set(lab.ok_keys()) == {'g1', 'g2', 'g4'}
    assert ['poison'] in [inv['keys'] for inv in invocations]
    lines = lab.failure_lines()
    assert len(lines) == 1, lines
    info = lines[0]['DDBStreamBatchInfo']
    poison_seq = invocations[0]['records'][2]['dynamodb']['SequenceNumber']
    assert info['batchSize'] == 1
    assert info['startSequenceNumber'] == info['endSequenceNumber'] == poison_seq
    assert lines[0]['requestContext']['condition'] == 'RetryAttemptsExhausted'


# --- 10. clean restart --------------------------------------------------

def test_restart_delivers_what_was_written_meanwhile_and_nothing_twice(lab):
    table = 'restart_' + random_string(6).lower()
    lab.start([function('durable', table, env=lab.env(PHASE=1))])
    lab.create_table(table)
    lab.put(table, 'a')
    lab.put(table, 'b')
    lab.wait()
    lab.stop()

    # Written while the mapping's eddy was not running (eddy without --functions).
    lab.start(with_functions=False)
    lab.put(table, 'c')
    lab.put(table, 'd')
    lab.stop()

    lab.start([function('durable', table, env=lab.env(PHASE=3))])
    lab.wait()
    lab.put(table, 'e')
    lab.wait()
    by_phase = [(inv['phase'], k) for inv in lab.invocations() for k in inv['keys']]
    assert by_phase == [('1', 'a'), ('1', 'b'), ('3', 'c'), ('3', 'd'), ('3', 'e')]
    lab.stop()


# --- 11. kill -9 --------------------------------------------------------

def test_kill_9_during_delivery_is_at_least_once_and_never_skips_a_failing_batch(lab):
    table = 'kill_' + random_string(6).lower()
    keys = ['k%03d' % i for i in range(50)]
    poison = 'k040'
    lab.start([function('killed', table, env=lab.env(PHASE=1, SLEEP_MS=20), BatchSize=5)])
    lab.create_table(table)
    for key in keys:
        if key == poison:
            lab.put(table, key, action='fail_until_ok')
        else:
            lab.put(table, key)
    deadline = time.monotonic() + 30
    while not any(not inv['ok'] for inv in lab.invocations()):
        assert time.monotonic() < deadline, 'the poison record was never attempted'
        time.sleep(0.02)
    lab.server.kill()
    before = lab.invocations()
    done_before = {k for inv in before if inv['ok'] for k in inv['keys']}
    # A prefix of the keys was done; the poison's batch (the poison and up to
    # four records before it) failed as a whole.
    resume = len(done_before)
    assert done_before == set(keys[:resume]) and 35 <= resume <= 40, sorted(done_before)

    # The failing batch must still be there after the crash.
    (lab.marker_dir / 'ok').touch()
    lab.start([function('killed', table, env=lab.env(PHASE=2, SLEEP_MS=20), BatchSize=5)])
    lab.wait(timeout=30)
    after = [inv for inv in lab.invocations() if inv['phase'] == '2']
    assert after and after[0]['keys'][0] == keys[resume] and poison in after[0]['keys'], after[:1]
    assert set(lab.ok_keys()) == set(keys)  # at least once
    delivered_after = [k for inv in after for k in inv['keys']]
    assert delivered_after == keys[resume:]  # the checkpoint survived kill -9: nothing older came back


# --- 12. command runtime ------------------------------------------------

COMMAND_SCRIPT = r'''#!/usr/bin/env python3
import json, os, sys
event = json.load(sys.stdin)
keys = [r['dynamodb']['Keys']['pk']['S'] for r in event['Records']]
print('command saw ' + ' '.join(keys))
with open(os.environ['RECORD_FILE'], 'a') as f:
    f.write(json.dumps({'keys': keys, 'ok': True, 'source': event['Records'][0]['eventSource']}) + '\n')
marker = os.path.join(os.environ['MARKER_DIR'], 'failed-once')
if 'bad' in keys and not os.path.exists(marker):
    open(marker, 'w').close()
    print('failing once on purpose', file=sys.stderr)
    sys.exit(3)
print(json.dumps({'batchItemFailures': []}))
'''


def test_command_runtime_gets_the_event_on_stdin_and_nonzero_exit_is_retried(lab):
    table = unique_table_name()
    script = lab.code_dir / 'audit.py'
    script.write_text(COMMAND_SCRIPT)
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    lab.start([function('audit', table, runtime='command', command=['./code/audit.py'], env=lab.env(),
                        BatchSize=1)])
    lab.create_table(table)
    lab.put(table, 'good1')
    lab.put(table, 'bad')
    lab.put(table, 'good2')
    lab.wait()

    assert [inv['keys'] for inv in lab.invocations()] == [['good1'], ['bad'], ['bad'], ['good2']]
    assert lab.invocations()[0]['source'] == 'aws:dynamodb'
    text = lab.log_text('audit')
    assert 'command saw good1\n' in text and 'command saw good2\n' in text
    assert 'failing once on purpose\n' in text
    assert text.count('START RequestId: ') == 4 and text.count('REPORT RequestId: ') == 4


# --- 13. startup validation ---------------------------------------------

@pytest.mark.parametrize('breakage, field', [
    (lambda fn: fn['EventSourceMappings'][0].update(Batchsize=10), 'Batchsize'),
    (lambda fn: fn['EventSourceMappings'][0].update(BatchSize=0), 'BatchSize'),
    (lambda fn: fn.update(CodeDirectory='no_such_dir'), 'CodeDirectory'),
    (lambda fn: fn.update(Handlr='x.y'), 'Handlr'),
])
def test_bad_functions_file_stops_startup_naming_the_field(tmp_path, eddy_bin, breakage, field):
    (tmp_path / 'code').mkdir()
    fn = function('fn', 'SomeTable')
    breakage(fn)
    path = tmp_path / 'functions.json'
    path.write_text(json.dumps({'Functions': [fn]}))
    proc = subprocess.Popen([eddy_bin, '--port', '0', '--in-memory', '--functions', str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        out, err = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        pytest.fail('eddy started with a bad functions file: %s' % out.decode())
    assert proc.returncode != 0
    message = err.decode()
    assert field in message and 'functions.json' in message, message
    assert 'listening' not in out.decode()


# --- 14. mapping status and the wait endpoint ---------------------------

def test_mapping_status_and_wait_reports_a_mapping_stuck_on_a_failing_batch(lab):
    table, stuck_table = unique_table_name(), unique_table_name()
    lab.start([function('okfn', table, env=lab.env()),
               function('offfn', table, env=lab.env(), Enabled=False),
               function('stuckfn', stuck_table, env=lab.env(), MaximumRetryAttempts=-1)])
    lab.create_table(table)
    lab.create_table(stuck_table)
    mappings = lab.mappings()
    assert set(mappings) == {'okfn', 'offfn', 'stuckfn'}
    assert mappings['okfn']['State'] == 'Enabled' and mappings['offfn']['State'] == 'Disabled'
    assert mappings['okfn']['LastProcessingResult'] == 'No records processed'
    assert mappings['okfn']['TableName'] == table
    assert mappings['okfn']['FunctionArn'].endswith(':function:okfn')
    assert mappings['okfn']['BatchSize'] == 100
    assert mappings['okfn']['EventSourceArn'] == lab.stream_arn(table)

    lab.put(table, 'x')
    lab.put(stuck_table, 'y')
    _, body = lab.wait()  # the disabled mapping does not hold the wait up
    by_name = {m['FunctionName']: m for m in body['EventSourceMappings']}
    assert by_name['okfn']['LastProcessingResult'] == 'OK'
    assert by_name['okfn']['RecordsBehind'] == 0 and by_name['okfn']['Invocations'] == 1
    assert by_name['offfn']['Invocations'] == 0 and by_name['offfn']['RecordsBehind'] == 1

    lab.put(stuck_table, 'z', action='raise')
    started = time.monotonic()
    status, body = lab.wait(timeout=1, expect_caught_up=False)
    assert status == 504 and body['caughtUp'] is False
    assert 0.9 <= time.monotonic() - started < 10
    stuck = {m['FunctionName']: m for m in body['EventSourceMappings']}['stuckfn']
    assert stuck['LastProcessingResult'] == 'PROBLEM: Function call failed'
    assert stuck['RecordsBehind'] == 1
    assert [inv['keys'] for inv in lab.invocations()].count(['z']) >= 2  # retried, not skipped
    lab.stop()  # a mapping retrying forever does not block a clean shutdown


# --- 15. a table created after startup ----------------------------------

def test_mapping_on_a_table_created_after_startup(lab):
    table = 'later_' + random_string(8).lower()
    lab.start([function('late', table, env=lab.env())])
    assert lab.mappings()['late']['LastProcessingResult'] == 'No records processed'
    lab.wait()  # nothing to do yet: caught up at once
    lab.create_table(table)
    lab.put(table, 'first')
    lab.wait()
    assert lab.ok_keys() == ['first']
    assert lab.invocations()[0]['records'][0]['eventSourceARN'] == lab.stream_arn(table)


# --- 16. a handler calling eddy back ------------------------------------

def _worker_boto3_version():
    """boto3's version in the python3 the workers run (the first on PATH)."""
    try:
        out = subprocess.run(['python3', '-c', 'import boto3; print(boto3.__version__)'], capture_output=True,
                             text=True, timeout=30, env={'PATH': os.environ.get('PATH', '')})
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    return tuple(int(p) for p in re.findall(r'\d+', out.stdout)[:2])


def test_handler_writes_back_to_eddy_through_aws_endpoint_url(lab):
    version = _worker_boto3_version()
    if version is None or version < (1, 28):
        pytest.skip('the workers\' boto3 (%s) does not read AWS_ENDPOINT_URL_DYNAMODB' % (version,))
    table, copies = unique_table_name(), unique_table_name()
    lab.start([function('copier', table, handler='recorder.copy_handler', env=lab.env(COPY_TABLE=copies))])
    lab.create_table(table)
    lab.create_table(copies, stream=False)
    lab.put(table, 'c1', v=7)
    lab.put(table, 'c2', v=8)
    lab.wait()
    assert set(lab.ok_keys()) == {'c1', 'c2'}
    copied = lab.ddb.get_item(TableName=copies, Key={'pk': {'S': 'c1'}}, ConsistentRead=True).get('Item')
    assert copied == {'pk': {'S': 'c1'}, 'v': {'N': '7'}}
    assert lab.ddb.scan(TableName=copies)['Count'] == 2

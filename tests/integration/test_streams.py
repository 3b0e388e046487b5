# DynamoDB Streams through boto3's `dynamodbstreams` client: ListStreams,
# DescribeStream, GetShardIterator, GetRecords, and the stream log behind
# them (every committed change once, in commit order, with the images of the
# stream's view type; no record for a write that changes nothing).
#
# Written to pass against real DynamoDB too, except where noted: real streams
# take a moment to become readable and roll shards every few hours, so the
# reader below follows every shard and every NextShardIterator.
# Docs: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html
#       https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB_Streams.html

import json
import os
import random
import shutil
import tempfile
import time
import urllib.error
import urllib.request

import pytest
from boto3.dynamodb.types import TypeDeserializer

from conftest import kill_during_writes, make_client
from helpers import create_table, delete_table, expect_error, unique_table_name

VIEW_TYPES = ['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES']
HASH_RANGE = [{'AttributeName': 'p', 'KeyType': 'HASH'}, {'AttributeName': 'c', 'KeyType': 'RANGE'}]
HASH_RANGE_DEFS = [{'AttributeName': 'p', 'AttributeType': 'S'}, {'AttributeName': 'c', 'AttributeType': 'N'}]
HASH_P = [{'AttributeName': 'p', 'KeyType': 'HASH'}]
DEF_P = [{'AttributeName': 'p', 'AttributeType': 'S'}]

_deserializer = TypeDeserializer()


def make_streams_client(endpoint_url):
    return make_client(endpoint_url, 'dynamodbstreams')


@pytest.fixture(scope='session')
def streams(endpoint):
    return make_streams_client(endpoint)


def plain(image):
    return {k: _deserializer.deserialize(v) for k, v in image.items()}


class StreamTable:
    """A fresh table with a stream, deleted afterwards."""

    def __init__(self, dynamodb, view_type, key_schema=HASH_RANGE, defs=HASH_RANGE_DEFS):
        self.name = unique_table_name()
        desc = create_table(dynamodb, self.name, key_schema, defs,
                            StreamSpecification={'StreamEnabled': True, 'StreamViewType': view_type})
        self.arn = desc['TableDescription']['LatestStreamArn']
        self.label = desc['TableDescription']['LatestStreamLabel']
        self.dynamodb = dynamodb

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        delete_table(self.dynamodb, self.name)


def all_shards(streams, arn):
    desc = streams.describe_stream(StreamArn=arn)['StreamDescription']
    shards = list(desc['Shards'])
    while 'LastEvaluatedShardId' in desc:
        desc = streams.describe_stream(StreamArn=arn,
                                       ExclusiveStartShardId=desc['LastEvaluatedShardId'])['StreamDescription']
        shards.extend(desc['Shards'])
    return shards


def drain(streams, iterator, limit=None):
    """Follows NextShardIterator until a page comes back empty (open shard)
    or without NextShardIterator (closed shard read to the end).
    Returns (records, last NextShardIterator or None)."""
    records = []
    while iterator:
        kwargs = {'ShardIterator': iterator}
        if limit:
            kwargs['Limit'] = limit
        resp = streams.get_records(**kwargs)
        records.extend(resp['Records'])
        iterator = resp.get('NextShardIterator')
        if not resp['Records']:
            break
    return records, iterator


def read_stream(streams, arn):
    """Every record of every shard from TRIM_HORIZON, parents before children."""
    shards = all_shards(streams, arn)
    ids = {s['ShardId'] for s in shards}
    done, records = set(), []
    while len(done) < len(shards):
        for shard in shards:
            if shard['ShardId'] in done:
                continue
            parent = shard.get('ParentShardId')
            if parent in ids and parent not in done:
                continue
            it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard['ShardId'],
                                            ShardIteratorType='TRIM_HORIZON')['ShardIterator']
            records.extend(drain(streams, it)[0])
            done.add(shard['ShardId'])
    return records


def only_shard(streams, arn):
    shards = all_shards(streams, arn)
    assert len(shards) == 1  # eddy: one shard per stream (not true of DynamoDB over hours)
    return shards[0]


def shard_iterator(streams, arn, kind, sequence=None):
    kwargs = {'StreamArn': arn, 'ShardId': only_shard(streams, arn)['ShardId'], 'ShardIteratorType': kind}
    if sequence is not None:
        kwargs['SequenceNumber'] = sequence
    return streams.get_shard_iterator(**kwargs)['ShardIterator']


class Model:
    """The table as the test believes it is, and the stream records each
    write must produce: (eventName, keys, old item, new item)."""

    def __init__(self):
        self.items = {}
        self.events = []

    def change(self, key, new):
        k = (key['p'], key['c'])
        old = self.items.get(k)
        if new is None:
            self.items.pop(k, None)
        else:
            self.items[k] = new
        if old == new:
            return  # no change, no record (nor for deleting a missing item)
        name = 'INSERT' if old is None else ('REMOVE' if new is None else 'MODIFY')
        self.events.append((name, dict(key), old, new))


def run_mixed_workload(client, table_name, rng, n_ops=240, n_keys=12):
    """Puts, updates, deletes and no-op writes (identical puts, updates that
    set what is there, deletes of missing items) over many keys, one at a time
    so commit order is the order here."""
    model = Model()
    keys = [{'p': 'k%02d' % (i % 4), 'c': i} for i in range(n_keys)]
    for step in range(n_ops):
        key = rng.choice(keys)
        dkey = {'p': {'S': key['p']}, 'c': {'N': str(key['c'])}}
        current = model.items.get((key['p'], key['c']))
        op = rng.choice(['put', 'put', 'put_same', 'update', 'update_same', 'update_remove',
                         'delete', 'batch_put', 'batch_delete'])
        if op == 'put' or (op == 'put_same' and current is None):
            item = dict(key, v=step, s='x' * rng.randint(0, 3), l=[step, 'a'])
            client.put_item(TableName=table_name, Item=dict(dkey, v={'N': str(step)}, s={'S': item['s']},
                                                           l={'L': [{'N': str(step)}, {'S': 'a'}]}))
            model.change(key, item)
        elif op == 'put_same':
            client.put_item(TableName=table_name, Item=_to_dynamo(current))
            model.change(key, current)
        elif op == 'update' or (op == 'update_same' and (current is None or 'v' not in current)):
            client.update_item(TableName=table_name, Key=dkey, UpdateExpression='SET v = :v, u = :u',
                               ExpressionAttributeValues={':v': {'N': str(step)}, ':u': {'BOOL': True}})
            new = dict(current or key)
            new.update(v=step, u=True)
            model.change(key, new)
        elif op == 'update_same':
            client.update_item(TableName=table_name, Key=dkey, UpdateExpression='SET v = :v',
                               ExpressionAttributeValues={':v': {'N': str(current['v'])}})
            model.change(key, current)
        elif op == 'update_remove' and current is not None:
            # Removing an attribute that is not there changes nothing.
            client.update_item(TableName=table_name, Key=dkey, UpdateExpression='REMOVE u')
            new = dict(current)
            new.pop('u', None)
            model.change(key, new)
        elif op in ('delete', 'update_remove'):
            client.delete_item(TableName=table_name, Key=dkey)
            model.change(key, None)
        elif op == 'batch_put':
            item = dict(key, b=step)
            client.batch_write_item(RequestItems={table_name: [
                {'PutRequest': {'Item': dict(dkey, b={'N': str(step)})}}]})
            model.change(key, item)
        else:
            client.batch_write_item(RequestItems={table_name: [{'DeleteRequest': {'Key': dkey}}]})
            model.change(key, None)
    return model


def _to_dynamo(item):
    out = {}
    for k, v in item.items():
        if isinstance(v, bool):
            out[k] = {'BOOL': v}
        elif isinstance(v, int):
            out[k] = {'N': str(v)}
        elif isinstance(v, list):
            out[k] = {'L': [{'N': str(x)} if isinstance(x, int) else {'S': x} for x in v]}
        else:
            out[k] = {'S': v}
    return out


def check_record_shape(record, view_type, region='us-east-1'):
    assert record['eventSource'] == 'aws:dynamodb'
    assert record['eventVersion'] == '1.1'
    assert record['awsRegion'] == region
    assert record['eventID']
    d = record['dynamodb']
    assert d['StreamViewType'] == view_type
    assert d['SequenceNumber'].isdecimal()
    assert d['SizeBytes'] > 0
    assert 'ApproximateCreationDateTime' in d


@pytest.mark.parametrize('view_type', VIEW_TYPES)
def test_reader_sees_every_committed_change_once_in_order(dynamodb, streams, view_type):
    with StreamTable(dynamodb, view_type) as table:
        model = run_mixed_workload(dynamodb, table.name, random.Random(view_type))
        records = read_stream(streams, table.arn)
        assert len(records) == len(model.events)
        sequences = [int(r['dynamodb']['SequenceNumber']) for r in records]
        assert sequences == sorted(sequences) and len(set(sequences)) == len(sequences)
        # One writer: commit order is the order of the calls, for every key.
        for record, (name, key, old, new) in zip(records, model.events):
            check_record_shape(record, view_type)
            assert record['eventName'] == name
            d = record['dynamodb']
            assert plain(d['Keys']) == key
            if view_type in ('NEW_IMAGE', 'NEW_AND_OLD_IMAGES') and new is not None:
                assert plain(d['NewImage']) == new
            else:
                assert 'NewImage' not in d
            if view_type in ('OLD_IMAGE', 'NEW_AND_OLD_IMAGES') and old is not None:
                assert plain(d['OldImage']) == old
            else:
                assert 'OldImage' not in d
        # Reading again with small pages gives the same records.
        it = shard_iterator(streams, table.arn, 'TRIM_HORIZON')
        again, _ = drain(streams, it, limit=7)
        assert [r['dynamodb']['SequenceNumber'] for r in again] == \
            [r['dynamodb']['SequenceNumber'] for r in records]


def test_no_record_for_identical_put_or_missing_delete(dynamodb, streams):
    with StreamTable(dynamodb, 'NEW_AND_OLD_IMAGES') as table:
        item = {'p': {'S': 'a'}, 'c': {'N': '1'}, 'x': {'N': '2'}}
        dynamodb.put_item(TableName=table.name, Item=item)
        dynamodb.put_item(TableName=table.name, Item=item)
        dynamodb.delete_item(TableName=table.name, Key={'p': {'S': 'b'}, 'c': {'N': '1'}})
        records = read_stream(streams, table.arn)
        assert [r['eventName'] for r in records] == ['INSERT']


def test_latest_iterator_sees_only_later_writes(dynamodb, streams):
    with StreamTable(dynamodb, 'KEYS_ONLY') as table:
        dynamodb.put_item(TableName=table.name, Item={'p': {'S': 'before'}, 'c': {'N': '1'}})
        it = shard_iterator(streams, table.arn, 'LATEST')
        resp = streams.get_records(ShardIterator=it)
        assert resp['Records'] == []
        # An open shard always gives a next iterator, even with no records.
        assert 'NextShardIterator' in resp
        dynamodb.put_item(TableName=table.name, Item={'p': {'S': 'after'}, 'c': {'N': '1'}})
        records, next_it = drain(streams, resp['NextShardIterator'])
        assert [plain(r['dynamodb']['Keys'])['p'] for r in records] == ['after']
        assert next_it
        # The first LATEST iterator, too, sees exactly the later write.
        records, _ = drain(streams, it)
        assert [plain(r['dynamodb']['Keys'])['p'] for r in records] == ['after']


def test_at_and_after_sequence_number(dynamodb, streams):
    with StreamTable(dynamodb, 'KEYS_ONLY') as table:
        for i in range(3):
            dynamodb.put_item(TableName=table.name, Item={'p': {'S': 'k'}, 'c': {'N': str(i)}})
        records = read_stream(streams, table.arn)
        seqs = [r['dynamodb']['SequenceNumber'] for r in records]
        assert len(seqs) == 3 and int(seqs[0]) < int(seqs[1]) < int(seqs[2])
        got, _ = drain(streams, shard_iterator(streams, table.arn, 'AT_SEQUENCE_NUMBER', seqs[1]))
        assert [r['dynamodb']['SequenceNumber'] for r in got] == seqs[1:]
        got, _ = drain(streams, shard_iterator(streams, table.arn, 'AFTER_SEQUENCE_NUMBER', seqs[1]))
        assert [r['dynamodb']['SequenceNumber'] for r in got] == seqs[2:]
        got, _ = drain(streams, shard_iterator(streams, table.arn, 'AFTER_SEQUENCE_NUMBER', seqs[2]))
        assert got == []
        # StartingSequenceNumber works as an AT_SEQUENCE_NUMBER start.
        # It is fixed when the shard opens, so it is at or before the first record.
        start = only_shard(streams, table.arn)['SequenceNumberRange']['StartingSequenceNumber']
        assert int(start) <= int(seqs[0])
        got, _ = drain(streams, shard_iterator(streams, table.arn, 'AT_SEQUENCE_NUMBER', start))
        assert len(got) == 3


def test_empty_stream_starting_sequence_number_reads_later_writes(dynamodb, streams):
    with StreamTable(dynamodb, 'KEYS_ONLY') as table:
        shard = only_shard(streams, table.arn)
        start = shard['SequenceNumberRange']['StartingSequenceNumber']
        assert start.isdecimal()
        assert 'EndingSequenceNumber' not in shard['SequenceNumberRange']
        it = streams.get_shard_iterator(StreamArn=table.arn, ShardId=shard['ShardId'],
                                        ShardIteratorType='AT_SEQUENCE_NUMBER',
                                        SequenceNumber=start)['ShardIterator']
        dynamodb.put_item(TableName=table.name, Item={'p': {'S': 'a'}, 'c': {'N': '1'}})
        records, _ = drain(streams, it)
        assert len(records) == 1


def test_get_records_limit_pages(dynamodb, streams):
    with StreamTable(dynamodb, 'KEYS_ONLY') as table:
        for i in range(5):
            dynamodb.put_item(TableName=table.name, Item={'p': {'S': 'k'}, 'c': {'N': str(i)}})
        it = shard_iterator(streams, table.arn, 'TRIM_HORIZON')
        resp = streams.get_records(ShardIterator=it, Limit=2)
        assert len(resp['Records']) == 2
        resp = streams.get_records(ShardIterator=resp['NextShardIterator'], Limit=2)
        assert [plain(r['dynamodb']['Keys'])['c'] for r in resp['Records']] == [2, 3]


def test_describe_stream(dynamodb, streams):
    with StreamTable(dynamodb, 'NEW_IMAGE') as table:
        desc = streams.describe_stream(StreamArn=table.arn)['StreamDescription']
        assert desc['StreamArn'] == table.arn
        assert desc['StreamLabel'] == table.label
        assert desc['StreamStatus'] == 'ENABLED'
        assert desc['StreamViewType'] == 'NEW_IMAGE'
        assert desc['TableName'] == table.name
        assert desc['KeySchema'] == HASH_RANGE
        assert 'CreationRequestDateTime' in desc
        assert len(desc['Shards']) == 1
        shard = desc['Shards'][0]
        assert shard['ShardId'].startswith('shardId-') and 28 <= len(shard['ShardId']) <= 65
        assert 'ParentShardId' not in shard
        assert table.arn == 'arn:aws:dynamodb:us-east-1:000000000000:table/%s/stream/%s' % (table.name, table.label)
        # Paging past the last shard leaves nothing; so does an unknown id.
        for start in (shard['ShardId'], 'zzzzzzzzzzzzzzzzzzzzzzzzsfasdgagadfadfgagkjsdfsfsdjfjks'):
            assert streams.describe_stream(StreamArn=table.arn,
                                           ExclusiveStartShardId=start)['StreamDescription']['Shards'] == []


def test_list_streams_by_table_and_paginated(dynamodb, streams):
    with StreamTable(dynamodb, 'KEYS_ONLY') as t1, StreamTable(dynamodb, 'OLD_IMAGE') as t2:
        listed = streams.list_streams(TableName=t1.name)['Streams']
        assert listed == [{'StreamArn': t1.arn, 'TableName': t1.name, 'StreamLabel': t1.label}]
        seen, kwargs = [], {'Limit': 1}
        while True:
            resp = streams.list_streams(**kwargs)
            assert len(resp['Streams']) <= 1
            seen.extend(s['StreamArn'] for s in resp['Streams'])
            if 'LastEvaluatedStreamArn' not in resp:
                break
            kwargs['ExclusiveStartStreamArn'] = resp['LastEvaluatedStreamArn']
        assert seen.count(t1.arn) == 1 and seen.count(t2.arn) == 1
        assert len(seen) == len(set(seen))


def test_list_streams_of_table_without_stream_is_empty(dynamodb, streams, test_table):
    assert streams.list_streams(TableName=test_table.name)['Streams'] == []


def test_disable_closes_shard_and_reenable_makes_new_stream(dynamodb, streams):
    with StreamTable(dynamodb, 'NEW_AND_OLD_IMAGES') as table:
        dynamodb.put_item(TableName=table.name, Item={'p': {'S': 'a'}, 'c': {'N': '1'}})
        open_it = shard_iterator(streams, table.arn, 'TRIM_HORIZON')
        dynamodb.update_table(TableName=table.name, StreamSpecification={'StreamEnabled': False})
        dynamodb.put_item(TableName=table.name, Item={'p': {'S': 'b'}, 'c': {'N': '1'}})  # no stream

        desc = streams.describe_stream(StreamArn=table.arn)['StreamDescription']
        assert desc['StreamStatus'] == 'DISABLED'
        rng = desc['Shards'][0]['SequenceNumberRange']
        assert rng['EndingSequenceNumber'].isdecimal()
        assert int(rng['EndingSequenceNumber']) >= int(rng['StartingSequenceNumber'])
        # The closed shard stays readable; at its end NextShardIterator is absent.
        for it in (open_it, shard_iterator(streams, table.arn, 'TRIM_HORIZON')):
            resp = streams.get_records(ShardIterator=it)
            assert [plain(r['dynamodb']['Keys'])['p'] for r in resp['Records']] == ['a']
            assert resp['Records'][0]['dynamodb']['SequenceNumber'] == rng['EndingSequenceNumber']
            if 'NextShardIterator' in resp:
                resp = streams.get_records(ShardIterator=resp['NextShardIterator'])
                assert resp['Records'] == [] and 'NextShardIterator' not in resp
        resp = streams.get_records(ShardIterator=shard_iterator(streams, table.arn, 'LATEST'))
        assert resp['Records'] == [] and 'NextShardIterator' not in resp

        time.sleep(0.002)  # labels are millisecond timestamps
        upd = dynamodb.update_table(TableName=table.name, StreamSpecification={
            'StreamEnabled': True, 'StreamViewType': 'KEYS_ONLY'})['TableDescription']
        new_arn = upd['LatestStreamArn']
        assert new_arn != table.arn and upd['LatestStreamLabel'] != table.label
        listed = [s['StreamArn'] for s in streams.list_streams(TableName=table.name)['Streams']]
        assert listed == [table.arn, new_arn]
        dynamodb.put_item(TableName=table.name, Item={'p': {'S': 'c'}, 'c': {'N': '1'}})
        new_records = read_stream(streams, new_arn)
        assert [plain(r['dynamodb']['Keys'])['p'] for r in new_records] == ['c']
        assert new_records[0]['dynamodb']['StreamViewType'] == 'KEYS_ONLY'
        assert streams.describe_stream(StreamArn=new_arn)['StreamDescription']['StreamStatus'] == 'ENABLED'
        assert [plain(r['dynamodb']['Keys'])['p'] for r in read_stream(streams, table.arn)] == ['a']


# --- Validation and errors -------------------------------------------------

def test_malformed_stream_arn_is_validation_error(streams):
    with expect_error('ValidationException', 'Invalid StreamArn'):
        streams.describe_stream(StreamArn='sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf')
    with expect_error('ValidationException', 'Invalid StreamArn'):
        streams.get_shard_iterator(StreamArn='sdfadfsddafgdafsgjnadflkgnalngalsdfnlkasnlkasdfasdfasf',
                                   ShardId='shardId-00000000000000000000-00000000',
                                   ShardIteratorType='LATEST')
    with expect_error('ValidationException'):
        streams.list_streams(ExclusiveStartStreamArn='kossaapaaasdafsdaasdasdasdasasdasfadfadfasdasdas')
    with expect_error('ValidationException', 'length greater than or equal to 37'):
        streams.describe_stream(StreamArn='short')


def test_unknown_stream_is_resource_not_found(streams, test_table):
    arn = 'arn:aws:dynamodb:us-east-1:000000000000:table/%s/stream/2020-01-01T00:00:00.000' % test_table.name
    with expect_error('ResourceNotFoundException', 'Requested resource not found: Stream: %s not found' % arn):
        streams.describe_stream(StreamArn=arn)
    arn = 'arn:aws:dynamodb:us-east-1:000000000000:table/no_such_table_xyz/stream/2020-01-01T00:00:00.000'
    with expect_error('ResourceNotFoundException'):
        streams.describe_stream(StreamArn=arn)


def test_get_shard_iterator_errors(dynamodb, streams):
    with StreamTable(dynamodb, 'KEYS_ONLY') as table:
        shard = only_shard(streams, table.arn)
        seq = shard['SequenceNumberRange']['StartingSequenceNumber']
        with expect_error('ResourceNotFoundException'):
            streams.get_shard_iterator(StreamArn=table.arn, ShardId='semprinidfaasdasfsdvacsdcfsdsvsdvsdvsdvsdvsdv',
                                       ShardIteratorType='LATEST')
        for kind in ('AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER'):
            with expect_error('ValidationException'):
                streams.get_shard_iterator(StreamArn=table.arn, ShardId=shard['ShardId'], ShardIteratorType=kind)
        for kind in ('TRIM_HORIZON', 'LATEST'):
            with expect_error('ValidationException'):
                streams.get_shard_iterator(StreamArn=table.arn, ShardId=shard['ShardId'],
                                           ShardIteratorType=kind, SequenceNumber=seq)
        with expect_error('ValidationException', 'enum value set'):
            streams.get_shard_iterator(StreamArn=table.arn, ShardId=shard['ShardId'], ShardIteratorType='bulle')
        with expect_error('ValidationException'):
            streams.get_shard_iterator(StreamArn=table.arn, ShardId=shard['ShardId'],
                                       ShardIteratorType='AT_SEQUENCE_NUMBER', SequenceNumber='x' * 30)
        with expect_error('ValidationException', "Value null at 'shardIteratorType'"):
            streams.get_shard_iterator(StreamArn=table.arn, ShardId=shard['ShardId'])


def test_get_records_errors(dynamodb, streams):
    with expect_error('ValidationException', 'Invalid ShardIterator'):
        streams.get_records(ShardIterator='sdfsdfsgagaddafgagasgasgasdfasdfasdfasdfasdgasdasdgasdg', Limit=1000)
    with StreamTable(dynamodb, 'KEYS_ONLY') as table:
        it = shard_iterator(streams, table.arn, 'TRIM_HORIZON')
        for limit in (0, 1001):
            with expect_error('ValidationException', "at 'limit' failed to satisfy constraint"):
                streams.get_records(ShardIterator=it, Limit=limit)
        # A tampered iterator is not an iterator.
        tampered = it[:10] + ('A' if it[10] != 'A' else 'B') + it[11:]
        with expect_error('ValidationException', 'Invalid ShardIterator'):
            streams.get_records(ShardIterator=tampered)
        delete_table(dynamodb, table.name)
        # The stream went with its table (eddy; DynamoDB keeps it for 24 h).
        with expect_error('ResourceNotFoundException'):
            streams.get_records(ShardIterator=it)


def test_list_streams_limit_validation(streams):
    for limit in (0, 101):
        with expect_error('ValidationException', "at 'limit' failed to satisfy constraint"):
            streams.list_streams(Limit=limit)


# --- Iterator expiry (needs eddy's admin clock) ------------------------------

def _advance_clock(endpoint, seconds):
    req = urllib.request.Request(endpoint + '/_eddy/clock/advance', method='POST',
                                 data=json.dumps({'seconds': seconds}).encode(),
                                 headers={'Content-Type': 'application/json'})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code


@pytest.mark.skipif(bool(os.environ.get('EDDY_ENDPOINT')), reason='moves the clock of its own eddy')
def test_iterator_expires_after_15_minutes(start_server):
    data_dir = tempfile.mkdtemp(prefix='eddy-streams-')
    try:
        server = start_server(data_dir)
        client, streams = make_client(server.endpoint), make_streams_client(server.endpoint)
        name = unique_table_name()
        desc = create_table(client, name, HASH_P, DEF_P,
                            StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'KEYS_ONLY'})
        arn = desc['TableDescription']['LatestStreamArn']
        client.put_item(TableName=name, Item={'p': {'S': 'a'}})
        it = shard_iterator(streams, arn, 'TRIM_HORIZON')
        status = _advance_clock(server.endpoint, 14 * 60)
        if status != 200:
            pytest.skip('POST /_eddy/clock/advance is not available (HTTP %s)' % status)
        resp = streams.get_records(ShardIterator=it)  # 14 minutes old: still good
        assert len(resp['Records']) == 1
        assert _advance_clock(server.endpoint, 60 + 1) == 200
        with expect_error('ExpiredIteratorException', 'Iterator expired'):
            streams.get_records(ShardIterator=it)
        # The iterator GetRecords returned is younger and still works.
        assert streams.get_records(ShardIterator=resp['NextShardIterator'])['Records'] == []
        server.stop()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


# --- Crash consistency -------------------------------------------------------

@pytest.mark.skipif(bool(os.environ.get('EDDY_ENDPOINT')), reason='needs to start and kill its own server')
def test_kill_9_every_acknowledged_write_has_exactly_one_record(start_server):
    data_dir = tempfile.mkdtemp(prefix='eddy-streams-crash-')
    try:
        server = start_server(data_dir)
        client = make_client(server.endpoint)
        create_table(client, 'stream_crash', HASH_P, DEF_P,
                     StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'NEW_IMAGE'})
        acknowledged = kill_during_writes(server, 'stream_crash')
        assert acknowledged

        server2 = start_server(data_dir)
        client2 = make_client(server2.endpoint)
        streams2 = make_streams_client(server2.endpoint)
        items = set()
        kwargs = {'TableName': 'stream_crash', 'ConsistentRead': True}
        while True:
            resp = client2.scan(**kwargs)
            items.update(i['p']['S'] for i in resp['Items'])
            if 'LastEvaluatedKey' not in resp:
                break
            kwargs['ExclusiveStartKey'] = resp['LastEvaluatedKey']
        arn = client2.describe_table(TableName='stream_crash')['Table']['LatestStreamArn']
        records = read_stream(streams2, arn)
        keys = [r['dynamodb']['Keys']['p']['S'] for r in records]
        assert all(r['eventName'] == 'INSERT' for r in records)
        assert len(keys) == len(set(keys)), 'a change has more than one record'
        assert set(acknowledged) <= set(keys), 'acknowledged writes without a record'
        # A write in flight at the kill may or may not have committed, but
        # item and record commit together.
        assert set(keys) == items
        seqs = [int(r['dynamodb']['SequenceNumber']) for r in records]
        assert seqs == sorted(seqs)
        # Per writer, commit order is the order of its puts.
        for n in range(3):
            mine = [k for k in keys if k.startswith('w%d-' % n)]
            assert mine == sorted(mine)
        server2.stop()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def test_describe_stream_child_shards_filter(endpoint, dynamodb, streams):
    # ShardFilter CHILD_SHARDS is how lineage readers (KCL 3) find a closed
    # shard's children; eddy's single shard has none (it must not list
    # itself). Sent raw: older botocore does not know ShardFilter.
    import json
    from helpers import raw_request
    with StreamTable(dynamodb, 'KEYS_ONLY') as table:
        shard_id = only_shard(streams, table.arn)['ShardId']
        status, _, data = raw_request(endpoint, 'DynamoDBStreams_20120810.DescribeStream', {
            'StreamArn': table.arn, 'ShardFilter': {'Type': 'CHILD_SHARDS', 'ShardId': shard_id}})
        assert status == 200
        assert json.loads(data)['StreamDescription']['Shards'] == []


def test_quick_reenable_makes_a_distinct_stream(dynamodb, streams):
    # Enable, disable, enable in quick succession: each stream has its own
    # label, ARN and records.
    with StreamTable(dynamodb, 'KEYS_ONLY') as table:
        for _ in range(5):
            dynamodb.update_table(TableName=table.name, StreamSpecification={'StreamEnabled': False})
            dynamodb.update_table(TableName=table.name,
                                  StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'KEYS_ONLY'})
        arns = [s['StreamArn'] for s in streams.list_streams(TableName=table.name)['Streams']]
        assert len(arns) == 6 and len(set(arns)) == 6
        dynamodb.put_item(TableName=table.name, Item={'p': {'S': 'last'}, 'c': {'N': '1'}})
        latest = dynamodb.describe_table(TableName=table.name)['Table']['LatestStreamArn']
        assert len(read_stream(streams, latest)) == 1
        for arn in arns:
            if arn != latest:
                assert read_stream(streams, arn) == []

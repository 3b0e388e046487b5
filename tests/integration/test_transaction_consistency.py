# Transactions are atomic for every reader, and across a crash: clients move
# amounts between accounts with TransactWriteItems while others read every
# account with TransactGetItems, Query on a global secondary index, and Scan;
# the total never changes in any read. Then eddy is killed (-9) at a random
# moment: after the restart the table, the index and the stream all hold
# whole transactions only.
#
# DynamoDB guarantees this for TransactGetItems; its Scan and GSI Query are
# not isolated from transactions (the developer guide, "Isolation levels for
# DynamoDB transactions"). eddy reads one page from one snapshot and keeps
# index entries in the item's own commit, so with one page per read the
# total holds there too; the Query and Scan checks below assert eddy's
# stronger behaviour.
import os
import random
import shutil
import tempfile
import threading
import time

import pytest
from botocore.exceptions import ClientError

from conftest import make_client
from helpers import create_table

pytestmark = pytest.mark.skipif(bool(os.environ.get('EDDY_ENDPOINT')),
                                reason='needs to start and kill its own server')

ACCOUNTS = 12
OPENING_BALANCE = 100
TOTAL = ACCOUNTS * OPENING_BALANCE


@pytest.fixture
def data_dir():
    d = tempfile.mkdtemp(prefix='eddy-transactions-')
    yield d
    shutil.rmtree(d, ignore_errors=True)


def account(i):
    return 'acct%02d' % i


def open_accounts(client):
    create_table(client, 'bank', [{'AttributeName': 'p', 'KeyType': 'HASH'}],
                 [{'AttributeName': 'p', 'AttributeType': 'S'}, {'AttributeName': 'g', 'AttributeType': 'S'}],
                 GlobalSecondaryIndexes=[{'IndexName': 'by_group',
                                          'KeySchema': [{'AttributeName': 'g', 'KeyType': 'HASH'},
                                                        {'AttributeName': 'p', 'KeyType': 'RANGE'}],
                                          'Projection': {'ProjectionType': 'ALL'}}],
                 StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'NEW_AND_OLD_IMAGES'})
    client.transact_write_items(TransactItems=[
        {'Put': {'TableName': 'bank', 'Item': {'p': {'S': account(i)}, 'g': {'S': 'all'},
                                               'b': {'N': str(OPENING_BALANCE)}}}} for i in range(ACCOUNTS)])


def transfer(client, rng):
    a, b = rng.sample(range(ACCOUNTS), 2)
    amount = str(rng.randint(1, 30))
    client.transact_write_items(TransactItems=[
        {'Update': {'TableName': 'bank', 'Key': {'p': {'S': account(a)}}, 'UpdateExpression': 'SET b = b - :x',
                    'ConditionExpression': 'b >= :x', 'ExpressionAttributeValues': {':x': {'N': amount}}}},
        {'Update': {'TableName': 'bank', 'Key': {'p': {'S': account(b)}}, 'UpdateExpression': 'SET b = b + :x',
                    'ExpressionAttributeValues': {':x': {'N': amount}}}},
    ])


def total(items):
    return sum(int(item['b']['N']) for item in items)


def run_transfers(endpoint, stop, done, rng_seed):
    client = make_client(endpoint)
    rng = random.Random(rng_seed)
    while not stop.is_set():
        try:
            transfer(client, rng)
            done.append(1)
        except ClientError as e:
            if e.response['Error']['Code'] != 'TransactionCanceledException':  # an empty account: fine
                raise
        except Exception:
            return  # the server was killed


def test_no_reader_sees_half_a_transaction(start_server, data_dir):
    server = start_server(data_dir)
    client = make_client(server.endpoint)
    open_accounts(client)
    stop = threading.Event()
    done, errors, reads = [], [], []

    def reader(kind):
        c = make_client(server.endpoint)
        try:
            while not stop.is_set():
                if kind == 'get':
                    resp = c.transact_get_items(TransactItems=[
                        {'Get': {'TableName': 'bank', 'Key': {'p': {'S': account(i)}}}} for i in range(ACCOUNTS)])
                    items = [r['Item'] for r in resp['Responses']]
                elif kind == 'query':
                    items = c.query(TableName='bank', IndexName='by_group', KeyConditionExpression='g = :g',
                                    ExpressionAttributeValues={':g': {'S': 'all'}})['Items']
                else:
                    items = c.scan(TableName='bank', ConsistentRead=True)['Items']
                assert len(items) == ACCOUNTS, (kind, len(items))
                if total(items) != TOTAL:
                    errors.append((kind, total(items)))
                reads.append(kind)
        except Exception as e:  # pragma: no cover - reported below
            errors.append((kind, repr(e)))

    threads = [threading.Thread(target=run_transfers, args=(server.endpoint, stop, done, n)) for n in range(4)]
    threads += [threading.Thread(target=reader, args=(kind,)) for kind in ('get', 'query', 'scan')]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30
    enough = lambda: len(done) >= 1000 and all(reads.count(kind) >= 100 for kind in ('get', 'query', 'scan'))
    while not enough() and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors[:5]
    assert enough(), (len(done), {kind: reads.count(kind) for kind in ('get', 'query', 'scan')})


def stream_records(endpoint):
    streams = make_client(endpoint, 'dynamodbstreams')
    client = make_client(endpoint)
    arn = client.describe_table(TableName='bank')['Table']['LatestStreamArn']
    shard = streams.describe_stream(StreamArn=arn)['StreamDescription']['Shards'][0]['ShardId']
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                          ShardIteratorType='TRIM_HORIZON')['ShardIterator']
    records = []
    while True:
        page = streams.get_records(ShardIterator=iterator, Limit=1000)
        records.extend(page['Records'])
        if not page['Records']:
            return records
        iterator = page['NextShardIterator']


def test_a_kill_leaves_no_transaction_half_applied(start_server, data_dir):
    server = start_server(data_dir)
    open_accounts(make_client(server.endpoint))
    stop = threading.Event()
    done = []
    threads = [threading.Thread(target=run_transfers, args=(server.endpoint, stop, done, 100 + n)) for n in range(4)]
    for t in threads:
        t.start()
    wanted = random.randint(50, 400)
    deadline = time.monotonic() + 30
    while len(done) < wanted and time.monotonic() < deadline:
        time.sleep(0.005)
    server.kill()  # SIGKILL with transactions in flight
    stop.set()
    for t in threads:
        t.join(timeout=60)
    assert len(done) >= wanted

    server = start_server(data_dir)
    client = make_client(server.endpoint)
    items = client.scan(TableName='bank', ConsistentRead=True)['Items']
    assert len(items) == ACCOUNTS and total(items) == TOTAL
    indexed = client.query(TableName='bank', IndexName='by_group', KeyConditionExpression='g = :g',
                           ExpressionAttributeValues={':g': {'S': 'all'}})['Items']
    assert sorted(indexed, key=lambda i: i['p']['S']) == sorted(items, key=lambda i: i['p']['S'])

    # The stream: the opening transaction's inserts, then each transfer's two
    # MODIFY records side by side (one commit), moving nothing in or out.
    records = stream_records(server.endpoint)
    assert [r['eventName'] for r in records[:ACCOUNTS]] == ['INSERT'] * ACCOUNTS
    transfers = records[ACCOUNTS:]
    assert len(transfers) % 2 == 0
    assert len(transfers) // 2 >= len(done)  # every acknowledged transfer, maybe one more
    balances = {r['dynamodb']['Keys']['p']['S']: int(r['dynamodb']['NewImage']['b']['N']) for r in records[:ACCOUNTS]}
    for first, second in zip(transfers[0::2], transfers[1::2]):
        delta = 0
        for record in (first, second):
            assert record['eventName'] == 'MODIFY'
            key = record['dynamodb']['Keys']['p']['S']
            old, new = int(record['dynamodb']['OldImage']['b']['N']), int(record['dynamodb']['NewImage']['b']['N'])
            assert balances[key] == old
            balances[key] = new
            delta += new - old
        assert delta == 0
    assert balances == {i['p']['S']: int(i['b']['N']) for i in items}

# Indexes and kill -9: writers move items in and out of sparse GSIs and an
# LSI while eddy is killed; after a restart every index holds exactly the
# entries a scan of the table implies, and its ItemCount (recounted after
# the crash) agrees. Also: an index backfill cut short by kill -9 is
# finished after the restart.

import os
import random
import shutil
import tempfile
import threading
import time

import pytest

from conftest import make_client, make_resource
from helpers import create_table, full_scan, multiset, wait_index

pytestmark = pytest.mark.skipif(bool(os.environ.get('EDDY_ENDPOINT')),
                                reason='needs to start and kill its own server')

TABLE = 'durable_indexes'


@pytest.fixture
def data_dir():
    d = tempfile.mkdtemp(prefix='eddy-index-durability-')
    yield d
    shutil.rmtree(d, ignore_errors=True)


def attr(name, typ='S'):
    return {'AttributeName': name, 'AttributeType': typ}


def key(name, key_type):
    return {'AttributeName': name, 'KeyType': key_type}


def create_indexed_table(client):
    create_table(client, TABLE, [key('p', 'HASH'), key('c', 'RANGE')],
                 [attr('p'), attr('c'), attr('g'), attr('h', 'N'), attr('l')],
                 GlobalSecondaryIndexes=[
                     {'IndexName': 'by_g', 'KeySchema': [key('g', 'HASH'), key('h', 'RANGE')],
                      'Projection': {'ProjectionType': 'ALL'}},
                     {'IndexName': 'by_h', 'KeySchema': [key('h', 'HASH')],
                      'Projection': {'ProjectionType': 'KEYS_ONLY'}}],
                 LocalSecondaryIndexes=[
                     {'IndexName': 'by_l', 'KeySchema': [key('p', 'HASH'), key('l', 'RANGE')],
                      'Projection': {'ProjectionType': 'INCLUDE', 'NonKeyAttributes': ['v']}}])


def random_write(table, rng, n):
    """One write that may move an item into, within or out of each index."""
    p, c = 'p%d' % rng.randrange(8), 'c%d' % rng.randrange(40)
    choice = rng.randrange(5)
    if choice == 0:
        table.delete_item(Key={'p': p, 'c': c})
        return
    item = {'p': p, 'c': c, 'v': n}
    if rng.randrange(3):
        item['g'] = 'g%d' % rng.randrange(4)
    if rng.randrange(3):
        item['h'] = rng.randrange(10)
    if rng.randrange(2):
        item['l'] = 'l%d' % rng.randrange(10)
    if choice == 1:
        sets, removes, values = ['v = :v'], [], {':v': n}
        for name in ('g', 'h', 'l'):
            if name in item:
                sets.append('%s = :%s' % (name, name))
                values[':' + name] = item[name]
            else:
                removes.append(name)
        expr = 'SET ' + ', '.join(sets) + (' REMOVE ' + ', '.join(removes) if removes else '')
        table.update_item(Key={'p': p, 'c': c}, UpdateExpression=expr, ExpressionAttributeValues=values)
    else:
        table.put_item(Item=item)


def expected_entries(items, index_keys, projected):
    entries = []
    for item in items:
        if all(k in item for k in index_keys):
            entries.append(item if projected is None else {k: item[k] for k in projected if k in item})
    return entries


def check_indexes(client, endpoint):
    table = make_resource(endpoint).Table(TABLE)
    items = full_scan(table)
    assert multiset(full_scan(table, IndexName='by_g')) == multiset(expected_entries(items, ['g', 'h'], None))
    assert multiset(full_scan(table, IndexName='by_h')) == \
        multiset(expected_entries(items, ['h'], ['p', 'c', 'h']))
    assert multiset(full_scan(table, IndexName='by_l')) == \
        multiset(expected_entries(items, ['l'], ['p', 'c', 'l', 'v']))
    desc = client.describe_table(TableName=TABLE)['Table']
    counts = {i['IndexName']: i['ItemCount'] for i in desc['GlobalSecondaryIndexes'] + desc['LocalSecondaryIndexes']}
    assert counts == {'by_g': len(expected_entries(items, ['g', 'h'], None)),
                      'by_h': len(expected_entries(items, ['h'], None)),
                      'by_l': len(expected_entries(items, ['l'], None))}
    assert desc['ItemCount'] == len(items)


def test_kill9_under_writes_keeps_indexes_exact(start_server, data_dir):
    server = start_server(data_dir)
    client = make_client(server.endpoint)
    create_indexed_table(client)
    done = []
    stop = threading.Event()

    def writer(seed):
        rng = random.Random(seed)
        table = make_resource(server.endpoint).Table(TABLE)
        n = 0
        while not stop.is_set():
            try:
                random_write(table, rng, n)
            except Exception:
                return  # the server died
            n += 1
            done.append(n)

    threads = [threading.Thread(target=writer, args=(seed,)) for seed in range(3)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30
    while len(done) < 600 and time.monotonic() < deadline:
        time.sleep(0.05)
    server.kill()
    stop.set()
    for t in threads:
        t.join(timeout=60)
    assert len(done) >= 100

    server2 = start_server(data_dir)
    check_indexes(make_client(server2.endpoint), server2.endpoint)
    server2.stop()


def test_backfill_cut_by_kill9_finishes_after_restart(start_server, data_dir):
    server = start_server(data_dir)
    client = make_client(server.endpoint)
    create_table(client, 'durable_backfill', [key('p', 'HASH')], [attr('p')])
    table = make_resource(server.endpoint).Table('durable_backfill')
    with table.batch_writer() as batch:
        for i in range(500):
            batch.put_item(Item={'p': str(i), 'g': 'g%d' % (i % 3)} if i % 4 else {'p': str(i)})
    assert server.stop() == 0
    # A long transient delay keeps the new index CREATING when eddy dies.
    server = start_server(data_dir, '--transient-delay', '30')
    client = make_client(server.endpoint)
    client.update_table(TableName='durable_backfill', AttributeDefinitions=[attr('g')],
                        GlobalSecondaryIndexUpdates=[{'Create': {'IndexName': 'by_g',
                                                                 'KeySchema': [key('g', 'HASH')],
                                                                 'Projection': {'ProjectionType': 'ALL'}}}])
    gsi = client.describe_table(TableName='durable_backfill')['Table']['GlobalSecondaryIndexes'][0]
    assert gsi['IndexStatus'] == 'CREATING' and gsi['Backfilling'] is False
    server.kill()

    server2 = start_server(data_dir)
    client2 = make_client(server2.endpoint)
    gsi = wait_index(client2, 'durable_backfill', 'by_g', 'ACTIVE')['GlobalSecondaryIndexes'][0]
    table2 = make_resource(server2.endpoint).Table('durable_backfill')
    expected = [i for i in full_scan(table2) if 'g' in i]
    assert multiset(full_scan(table2, IndexName='by_g')) == multiset(expected)
    assert gsi['ItemCount'] == len(expected) == 375
    server2.stop()

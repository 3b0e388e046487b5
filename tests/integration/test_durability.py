# Durability: data survives a clean restart, and every acknowledged write
# survives kill -9. These start their own eddy processes on their own data
# directories (via the start_server fixture), so they are skipped when the
# suite runs against an external endpoint (EDDY_ENDPOINT).

import os
import shutil
import tempfile

import pytest

from conftest import kill_during_writes, make_client, make_resource
from helpers import create_table, random_string

pytestmark = pytest.mark.skipif(bool(os.environ.get('EDDY_ENDPOINT')),
                                reason='needs to start and kill its own server')

HASH_P = [{'AttributeName': 'p', 'KeyType': 'HASH'}]
DEF_P = [{'AttributeName': 'p', 'AttributeType': 'S'}]


@pytest.fixture
def data_dir():
    d = tempfile.mkdtemp(prefix='eddy-durability-')
    yield d
    shutil.rmtree(d, ignore_errors=True)


def test_restart_keeps_tables_and_items(start_server, data_dir):
    server = start_server(data_dir)
    client = make_client(server.endpoint)
    create_table(client, 'durable_t1', [{'AttributeName': 'p', 'KeyType': 'HASH'},
                                        {'AttributeName': 'c', 'KeyType': 'RANGE'}],
                 [{'AttributeName': 'p', 'AttributeType': 'S'}, {'AttributeName': 'c', 'AttributeType': 'N'}])
    create_table(client, 'durable_t2', HASH_P, DEF_P, BillingMode='PROVISIONED',
                 ProvisionedThroughput={'ReadCapacityUnits': 3, 'WriteCapacityUnits': 4})
    create_table(client, 'durable_gone', HASH_P, DEF_P)
    t1 = make_resource(server.endpoint).Table('durable_t1')
    items = [{'p': 'part%d' % (i % 3), 'c': i, 'data': random_string(20), 'nested': {'l': [i, str(i)]}}
             for i in range(50)]
    with t1.batch_writer() as batch:
        for item in items:
            batch.put_item(Item=item)
    t1.delete_item(Key={'p': 'part0', 'c': 0})
    t1.update_item(Key={'p': 'part1', 'c': 1}, UpdateExpression='SET #d = :v',
                   ExpressionAttributeNames={'#d': 'data'}, ExpressionAttributeValues={':v': 'new'})
    client.delete_table(TableName='durable_gone')
    desc_before = client.describe_table(TableName='durable_t1')['Table']
    assert server.stop() == 0, 'SIGTERM should be a clean shutdown (exit 0); stderr:\n' + server.stderr()

    server2 = start_server(data_dir)
    client2 = make_client(server2.endpoint)
    tables = client2.list_tables()['TableNames']
    assert 'durable_t1' in tables and 'durable_t2' in tables
    assert 'durable_gone' not in tables
    desc_after = client2.describe_table(TableName='durable_t1')['Table']
    for field in ('TableArn', 'TableId', 'CreationDateTime', 'KeySchema', 'AttributeDefinitions'):
        assert desc_after[field] == desc_before[field], field
    pt = client2.describe_table(TableName='durable_t2')['Table']['ProvisionedThroughput']
    assert (pt['ReadCapacityUnits'], pt['WriteCapacityUnits']) == (3, 4)
    t1b = make_resource(server2.endpoint).Table('durable_t1')
    got = []
    resp = t1b.scan(ConsistentRead=True)
    got.extend(resp['Items'])
    while 'LastEvaluatedKey' in resp:
        resp = t1b.scan(ConsistentRead=True, ExclusiveStartKey=resp['LastEvaluatedKey'])
        got.extend(resp['Items'])
    expected = {(i['p'], i['c']): i for i in items}
    del expected[('part0', 0)]
    expected[('part1', 1)]['data'] = 'new'
    assert len(got) == len(expected)
    for item in got:
        assert item == expected[(item['p'], item['c'])]
    # Query order survives too.
    q = t1b.query(KeyConditionExpression='p = :p', ExpressionAttributeValues={':p': 'part2'}, ConsistentRead=True)
    cs = [i['c'] for i in q['Items']]
    assert cs == sorted(cs) and len(cs) == len([i for i in items if i['p'] == 'part2'])
    server2.stop()


def test_kill_9_keeps_acknowledged_writes(start_server, data_dir):
    server = start_server(data_dir)
    client = make_client(server.endpoint)
    create_table(client, 'crash_t', HASH_P, DEF_P)
    acknowledged = kill_during_writes(server, 'crash_t')
    assert acknowledged, 'no write was acknowledged before the kill'

    server2 = start_server(data_dir)
    client2 = make_client(server2.endpoint)
    keys = [{'p': {'S': k}} for k in acknowledged]
    missing = []
    for start in range(0, len(keys), 100):
        chunk = keys[start:start + 100]
        resp = client2.batch_get_item(RequestItems={'crash_t': {'Keys': chunk, 'ConsistentRead': True}})
        assert resp['UnprocessedKeys'] == {}
        found = {i['p']['S'] for i in resp['Responses']['crash_t']}
        missing.extend(k['p']['S'] for k in chunk if k['p']['S'] not in found)
    assert missing == [], '%d of %d acknowledged writes lost, e.g. %s' % (len(missing), len(acknowledged), missing[:5])
    server2.stop()


def test_restart_after_kill_9_still_writable(start_server, data_dir):
    server = start_server(data_dir)
    client = make_client(server.endpoint)
    create_table(client, 'crash_t2', HASH_P, DEF_P)
    client.put_item(TableName='crash_t2', Item={'p': {'S': 'before'}})
    server.kill()
    server2 = start_server(data_dir)
    client2 = make_client(server2.endpoint)
    assert client2.get_item(TableName='crash_t2', Key={'p': {'S': 'before'}}, ConsistentRead=True)['Item']
    client2.put_item(TableName='crash_t2', Item={'p': {'S': 'after'}})
    # Creating the same table again still fails: the catalog survived.
    with pytest.raises(client2.exceptions.ResourceInUseException):
        client2.create_table(TableName='crash_t2', KeySchema=HASH_P, AttributeDefinitions=DEF_P,
                             BillingMode='PAY_PER_REQUEST')
    server2.stop()


def test_in_memory_mode(start_server):
    # --in-memory: works, but nothing is kept after a restart.
    server = start_server(None, '--in-memory')
    client = make_client(server.endpoint)
    create_table(client, 'mem_t', HASH_P, DEF_P)
    client.put_item(TableName='mem_t', Item={'p': {'S': 'x'}})
    assert client.get_item(TableName='mem_t', Key={'p': {'S': 'x'}})['Item']
    server.stop()
    server2 = start_server(None, '--in-memory')
    assert 'mem_t' not in make_client(server2.endpoint).list_tables()['TableNames']
    server2.stop()

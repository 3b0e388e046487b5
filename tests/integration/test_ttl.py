# Time to Live: UpdateTimeToLive / DescribeTimeToLive, and the sweeper that
# deletes expired items, driven deterministically through eddy's admin API
# (POST /_eddy/clock/advance, POST /_eddy/ttl/sweep; see README.md).
#
# The Update/DescribeTimeToLive tests would pass against real DynamoDB (the
# error messages are DynamoDB's; Alternator's test_ttl.py asserts the same
# ones). The expiry tests need eddy's admin API: real DynamoDB deletes
# expired items "within a few days" and its clock cannot be moved.
#
# DynamoDB's rules ("Time to Live (TTL)", "Formatting your table's TTL
# attribute" in the Developer Guide): the TTL attribute must be a top-level
# Number of Unix epoch seconds; other types never expire; values more than
# five years in the past never expire; expired items stay readable until
# they are actually deleted.

import json
import time
from decimal import Decimal

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import make_client, make_resource
from helpers import (expect_error, new_table, raw_request, random_string,
                     unique_table_name)

HASH_ONLY = ([{'AttributeName': 'p', 'KeyType': 'HASH'}],
             [{'AttributeName': 'p', 'AttributeType': 'S'}])
FIVE_YEARS = 5 * 365 * 24 * 3600


# --- UpdateTimeToLive / DescribeTimeToLive -------------------------------

def enable_ttl(client, table_name, attribute='expiration'):
    spec = {'AttributeName': attribute, 'Enabled': True}
    response = client.update_time_to_live(TableName=table_name, TimeToLiveSpecification=spec)
    assert response['TimeToLiveSpecification'] == spec


def describe_ttl(client, table_name):
    return client.describe_time_to_live(TableName=table_name)['TimeToLiveDescription']


def test_describe_ttl_without_ttl(test_table_s):
    client = test_table_s.meta.client
    assert describe_ttl(client, test_table_s.name) == {'TimeToLiveStatus': 'DISABLED'}


def test_ttl_enable_and_describe(dynamodb, dynamodb_resource):
    with new_table(dynamodb, dynamodb_resource, *HASH_ONLY) as table:
        enable_ttl(dynamodb, table.name)
        # DynamoDB may say ENABLING for a while; eddy is ENABLED at once.
        assert describe_ttl(dynamodb, table.name) in (
            {'TimeToLiveStatus': 'ENABLED', 'AttributeName': 'expiration'},
            {'TimeToLiveStatus': 'ENABLING', 'AttributeName': 'expiration'})
        # Enabling again is an error, with the same attribute or another one.
        with expect_error('ValidationException', '^TimeToLive is already enabled$'):
            dynamodb.update_time_to_live(TableName=table.name,
                                         TimeToLiveSpecification={'AttributeName': 'expiration', 'Enabled': True})
        with expect_error('ValidationException',
                          '^TimeToLive is active on a different AttributeName: current AttributeName is expiration$'):
            dynamodb.update_time_to_live(TableName=table.name,
                                         TimeToLiveSpecification={'AttributeName': 'other', 'Enabled': True})
        assert describe_ttl(dynamodb, table.name)['AttributeName'] == 'expiration'


def test_ttl_disable(dynamodb, dynamodb_resource):
    with new_table(dynamodb, dynamodb_resource, *HASH_ONLY) as table:
        with expect_error('ValidationException', '^TimeToLive is already disabled$'):
            dynamodb.update_time_to_live(TableName=table.name,
                                         TimeToLiveSpecification={'AttributeName': 'expiration', 'Enabled': False})
        enable_ttl(dynamodb, table.name)
        # Disabling must name the current attribute.
        with expect_error('ValidationException',
                          '^TimeToLive is active on a different AttributeName: current AttributeName is expiration$'):
            dynamodb.update_time_to_live(TableName=table.name,
                                         TimeToLiveSpecification={'AttributeName': 'dog', 'Enabled': False})
        # DynamoDB refuses a second change within an hour ("Time to live has
        # been modified multiple times within a fixed interval"); eddy allows it.
        try:
            response = dynamodb.update_time_to_live(
                TableName=table.name, TimeToLiveSpecification={'AttributeName': 'expiration', 'Enabled': False})
        except ClientError as e:
            assert 'multiple times' in e.response['Error']['Message']
            return
        assert response['TimeToLiveSpecification'] == {'AttributeName': 'expiration', 'Enabled': False}
        assert describe_ttl(dynamodb, table.name) == {'TimeToLiveStatus': 'DISABLED'}
        # ...and enabled again, on another attribute.
        enable_ttl(dynamodb, table.name, 'other')
        assert describe_ttl(dynamodb, table.name) == {'TimeToLiveStatus': 'ENABLED', 'AttributeName': 'other'}


def test_ttl_missing_table(dynamodb):
    name = unique_table_name()
    with expect_error('ResourceNotFoundException'):
        dynamodb.update_time_to_live(TableName=name,
                                     TimeToLiveSpecification={'AttributeName': 'expiration', 'Enabled': True})
    with expect_error('ResourceNotFoundException'):
        dynamodb.describe_time_to_live(TableName=name)


def test_update_ttl_validation(dynamodb, test_table_s):
    name = test_table_s.name

    def update(spec):
        dynamodb.update_time_to_live(TableName=name, TimeToLiveSpecification=spec)

    with expect_error('ValidationException',
                      r"^1 validation error detected: Value 'x{256}' at 'timeToLiveSpecification.attributeName' "
                      r"failed to satisfy constraint: Member must have length less than or equal to 255$"):
        update({'AttributeName': 'x' * 256, 'Enabled': True})
    with expect_error('ValidationException', r"at 'timeToLiveSpecification.attributeName'.*length greater than"):
        update({'AttributeName': '', 'Enabled': True})
    with expect_error('ValidationException',
                      r"^1 validation error detected: Value null at 'timeToLiveSpecification.attributeName' "
                      r"failed to satisfy constraint: Member must not be null$"):
        update({'Enabled': True})
    with expect_error('ValidationException', r"Value null at 'timeToLiveSpecification.enabled'"):
        update({'AttributeName': 'hello'})
    with expect_error('ValidationException', r"Value null at 'timeToLiveSpecification'"):
        dynamodb.update_time_to_live(TableName=name)
    # Wrong JSON types are SerializationExceptions on DynamoDB.
    with expect_error('SerializationException'):
        update({'AttributeName': 'hello', 'Enabled': 'dog'})
    with expect_error('SerializationException'):
        update({'AttributeName': 3, 'Enabled': True})
    # None of this changed the setting.
    assert describe_ttl(dynamodb, name) == {'TimeToLiveStatus': 'DISABLED'}


# --- expiry through the admin API (eddy only) ----------------------------

@pytest.fixture(scope='module')
def manual_endpoint(start_server):
    """A dedicated eddy with no background sweeps (--ttl-interval 0), so only
    POST /_eddy/ttl/sweep deletes, and with a clock these tests may move."""
    server = start_server(None, '--in-memory', '--ttl-interval', '0')
    yield server.endpoint
    server.stop()


@pytest.fixture(scope='module')
def manual(manual_endpoint):
    return make_client(manual_endpoint)


@pytest.fixture(scope='module')
def manual_resource(manual_endpoint):
    return make_resource(manual_endpoint)


def admin(endpoint, method, path, body=b''):
    status, _, data = raw_request(endpoint, method=method, path=path, body=body, auth=False)
    return status, json.loads(data)


def server_now(endpoint):
    status, body = admin(endpoint, 'GET', '/_eddy/clock')
    assert status == 200
    return body['now']


def advance(endpoint, seconds):
    status, body = admin(endpoint, 'POST', '/_eddy/clock/advance', {'seconds': seconds})
    assert status == 200, body
    return body['now']


def sweep(endpoint):
    status, body = admin(endpoint, 'POST', '/_eddy/ttl/sweep')
    assert status == 200, body
    return body['deleted']


def item_count(client, table_name):
    return client.describe_table(TableName=table_name)['Table']['ItemCount']


def test_admin_clock(manual_endpoint):
    before = server_now(manual_endpoint)
    assert abs(before - time.time()) < 24 * 3600 * 365 * 100  # epoch seconds
    after = advance(manual_endpoint, 100)
    assert before + 100 <= after <= before + 110
    after_fraction = advance(manual_endpoint, 0.5)
    assert after <= after_fraction <= after + 10
    status, body = admin(manual_endpoint, 'GET', '/_eddy/clock')
    assert status == 200 and body['now'] >= after_fraction and body['now_millis'] // 1000 == body['now']


@pytest.mark.parametrize('body', [b'not json', b'[]', b'{}', b'{"seconds": "10"}', b'{"seconds": -1}',
                                  b'{"seconds": 1e300}'])
def test_admin_clock_advance_rejects_bad_requests(manual_endpoint, body):
    before = server_now(manual_endpoint)
    status, response = admin(manual_endpoint, 'POST', '/_eddy/clock/advance', body)
    assert status == 400
    assert response['message']
    assert server_now(manual_endpoint) - before < 10  # unchanged


def test_admin_wrong_method(manual_endpoint):
    status, _, _ = raw_request(manual_endpoint, method='GET', path='/_eddy/ttl/sweep', auth=False)
    assert status == 405


def test_expired_item_readable_until_swept(manual, manual_resource, manual_endpoint):
    with new_table(manual, manual_resource, *HASH_ONLY) as table:
        enable_ttl(manual, table.name)
        now = server_now(manual_endpoint)
        table.put_item(Item={'p': 'expires', 'expiration': now + 60})
        table.put_item(Item={'p': 'stays'})
        assert sweep(manual_endpoint) == 0
        assert 'Item' in table.get_item(Key={'p': 'expires'})
        advance(manual_endpoint, 61)
        # Expired but not yet deleted: still readable, as on DynamoDB.
        assert 'Item' in table.get_item(Key={'p': 'expires'})
        assert item_count(manual, table.name) == 2
        assert sweep(manual_endpoint) == 1
        assert 'Item' not in table.get_item(Key={'p': 'expires'})
        assert 'Item' in table.get_item(Key={'p': 'stays'})
        assert item_count(manual, table.name) == 1
        assert sweep(manual_endpoint) == 0


def test_what_never_expires(manual, manual_resource, manual_endpoint):
    with new_table(manual, manual_resource, *HASH_ONLY) as table:
        enable_ttl(manual, table.name)
        past = server_now(manual_endpoint) - 60
        kept = {
            'no_attribute': {},
            'string': {'expiration': str(past)},
            'number_set': {'expiration': {past}},
            'list': {'expiration': [past]},
            'nested': {'expiration': {'at': past}},
            'binary': {'expiration': b'123'},
            'five_years_old': {'expiration': past - FIVE_YEARS - 24 * 3600},
            'negative': {'expiration': -past},
            'zero': {'expiration': 0},
            'milliseconds': {'expiration': past * 1000},  # far in the future
            'other_attribute': {'expiration_time': past},
        }
        for p, attrs in kept.items():
            table.put_item(Item={'p': p, **attrs})
        # These do expire: an integer, a fraction, an exponent.
        table.put_item(Item={'p': 'integer', 'expiration': past})
        table.put_item(Item={'p': 'fraction', 'expiration': Decimal(str(past)) + Decimal('0.25')})
        manual.put_item(TableName=table.name,
                        Item={'p': {'S': 'exponent'}, 'expiration': {'N': str(past // 10) + 'e1'}})
        assert sweep(manual_endpoint) == 3
        for p in kept:
            assert 'Item' in table.get_item(Key={'p': p}), p
        for p in ('integer', 'fraction', 'exponent'):
            assert 'Item' not in table.get_item(Key={'p': p}), p


def test_updated_item_is_not_deleted(manual, manual_resource, manual_endpoint):
    with new_table(manual, manual_resource, *HASH_ONLY) as table:
        enable_ttl(manual, table.name)
        now = server_now(manual_endpoint)
        table.put_item(Item={'p': 'k', 'expiration': now - 10})
        # Pushed into the future before the sweep: not expired any more.
        table.update_item(Key={'p': 'k'}, UpdateExpression='SET expiration = :e',
                          ExpressionAttributeValues={':e': now + 3600})
        assert sweep(manual_endpoint) == 0
        assert 'Item' in table.get_item(Key={'p': 'k'})


def test_tables_without_ttl_are_not_swept(manual, manual_resource, manual_endpoint):
    with new_table(manual, manual_resource, *HASH_ONLY) as table:
        past = server_now(manual_endpoint) - 60
        table.put_item(Item={'p': 'k', 'expiration': past})
        assert sweep(manual_endpoint) == 0
        assert 'Item' in table.get_item(Key={'p': 'k'})
        # Disabled after being enabled: not swept either.
        enable_ttl(manual, table.name)
        manual.update_time_to_live(TableName=table.name,
                                   TimeToLiveSpecification={'AttributeName': 'expiration', 'Enabled': False})
        assert sweep(manual_endpoint) == 0
        assert 'Item' in table.get_item(Key={'p': 'k'})
        # Enabled on another attribute: this item's "expiration" does not count.
        enable_ttl(manual, table.name, 'other')
        assert sweep(manual_endpoint) == 0
        assert 'Item' in table.get_item(Key={'p': 'k'})


def test_sweep_with_sort_key_and_key_attribute_as_ttl(manual, manual_resource, manual_endpoint):
    # The TTL attribute may even be a key attribute (Alternator's
    # test_ttl_expiration_range, verified on DynamoDB).
    with new_table(manual, manual_resource,
                   [{'AttributeName': 'p', 'KeyType': 'HASH'}, {'AttributeName': 'c', 'KeyType': 'RANGE'}],
                   [{'AttributeName': 'p', 'AttributeType': 'S'},
                    {'AttributeName': 'c', 'AttributeType': 'N'}]) as table:
        enable_ttl(manual, table.name, 'c')
        now = server_now(manual_endpoint)
        p = random_string()
        table.put_item(Item={'p': p, 'c': now - 60})
        table.put_item(Item={'p': p, 'c': now + 3600})
        assert sweep(manual_endpoint) == 1
        items = table.query(KeyConditionExpression='p = :p', ExpressionAttributeValues={':p': p})['Items']
        assert [i['c'] for i in items] == [now + 3600]


def test_sweep_many_items(manual, manual_resource, manual_endpoint):
    # More than one of the sweeper's scan pages (1000 items).
    with new_table(manual, manual_resource, *HASH_ONLY) as table:
        enable_ttl(manual, table.name)
        past = server_now(manual_endpoint) - 60
        with table.batch_writer() as batch:
            for i in range(2100):
                item = {'p': 'k%d' % i}
                if i % 2 == 0:
                    item['expiration'] = past
                batch.put_item(Item=item)
        assert sweep(manual_endpoint) == 1050
        assert item_count(manual, table.name) == 1050


def test_background_sweeper(start_server):
    # The one test that waits: the sweeper thread (--ttl-interval 0.1) must
    # delete an expired item by itself, within a few seconds.
    server = start_server(None, '--in-memory', '--ttl-interval', '0.1')
    client, resource = make_client(server.endpoint), make_resource(server.endpoint)
    try:
        with new_table(client, resource, *HASH_ONLY) as table:
            enable_ttl(client, table.name)
            table.put_item(Item={'p': 'stays', 'expiration': server_now(server.endpoint) + 3600})
            table.put_item(Item={'p': 'goes', 'expiration': server_now(server.endpoint) - 60})
            deadline = time.monotonic() + 5
            while 'Item' in table.get_item(Key={'p': 'goes'}) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert 'Item' not in table.get_item(Key={'p': 'goes'})
            assert 'Item' in table.get_item(Key={'p': 'stays'})
            # Moving the clock makes the other one expire too.
            advance(server.endpoint, 3601)
            deadline = time.monotonic() + 5
            while 'Item' in table.get_item(Key={'p': 'stays'}) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert 'Item' not in table.get_item(Key={'p': 'stays'})
    finally:
        assert server.stop() == 0, server.stderr()


# The Streams API's Identity shape is {"PrincipalId", "Type"} (botocore's
# dynamodbstreams model; Lambda's event spells it "principalId"/"type").
def test_ttl_delete_stream_record(manual, manual_resource, manual_endpoint):
    # A TTL deletion is a REMOVE stream record by the TTL service
    # ("DynamoDB Streams and Time to Live" in the Developer Guide).
    streams = boto3.client('dynamodbstreams', endpoint_url=manual_endpoint, region_name='us-east-1',
                           aws_access_key_id='x', aws_secret_access_key='x',
                           config=Config(retries={'max_attempts': 0}))
    with new_table(manual, manual_resource, *HASH_ONLY,
                   StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'NEW_AND_OLD_IMAGES'}) as table:
        enable_ttl(manual, table.name)
        now = server_now(manual_endpoint)
        table.put_item(Item={'p': 'k', 'expiration': now - 10})
        table.delete_item(Key={'p': 'other'})  # deletes nothing: no record
        assert sweep(manual_endpoint) == 1
        arn = manual.describe_table(TableName=table.name)['Table']['LatestStreamArn']
        shards = streams.describe_stream(StreamArn=arn)['StreamDescription']['Shards']
        records = []
        for shard in shards:
            it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard['ShardId'],
                                            ShardIteratorType='TRIM_HORIZON')['ShardIterator']
            records += streams.get_records(ShardIterator=it)['Records']
        assert [r['eventName'] for r in records] == ['INSERT', 'REMOVE']
        assert 'userIdentity' not in records[0]
        assert records[1]['dynamodb']['OldImage'] == {'p': {'S': 'k'}, 'expiration': {'N': str(now - 10)}}
        assert 'NewImage' not in records[1]['dynamodb']
        assert records[1]['userIdentity'] == {'Type': 'Service', 'PrincipalId': 'dynamodb.amazonaws.com'}


def test_ttl_delete_removes_index_entries(manual, manual_resource, manual_endpoint):
    # A TTL delete goes through the ordinary delete path: the item's GSI and
    # LSI entries go with it, in the same batch.
    with new_table(manual, manual_resource,
                   [{'AttributeName': 'p', 'KeyType': 'HASH'}, {'AttributeName': 'c', 'KeyType': 'RANGE'}],
                   [{'AttributeName': 'p', 'AttributeType': 'S'}, {'AttributeName': 'c', 'AttributeType': 'S'},
                    {'AttributeName': 'g', 'AttributeType': 'S'}],
                   GlobalSecondaryIndexes=[{'IndexName': 'by_g', 'KeySchema': [{'AttributeName': 'g', 'KeyType': 'HASH'}],
                                            'Projection': {'ProjectionType': 'KEYS_ONLY'}}],
                   LocalSecondaryIndexes=[{'IndexName': 'by_pg', 'KeySchema': [
                       {'AttributeName': 'p', 'KeyType': 'HASH'}, {'AttributeName': 'g', 'KeyType': 'RANGE'}],
                       'Projection': {'ProjectionType': 'ALL'}}]) as table:
        enable_ttl(manual, table.name)
        now = server_now(manual_endpoint)
        table.put_item(Item={'p': 'a', 'c': '1', 'g': 'x', 'expiration': now + 10})
        table.put_item(Item={'p': 'a', 'c': '2', 'g': 'x'})
        advance(manual_endpoint, 11)
        assert sweep(manual_endpoint) == 1
        assert table.scan(IndexName='by_g')['Items'] == [{'p': 'a', 'c': '2', 'g': 'x'}]
        assert [i['c'] for i in table.scan(IndexName='by_pg')['Items']] == ['2']

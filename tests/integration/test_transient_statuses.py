# --transient-delay (and DynamoDB Local's -delayTransientStatuses): tables
# and indexes pass through CREATING, UPDATING and DELETING for a chosen time,
# so code that waits for them (boto3's and the CLI's waiters, IndexStatus
# polls) is tested as against DynamoDB. These start their own eddy.

import os

import pytest

from conftest import make_client
from helpers import expect_error, wait_index

pytestmark = pytest.mark.skipif(bool(os.environ.get('EDDY_ENDPOINT')),
                                reason='needs to start its own server with --transient-delay')

KEYS = [{'AttributeName': 'p', 'KeyType': 'HASH'}]
DEFS = [{'AttributeName': 'p', 'AttributeType': 'S'}, {'AttributeName': 'g', 'AttributeType': 'S'}]
GSI = {'IndexName': 'by_g', 'KeySchema': [{'AttributeName': 'g', 'KeyType': 'HASH'}],
       'Projection': {'ProjectionType': 'ALL'}}


@pytest.fixture(scope='module')
def delayed(start_server):
    server = start_server(None, '--in-memory', '--transient-delay', '0.5')
    yield make_client(server.endpoint)
    server.stop()


def status(client, name):
    return client.describe_table(TableName=name)['Table']['TableStatus']


def test_create_and_delete_table_pass_through_transient_statuses(delayed):
    desc = delayed.create_table(TableName='slow_table', KeySchema=KEYS, AttributeDefinitions=DEFS,
                                BillingMode='PAY_PER_REQUEST', GlobalSecondaryIndexes=[GSI])['TableDescription']
    assert desc['TableStatus'] == 'CREATING'
    assert desc['GlobalSecondaryIndexes'][0]['IndexStatus'] == 'CREATING'
    assert 'Backfilling' not in desc['GlobalSecondaryIndexes'][0]
    assert status(delayed, 'slow_table') == 'CREATING'
    delayed.get_waiter('table_exists').wait(TableName='slow_table', WaiterConfig={'Delay': 1, 'MaxAttempts': 30})
    desc = delayed.describe_table(TableName='slow_table')['Table']
    assert desc['TableStatus'] == 'ACTIVE' and desc['GlobalSecondaryIndexes'][0]['IndexStatus'] == 'ACTIVE'
    delayed.put_item(TableName='slow_table', Item={'p': {'S': '1'}, 'g': {'S': 'x'}})

    assert delayed.delete_table(TableName='slow_table')['TableDescription']['TableStatus'] == 'DELETING'
    assert status(delayed, 'slow_table') == 'DELETING'
    with expect_error('ResourceInUseException'):
        delayed.delete_table(TableName='slow_table')
    with expect_error('ResourceInUseException', 'Table already exists'):
        delayed.create_table(TableName='slow_table', KeySchema=KEYS, AttributeDefinitions=DEFS[:1],
                             BillingMode='PAY_PER_REQUEST')
    delayed.get_waiter('table_not_exists').wait(TableName='slow_table', WaiterConfig={'Delay': 1, 'MaxAttempts': 30})
    with expect_error('ResourceNotFoundException'):
        delayed.describe_table(TableName='slow_table')


def test_index_creation_and_deletion_are_held(delayed):
    delayed.create_table(TableName='slow_index', KeySchema=KEYS, AttributeDefinitions=DEFS[:1],
                         BillingMode='PAY_PER_REQUEST')
    delayed.get_waiter('table_exists').wait(TableName='slow_index', WaiterConfig={'Delay': 1, 'MaxAttempts': 30})
    desc = delayed.update_table(TableName='slow_index', AttributeDefinitions=DEFS[1:],
                                GlobalSecondaryIndexUpdates=[{'Create': GSI}])['TableDescription']
    assert desc['TableStatus'] == 'UPDATING'
    assert (desc['GlobalSecondaryIndexes'][0]['IndexStatus'], desc['GlobalSecondaryIndexes'][0]['Backfilling']) == \
        ('CREATING', False)
    # Meanwhile another index change is refused, as on DynamoDB.
    with expect_error('LimitExceededException'):
        delayed.update_table(TableName='slow_index', GlobalSecondaryIndexUpdates=[{'Delete': {'IndexName': 'by_g'}}])
    wait_index(delayed, 'slow_index', 'by_g', 'ACTIVE')
    desc = delayed.update_table(TableName='slow_index',
                                GlobalSecondaryIndexUpdates=[{'Delete': {'IndexName': 'by_g'}}])['TableDescription']
    assert desc['TableStatus'] == 'UPDATING' and desc['GlobalSecondaryIndexes'][0]['IndexStatus'] == 'DELETING'
    delayed.get_waiter('table_exists').wait(TableName='slow_index', WaiterConfig={'Delay': 1, 'MaxAttempts': 30})
    assert 'GlobalSecondaryIndexes' not in delayed.describe_table(TableName='slow_index')['Table']
    delayed.delete_table(TableName='slow_index')


def test_creating_table_refuses_changes(delayed):
    delayed.create_table(TableName='slow_busy', KeySchema=KEYS, AttributeDefinitions=DEFS[:1],
                         BillingMode='PAY_PER_REQUEST')
    with expect_error('ResourceInUseException', 'Table is being created: slow_busy'):
        delayed.update_table(TableName='slow_busy', AttributeDefinitions=DEFS[1:],
                             GlobalSecondaryIndexUpdates=[{'Create': GSI}])
    with expect_error('ResourceInUseException', 'Table is being created: slow_busy'):
        delayed.delete_table(TableName='slow_busy')
    delayed.get_waiter('table_exists').wait(TableName='slow_busy', WaiterConfig={'Delay': 1, 'MaxAttempts': 30})
    delayed.delete_table(TableName='slow_busy')

# CreateTable's index definitions and UpdateTable's GlobalSecondaryIndexUpdates:
# what DynamoDB accepts, and the errors (type, message, order) it gives for
# the rest.
# References: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html,
# https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html,
# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.OnlineOps.html,
# and the messages dynalite's and alternator's suites record from the live service.


import pytest

from helpers import (create_table, delete_table, expect_error, new_table, random_string, unique_table_name,
                     wait_index)

INVALID = 'One or more parameter values were invalid: '


def attr(name, typ='S'):
    return {'AttributeName': name, 'AttributeType': typ}


def key(name, key_type):
    return {'AttributeName': name, 'KeyType': key_type}


TABLE_KEYS = [key('p', 'HASH'), key('c', 'RANGE')]


def index(name, *keys, projection=None):
    return {'IndexName': name, 'KeySchema': list(keys), 'Projection': {'ProjectionType': 'ALL'} if projection is None else projection}


def create(dynamodb, definitions, key_schema=TABLE_KEYS, **kwargs):
    kwargs.setdefault('BillingMode', 'PAY_PER_REQUEST')
    name = unique_table_name()
    try:
        dynamodb.create_table(TableName=name, KeySchema=key_schema, AttributeDefinitions=definitions, **kwargs)
    finally:
        delete_table(dynamodb, name)


def test_index_key_not_defined(dynamodb):
    with expect_error('ValidationException', '^' + INVALID + r'Some index key attributes are not defined in '
                      r'AttributeDefinitions. Keys: \[x\], AttributeDefinitions: \[p, c\]$'):
        create(dynamodb, [attr('p'), attr('c')], GlobalSecondaryIndexes=[index('gsi', key('x', 'HASH'))])


def test_unused_definition_with_indexes(dynamodb):
    with expect_error('ValidationException', '^' + INVALID + 'Some AttributeDefinitions are not used. '
                      r'AttributeDefinitions: \[p, c, x, y\], keys used: \[p, c, x\]$'):
        create(dynamodb, [attr('p'), attr('c'), attr('x'), attr('y')],
               GlobalSecondaryIndexes=[index('gsi', key('x', 'HASH'))])


def test_empty_index_lists(dynamodb):
    with expect_error('ValidationException', '^' + INVALID + 'List of GlobalSecondaryIndexes is empty$'):
        create(dynamodb, [attr('p'), attr('c')], GlobalSecondaryIndexes=[])
    with expect_error('ValidationException', '^' + INVALID + 'List of LocalSecondaryIndexes is empty$'):
        create(dynamodb, [attr('p'), attr('c')], LocalSecondaryIndexes=[])


def test_lsi_rules(dynamodb):
    defs = [attr('p'), attr('c'), attr('x'), attr('q')]
    with expect_error('ValidationException', '^' + INVALID + 'Table KeySchema does not have a range key, which is '
                      'required when specifying a LocalSecondaryIndex$'):
        create(dynamodb, [attr('p'), attr('x')], key_schema=[key('p', 'HASH')],
               LocalSecondaryIndexes=[index('lsi', key('p', 'HASH'), key('x', 'RANGE'))])
    with expect_error('ValidationException', '^' + INVALID + 'Index KeySchema does not have a range key for index: '
                      'lsi$'):
        create(dynamodb, [attr('p'), attr('c')], LocalSecondaryIndexes=[index('lsi', key('p', 'HASH'))])
    with expect_error('ValidationException', '^' + INVALID + 'Index KeySchema does not have the same leading hash '
                      'key as table KeySchema for index: lsi. index hash key: q, table hash key: p$'):
        create(dynamodb, defs[:2] + [attr('q'), attr('x')],
               LocalSecondaryIndexes=[index('lsi', key('q', 'HASH'), key('x', 'RANGE'))])
    many = [index('lsi%d' % i, key('p', 'HASH'), key('x', 'RANGE')) for i in range(6)]
    with expect_error('ValidationException', '^' + INVALID + 'Number of LocalSecondaryIndexes exceeds per-table '
                      'limit of 5$'):
        create(dynamodb, [attr('p'), attr('c'), attr('x')], LocalSecondaryIndexes=many)


def test_projection_rules(dynamodb):
    defs = [attr('p'), attr('c'), attr('x')]
    with expect_error('ValidationException', '^' + INVALID + 'Unknown ProjectionType: null$'):
        create(dynamodb, defs, GlobalSecondaryIndexes=[index('gsi', key('x', 'HASH'), projection={})])
    with expect_error('ValidationException', '^' + INVALID + 'ProjectionType is ALL, but NonKeyAttributes is '
                                                             'specified$'):
        create(dynamodb, defs, GlobalSecondaryIndexes=[
            index('gsi', key('x', 'HASH'), projection={'ProjectionType': 'ALL', 'NonKeyAttributes': ['a']})])
    with expect_error('ValidationException', '^' + INVALID + 'ProjectionType is INCLUDE, but NonKeyAttributes is '
                                                             'not specified$'):
        create(dynamodb, defs, GlobalSecondaryIndexes=[
            index('gsi', key('x', 'HASH'), projection={'ProjectionType': 'INCLUDE'})])
    with expect_error('ValidationException', "Value 'BAD' at 'globalSecondaryIndexes.1.member.projection."
                                             "projectionType' failed to satisfy constraint: Member must satisfy enum "
                                             r"value set: \[ALL, INCLUDE, KEYS_ONLY\]"):
        create(dynamodb, defs, GlobalSecondaryIndexes=[
            index('gsi', key('x', 'HASH'), projection={'ProjectionType': 'BAD'})])


def test_index_name_constraints(dynamodb):
    defs = [attr('p'), attr('c'), attr('x')]
    with expect_error('ValidationException', "Value 'a;' at 'globalSecondaryIndexes.1.member.indexName' failed to "
                                             'satisfy constraint: Member must satisfy regular expression pattern'):
        create(dynamodb, defs, GlobalSecondaryIndexes=[index('a;', key('x', 'HASH'))])
    with expect_error('ValidationException', '^' + INVALID + 'Duplicate index name: idx$'):
        create(dynamodb, defs, GlobalSecondaryIndexes=[index('idx', key('x', 'HASH'))],
               LocalSecondaryIndexes=[index('idx', key('p', 'HASH'), key('x', 'RANGE'))])


def test_gsi_throughput_rules(dynamodb):
    defs = [attr('p'), attr('c'), attr('x')]
    throughput = {'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1}
    with expect_error('ValidationException', '^' + INVALID + 'ProvisionedThroughput should not be specified for '
                      'index: gsi when BillingMode is PAY_PER_REQUEST$'):
        create(dynamodb, defs, GlobalSecondaryIndexes=[dict(index('gsi', key('x', 'HASH')),
                                                            ProvisionedThroughput=throughput)])
    name = unique_table_name()
    try:
        desc = dynamodb.create_table(TableName=name, KeySchema=TABLE_KEYS, AttributeDefinitions=defs,
                                     ProvisionedThroughput=throughput,
                                     GlobalSecondaryIndexes=[dict(index('gsi', key('x', 'HASH')),
                                                                  ProvisionedThroughput={'ReadCapacityUnits': 3,
                                                                                         'WriteCapacityUnits': 4})])
        gsi = desc['TableDescription']['GlobalSecondaryIndexes'][0]
        assert gsi['ProvisionedThroughput']['ReadCapacityUnits'] == 3
        assert gsi['ProvisionedThroughput']['WriteCapacityUnits'] == 4
    finally:
        delete_table(dynamodb, name)


def test_gsi_may_reuse_table_keys(dynamodb, dynamodb_resource):
    # A GSI keyed like the table (or on the table's sort key) is allowed.
    with new_table(dynamodb, dynamodb_resource, TABLE_KEYS, [attr('p'), attr('c')],
                   GlobalSecondaryIndexes=[index('same', key('p', 'HASH'), key('c', 'RANGE')),
                                           index('flip', key('c', 'HASH'), key('p', 'RANGE'))]) as table:
        table.put_item(Item={'p': 'a', 'c': 'b'})
        assert table.query(IndexName='flip', KeyConditionExpression='c = :c',
                           ExpressionAttributeValues={':c': 'b'})['Items'] == [{'p': 'a', 'c': 'b'}]


def test_update_table_create_backfills_and_delete_drops(dynamodb, dynamodb_resource):
    with new_table(dynamodb, dynamodb_resource, [key('p', 'HASH')], [attr('p')]) as table:
        with table.batch_writer() as batch:
            for i in range(600):
                item = {'p': str(i)}
                if i % 3:
                    item['g'] = 'g%d' % (i % 5)
                if i % 7 == 0:
                    item['g'] = 7  # the wrong type for the new index: left out of it
                batch.put_item(Item=item)
        resp = dynamodb.update_table(TableName=table.name, AttributeDefinitions=[attr('g')],
                                     GlobalSecondaryIndexUpdates=[{'Create': index('g_idx', key('g', 'HASH'))}])
        created = resp['TableDescription']['GlobalSecondaryIndexes'][0]
        assert created['IndexName'] == 'g_idx' and created['IndexStatus'] in ('CREATING', 'ACTIVE')
        desc = wait_index(dynamodb, table.name, 'g_idx', 'ACTIVE')
        assert desc['TableStatus'] == 'ACTIVE'
        assert attr('g') in desc['AttributeDefinitions']
        expected = sum(1 for i in range(600) if i % 3 and i % 7)
        assert table.scan(IndexName='g_idx', Select='COUNT')['Count'] == expected
        assert desc['GlobalSecondaryIndexes'][0]['ItemCount'] == expected
        dynamodb.update_table(TableName=table.name, GlobalSecondaryIndexUpdates=[{'Delete': {'IndexName': 'g_idx'}}])
        desc = wait_index(dynamodb, table.name, 'g_idx', None)
        assert desc['TableStatus'] == 'ACTIVE'
        assert attr('g') not in desc['AttributeDefinitions']
        with expect_error('ValidationException', 'The table does not have the specified index: g_idx'):
            table.scan(IndexName='g_idx')


def test_update_table_index_errors(dynamodb, dynamodb_resource):
    with new_table(dynamodb, dynamodb_resource, TABLE_KEYS, [attr('p'), attr('c'), attr('x')],
                   GlobalSecondaryIndexes=[index('gsi', key('x', 'HASH'))],
                   LocalSecondaryIndexes=[index('lsi', key('p', 'HASH'), key('x', 'RANGE'))]) as table:
        name = table.name
        with expect_error('ResourceNotFoundException', '^Requested resource not found: Index nope for table ' + name):
            dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Delete': {'IndexName': 'nope'}}])
        with expect_error('ValidationException', '^Cannot delete an index that is not a GlobalSecondaryIndex: lsi$'):
            dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Delete': {'IndexName': 'lsi'}}])
        with expect_error('ValidationException', '^Attempting to create an index which already exists$'):
            dynamodb.update_table(TableName=name, AttributeDefinitions=[attr('x')],
                                  GlobalSecondaryIndexUpdates=[{'Create': index('gsi', key('x', 'HASH'))}])
        with expect_error('ValidationException', '^' + INVALID + 'AttributeDefinitions is not specified for index: '
                                                                 'gg2$'):
            dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Create': index('gg2', key('y', 'HASH'))}])
        with expect_error('LimitExceededException', 'Only 1 online index can be created or deleted simultaneously'):
            dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Delete': {'IndexName': 'a1a'}},
                                                                               {'Delete': {'IndexName': 'a2a'}}])
        with expect_error('ValidationException', 'Only one global secondary index action is allowed per '
                                                 'GlobalSecondaryIndexUpdate object'):
            dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[
                {'Delete': {'IndexName': 'gsi'}, 'Update': {'IndexName': 'gsi', 'ProvisionedThroughput': {
                    'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1}}}])
        with expect_error('ValidationException', 'The only Updates for index: gsi when TableThroughputMode is '
                                                 'PAY_PER_REQUEST'):
            dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Update': {
                'IndexName': 'gsi', 'ProvisionedThroughput': {'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1}}}])


def test_update_gsi_throughput(dynamodb):
    name = unique_table_name()
    throughput = {'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1}
    create_table(dynamodb, name, [key('p', 'HASH')], [attr('p'), attr('x')], BillingMode='PROVISIONED',
                 ProvisionedThroughput=throughput,
                 GlobalSecondaryIndexes=[dict(index('gsi', key('x', 'HASH')), ProvisionedThroughput=throughput)])
    try:
        with expect_error('ValidationException', '^The provisioned throughput for the index gsi will not change'):
            dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Update': {
                'IndexName': 'gsi', 'ProvisionedThroughput': throughput}}])
        dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Update': {
            'IndexName': 'gsi', 'ProvisionedThroughput': {'ReadCapacityUnits': 5, 'WriteCapacityUnits': 6}}}])
        gsi = dynamodb.describe_table(TableName=name)['Table']['GlobalSecondaryIndexes'][0]
        assert gsi['ProvisionedThroughput']['ReadCapacityUnits'] == 5
        with expect_error('ValidationException', 'Both ReadCapacityUnits and WriteCapacityUnits must be specified '
                                                 'for index: gg2'):
            dynamodb.update_table(TableName=name, AttributeDefinitions=[attr('y')],
                                  GlobalSecondaryIndexUpdates=[{'Create': index('gg2', key('y', 'HASH'))}])
    finally:
        delete_table(dynamodb, name)


def test_writes_during_backfill_are_indexed_once(dynamodb, dynamodb_resource):
    # Items written, changed and deleted while the new index is backfilled
    # end up in it exactly as a scan of the table says.
    with new_table(dynamodb, dynamodb_resource, [key('p', 'HASH')], [attr('p')]) as table:
        with table.batch_writer() as batch:
            for i in range(3000):
                batch.put_item(Item={'p': '%05d' % i, 'g': 'a'})
        dynamodb.update_table(TableName=table.name, AttributeDefinitions=[attr('g')],
                              GlobalSecondaryIndexUpdates=[{'Create': index('g_idx', key('g', 'HASH'))}])
        for i in range(0, 3000, 7):
            if i % 2:
                table.delete_item(Key={'p': '%05d' % i})
            else:
                table.put_item(Item={'p': '%05d' % i, 'g': 'b'})
        table.put_item(Item={'p': 'new', 'g': 'c'})
        wait_index(dynamodb, table.name, 'g_idx', 'ACTIVE', timeout=60)
        from helpers import full_scan, multiset
        expected = [i for i in full_scan(table) if 'g' in i]
        assert multiset(full_scan(table, IndexName='g_idx')) == multiset(expected)
        gsi = dynamodb.describe_table(TableName=table.name)['Table']['GlobalSecondaryIndexes'][0]
        assert gsi['ItemCount'] == len(expected)

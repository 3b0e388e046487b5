# PartiQL's ExecuteStatement: SELECT as GetItem, Query or Scan (by the full
# key, a partition, a filter, a GSI), INSERT and its duplicate, UPDATE with
# RETURNING, DELETE, parameters, paging with Limit and NextToken, and the
# errors; the AWS CLI's execute-statement.
# References: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html
# (select, insert, update, delete) and
# https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteStatement.html.

import json
import os
import shutil
import subprocess

import pytest

from helpers import expect_error, new_table, raw_request


@pytest.fixture(scope='module')
def music(dynamodb, dynamodb_resource):
    """Music (Artist, SongTitle) with a GSI on AlbumTitle, five songs."""
    with new_table(dynamodb, dynamodb_resource,
                   key_schema=[{'AttributeName': 'Artist', 'KeyType': 'HASH'},
                               {'AttributeName': 'SongTitle', 'KeyType': 'RANGE'}],
                   attribute_definitions=[{'AttributeName': 'Artist', 'AttributeType': 'S'},
                                          {'AttributeName': 'SongTitle', 'AttributeType': 'S'},
                                          {'AttributeName': 'AlbumTitle', 'AttributeType': 'S'}],
                   GlobalSecondaryIndexes=[{
                       'IndexName': 'by-album',
                       'KeySchema': [{'AttributeName': 'AlbumTitle', 'KeyType': 'HASH'}],
                       'Projection': {'ProjectionType': 'ALL'}}]) as table:
        for artist, song, album, year in [('Acme', 'A1', 'First', 2001), ('Acme', 'A2', 'First', 2002),
                                          ('Acme', 'A3', 'Second', 2003), ('Acme', 'B1', 'Second', 2004),
                                          ('Other', 'O1', 'First', 2001)]:
            table.put_item(Item={'Artist': artist, 'SongTitle': song, 'AlbumTitle': album, 'Year': year})
        yield table


def run(dynamodb, statement, **kwargs):
    return dynamodb.execute_statement(Statement=statement, **kwargs)


def titles(response):
    return [item['SongTitle']['S'] for item in response['Items']]


def test_select_by_full_key_is_a_get(dynamodb, music):
    r = run(dynamodb, f'SELECT * FROM "{music.name}" WHERE Artist = \'Acme\' AND SongTitle = \'A2\'',
            ReturnConsumedCapacity='TOTAL')
    assert r['Items'] == [{'Artist': {'S': 'Acme'}, 'SongTitle': {'S': 'A2'}, 'AlbumTitle': {'S': 'First'},
                           'Year': {'N': '2002'}}]
    assert r['ConsumedCapacity']['CapacityUnits'] == 0.5  # one eventually consistent read
    r = run(dynamodb, f'SELECT * FROM "{music.name}" WHERE Artist = \'Acme\' AND SongTitle = \'nope\'')
    assert r['Items'] == []
    assert 'NextToken' not in r


def test_select_a_partition_is_a_query(dynamodb, music):
    r = run(dynamodb, f'SELECT SongTitle FROM "{music.name}" WHERE Artist = \'Acme\'')
    assert r['Items'] == [{'SongTitle': {'S': t}} for t in ['A1', 'A2', 'A3', 'B1']]
    r = run(dynamodb, f'SELECT * FROM "{music.name}" WHERE Artist = \'Acme\' AND begins_with(SongTitle, \'A\') '
                      f'ORDER BY SongTitle DESC')
    assert titles(r) == ['A3', 'A2', 'A1']
    r = run(dynamodb, f'SELECT * FROM "{music.name}" WHERE Artist = \'Acme\' AND SongTitle BETWEEN \'A2\' AND \'B1\' '
                      f'AND "Year" > 2002')
    assert titles(r) == ['A3', 'B1']
    r = run(dynamodb, f'SELECT * FROM "{music.name}" WHERE \'Acme\' = Artist AND SongTitle >= \'B\'')
    assert titles(r) == ['B1']


def test_select_with_a_filter_is_a_scan(dynamodb, music):
    r = run(dynamodb, f'SELECT * FROM "{music.name}" WHERE "Year" = 2001')
    assert sorted(titles(r)) == ['A1', 'O1']
    r = run(dynamodb, f'SELECT * FROM "{music.name}" WHERE "Year" IN [2002, 2004] OR SongTitle = \'O1\'')
    assert sorted(titles(r)) == ['A2', 'B1', 'O1']
    r = run(dynamodb, f'SELECT * FROM "{music.name}" WHERE Lyrics IS MISSING AND AlbumTitle IS NOT MISSING '
                      f'AND "Year" IS NUMERIC AND NOT ("Year" < 2003)')
    assert sorted(titles(r)) == ['A3', 'B1']
    assert len(run(dynamodb, f'SELECT * FROM "{music.name}"')['Items']) == 5


def test_select_from_an_index(dynamodb, music):
    r = run(dynamodb, f'SELECT * FROM "{music.name}"."by-album" WHERE AlbumTitle = \'Second\'')
    assert sorted(titles(r)) == ['A3', 'B1']
    with expect_error('ValidationException', 'does not have the specified index: nope'):
        run(dynamodb, f'SELECT * FROM "{music.name}"."nope"')
    with expect_error('ValidationException', 'Consistent reads are not supported on global secondary indexes'):
        run(dynamodb, f'SELECT * FROM "{music.name}"."by-album"', ConsistentRead=True)


def test_parameters(dynamodb, music):
    r = run(dynamodb, f'SELECT * FROM "{music.name}" WHERE Artist = ? AND "Year" >= ?',
            Parameters=[{'S': 'Acme'}, {'N': '2003'}])
    assert titles(r) == ['A3', 'B1']
    with expect_error('ValidationException', r"^Number of parameters in request and statement don't match\.$"):
        run(dynamodb, f'SELECT * FROM "{music.name}" WHERE Artist = ?', Parameters=[{'S': 'a'}, {'S': 'b'}])
    with expect_error('ValidationException', r"^Number of parameters in request and statement don't match\.$"):
        run(dynamodb, f'SELECT * FROM "{music.name}" WHERE Artist = ?')


def test_paging_with_limit_and_next_token(dynamodb, music):
    seen = []
    kwargs = {}
    pages = 0
    while True:
        r = run(dynamodb, f'SELECT * FROM "{music.name}" WHERE Artist = \'Acme\'', Limit=3, **kwargs)
        seen += titles(r)
        pages += 1
        if 'NextToken' not in r:
            break
        assert r['LastEvaluatedKey']['Artist'] == {'S': 'Acme'}
        kwargs = {'NextToken': r['NextToken']}
    assert seen == ['A1', 'A2', 'A3', 'B1']
    assert pages == 2
    # A scan pages the same way.
    seen = []
    kwargs = {}
    while True:
        r = run(dynamodb, f'SELECT * FROM "{music.name}"', Limit=2, **kwargs)
        seen += titles(r)
        if 'NextToken' not in r:
            break
        kwargs = {'NextToken': r['NextToken']}
    assert sorted(seen) == ['A1', 'A2', 'A3', 'B1', 'O1']
    with expect_error('ValidationException', 'Invalid NextToken'):
        run(dynamodb, f'SELECT * FROM "{music.name}"', NextToken='not a token')


def test_next_token_belongs_to_its_statement(dynamodb, music):
    r = run(dynamodb, f'SELECT * FROM "{music.name}"', Limit=1)
    with expect_error('ValidationException', 'Invalid NextToken'):
        run(dynamodb, f'SELECT * FROM "{music.name}" WHERE Artist = \'Acme\'', NextToken=r['NextToken'])


def test_insert_and_duplicate(dynamodb, music):
    run(dynamodb, f"INSERT INTO \"{music.name}\" VALUE {{'Artist': 'New', 'SongTitle': ?, 'Tags': <<'x', 'y'>>}}",
        Parameters=[{'S': 'N1'}])
    item = music.get_item(Key={'Artist': 'New', 'SongTitle': 'N1'})['Item']
    assert item['Tags'] == {'x', 'y'}
    with expect_error('DuplicateItemException', '^Duplicate primary key exists in table$'):
        run(dynamodb, f"INSERT INTO \"{music.name}\" VALUE {{'Artist': 'New', 'SongTitle': 'N1'}}")
    with expect_error('ValidationException', 'Missing the key SongTitle'):
        run(dynamodb, f"INSERT INTO \"{music.name}\" VALUE {{'Artist': 'New'}}")


def test_update_with_returning(dynamodb, music):
    music.put_item(Item={'Artist': 'Upd', 'SongTitle': 'U1', 'Plays': 1, 'Tags': {'a'}, 'Old': 'x'})
    r = run(dynamodb, f"UPDATE \"{music.name}\" SET Plays = Plays + 1 SET Tags = set_add(Tags, <<'b'>>) "
                      f"REMOVE \"Old\" WHERE Artist = 'Upd' AND SongTitle = 'U1' RETURNING ALL NEW *")
    assert r['Items'] == [{'Artist': {'S': 'Upd'}, 'SongTitle': {'S': 'U1'}, 'Plays': {'N': '2'},
                           'Tags': {'SS': ['a', 'b']}}]
    r = run(dynamodb, f"UPDATE \"{music.name}\" SET Plays = ? WHERE Artist = 'Upd' AND SongTitle = 'U1' "
                      f"AND Plays = 2 RETURNING MODIFIED OLD *", Parameters=[{'N': '10'}])
    assert r['Items'] == [{'Plays': {'N': '2'}}]
    r = run(dynamodb, f"UPDATE \"{music.name}\" SET Tags = set_delete(Tags, <<'a'>>) "
                      f"WHERE Artist = 'Upd' AND SongTitle = 'U1'")
    assert r['Items'] == []
    assert music.get_item(Key={'Artist': 'Upd', 'SongTitle': 'U1'})['Item']['Tags'] == {'b'}
    # A failed WHERE condition, and an UPDATE of a missing item, fail the condition.
    with expect_error('ConditionalCheckFailedException'):
        run(dynamodb, f"UPDATE \"{music.name}\" SET Plays = 0 WHERE Artist = 'Upd' AND SongTitle = 'U1' AND Plays = 99")
    with expect_error('ConditionalCheckFailedException'):
        run(dynamodb, f"UPDATE \"{music.name}\" SET Plays = 0 WHERE Artist = 'Upd' AND SongTitle = 'missing'")
    assert 'Item' not in music.get_item(Key={'Artist': 'Upd', 'SongTitle': 'missing'})
    with expect_error('ValidationException',
                      '^Where clause does not contain a mandatory equality on all key attributes$'):
        run(dynamodb, f"UPDATE \"{music.name}\" SET Plays = 0 WHERE Artist = 'Upd'")


def test_delete(dynamodb, music):
    music.put_item(Item={'Artist': 'Del', 'SongTitle': 'D1', 'Plays': 3})
    with expect_error('ConditionalCheckFailedException'):
        run(dynamodb, f"DELETE FROM \"{music.name}\" WHERE Artist = 'Del' AND SongTitle = 'D1' AND Plays = 4")
    # ReturnValuesOnConditionCheckFailure (raw: older botocores lack the member here).
    status, _, body = raw_request(dynamodb.meta.endpoint_url, 'DynamoDB_20120810.ExecuteStatement', {
        'Statement': f"DELETE FROM \"{music.name}\" WHERE Artist = 'Del' AND SongTitle = 'D1' AND Plays = 4",
        'ReturnValuesOnConditionCheckFailure': 'ALL_OLD'})
    body = json.loads(body)
    assert status == 400 and body['__type'].endswith('#ConditionalCheckFailedException')
    assert body['Item']['Plays'] == {'N': '3'}
    r = run(dynamodb, f"DELETE FROM \"{music.name}\" WHERE Artist = 'Del' AND SongTitle = 'D1' RETURNING ALL OLD *")
    assert r['Items'] == [{'Artist': {'S': 'Del'}, 'SongTitle': {'S': 'D1'}, 'Plays': {'N': '3'}}]
    assert 'Item' not in music.get_item(Key={'Artist': 'Del', 'SongTitle': 'D1'})
    # Deleting a missing item succeeds, as DynamoDB documents.
    assert run(dynamodb, f"DELETE FROM \"{music.name}\" WHERE Artist = 'Del' AND SongTitle = 'D1'")['Items'] == []
    with expect_error('ValidationException', 'mandatory equality on all key attributes'):
        run(dynamodb, f"DELETE FROM \"{music.name}\" WHERE Artist = 'Del'")


def test_errors(dynamodb, music):
    with expect_error('ValidationException', "^Statement wasn't well formed, can't be processed: "):
        run(dynamodb, 'SELECT * FROM')
    with expect_error('ResourceNotFoundException'):
        run(dynamodb, 'SELECT * FROM "no_such_table_here"')
    with expect_error('ValidationException', 'Aliasing is not supported'):
        run(dynamodb, f'SELECT * FROM "{music.name}" AS m')


def test_stream_records_are_the_json_apis(dynamodb, dynamodb_resource):
    """An INSERT is a PutItem: the table's stream gets an INSERT record."""
    with new_table(dynamodb, dynamodb_resource,
                   StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'NEW_IMAGE'}) as table:
        run(dynamodb, f"INSERT INTO \"{table.name}\" VALUE {{'p': 'a', 'c': 'b', 'x': 1}}")
        run(dynamodb, f"UPDATE \"{table.name}\" SET x = 2 WHERE p = 'a' AND c = 'b'")
        run(dynamodb, f"DELETE FROM \"{table.name}\" WHERE p = 'a' AND c = 'b'")
        import boto3
        streams = boto3.client('dynamodbstreams', endpoint_url=dynamodb.meta.endpoint_url,
                               region_name='us-east-1', aws_access_key_id='x', aws_secret_access_key='x')
        arn = dynamodb.describe_table(TableName=table.name)['Table']['LatestStreamArn']
        shard = streams.describe_stream(StreamArn=arn)['StreamDescription']['Shards'][0]['ShardId']
        it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType='TRIM_HORIZON')
        records = streams.get_records(ShardIterator=it['ShardIterator'])['Records']
        assert [r['eventName'] for r in records] == ['INSERT', 'MODIFY', 'REMOVE']


@pytest.mark.skipif(not shutil.which('aws'), reason='the AWS CLI is not installed')
def test_aws_cli_execute_statement(dynamodb, music):
    env = dict(os.environ, AWS_ACCESS_KEY_ID='x', AWS_SECRET_ACCESS_KEY='x', AWS_DEFAULT_REGION='us-east-1',
               AWS_PAGER='')
    out = subprocess.run(['aws', 'dynamodb', 'execute-statement', '--endpoint-url', dynamodb.meta.endpoint_url,
                          '--statement', f'SELECT * FROM "{music.name}" WHERE Artist=\'Acme\''],
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert [i['SongTitle']['S'] for i in json.loads(out.stdout)['Items']] == ['A1', 'A2', 'A3', 'B1']

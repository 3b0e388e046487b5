# Tags and DescribeContinuousBackups: what IaC tools (Terraform, CDK) call
# after creating a table. API_TagResource.html, API_ListTagsOfResource.html.
from helpers import expect_error, unique_table_name


def create(dynamodb, **kwargs):
    name = unique_table_name()
    t = dynamodb.create_table(TableName=name, BillingMode='PAY_PER_REQUEST',
                              KeySchema=[{'AttributeName': 'p', 'KeyType': 'HASH'}],
                              AttributeDefinitions=[{'AttributeName': 'p', 'AttributeType': 'S'}], **kwargs)
    return name, t['TableDescription']['TableArn']


def tags_of(dynamodb, arn):
    return {t['Key']: t['Value'] for t in dynamodb.list_tags_of_resource(ResourceArn=arn)['Tags']}


def test_tags_round_trip(dynamodb):
    name, arn = create(dynamodb, Tags=[{'Key': 'env', 'Value': 'test'}])
    try:
        assert tags_of(dynamodb, arn) == {'env': 'test'}
        dynamodb.tag_resource(ResourceArn=arn, Tags=[{'Key': 'team', 'Value': 'a'}, {'Key': 'env', 'Value': 'dev'}])
        assert tags_of(dynamodb, arn) == {'env': 'dev', 'team': 'a'}
        dynamodb.untag_resource(ResourceArn=arn, TagKeys=['env', 'absent'])
        assert tags_of(dynamodb, arn) == {'team': 'a'}
    finally:
        dynamodb.delete_table(TableName=name)


def test_tags_errors(dynamodb):
    name, arn = create(dynamodb)
    try:
        with expect_error('ValidationException', 'key'):
            dynamodb.tag_resource(ResourceArn=arn, Tags=[{'Key': '', 'Value': 'x'}])
        with expect_error('ValidationException'):
            dynamodb.tag_resource(ResourceArn=arn, Tags=[{'Key': 'k%d' % i, 'Value': 'v'} for i in range(51)])
    finally:
        dynamodb.delete_table(TableName=name)
    with expect_error('ResourceNotFoundException'):
        dynamodb.list_tags_of_resource(ResourceArn=arn)


def test_describe_continuous_backups(dynamodb):
    name, _ = create(dynamodb)
    try:
        d = dynamodb.describe_continuous_backups(TableName=name)['ContinuousBackupsDescription']
        assert d['PointInTimeRecoveryDescription']['PointInTimeRecoveryStatus'] == 'DISABLED'
    finally:
        dynamodb.delete_table(TableName=name)
    with expect_error('TableNotFoundException'):
        dynamodb.describe_continuous_backups(TableName=name)

# Tags and DescribeContinuousBackups: what IaC tools (Terraform, CDK) call
# after creating a table. API_TagResource.html, API_ListTagsOfResource.html.
import pytest

from helpers import expect_error, raw_request, unique_table_name


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


def test_tag_and_untag_answer_an_empty_body(endpoint, dynamodb):
    # DynamoDB sends no JSON at all for these two (the SDKs read it as {}).
    name, arn = create(dynamodb)
    try:
        status, _, body = raw_request(endpoint, 'DynamoDB_20120810.TagResource',
                                      {'ResourceArn': arn, 'Tags': [{'Key': 'k', 'Value': 'v'}]})
        assert (status, body) == (200, b'')
        status, _, body = raw_request(endpoint, 'DynamoDB_20120810.UntagResource', {'ResourceArn': arn, 'TagKeys': ['k']})
        assert (status, body) == (200, b'')
    finally:
        dynamodb.delete_table(TableName=name)


def test_tag_checks_come_before_the_table_lookup(dynamodb):
    # Order: the ARN, then the tags, then whether the table exists.
    missing = 'arn:aws:dynamodb:us-east-1:000000000000:table/' + unique_table_name()
    with expect_error('ValidationException', 'Atleast one Tag needs to be provided as Input.'):
        dynamodb.tag_resource(ResourceArn=missing, Tags=[])
    with expect_error('ValidationException', 'Atleast one Tag Key needs to be provided as Input.'):
        dynamodb.untag_resource(ResourceArn=missing, TagKeys=[])
    short = 'arn:aws:dynamodb:us-east-1:000000000000:table/ab'
    with expect_error('ValidationException', 'Invalid TableArn: Invalid ResourceArn provided as input ' + short):
        dynamodb.tag_resource(ResourceArn=short, Tags=[])
    with expect_error('ResourceNotFoundException'):
        dynamodb.tag_resource(ResourceArn=missing, Tags=[{'Key': 'k', 'Value': 'v'}])


def test_an_index_is_not_taggable(dynamodb):
    name, arn = create(dynamodb)
    try:
        with expect_error('ValidationException', 'Invalid TableArn'):
            dynamodb.list_tags_of_resource(ResourceArn=arn + '/index/by_x')
    finally:
        dynamodb.delete_table(TableName=name)


@pytest.mark.parametrize('key,value', [('hi!', 'dog'), ('dog', 'd%g'), ('"hello"', 'x'), ('ok', '<><')])
def test_tag_characters(dynamodb, key, value):
    # Tags take letters, digits, white space and _ . : / = + - @ (Tagging
    # AWS resources, "Tag naming limits and requirements").
    name, arn = create(dynamodb)
    try:
        with expect_error('ValidationException', 'regular expression pattern'):
            dynamodb.tag_resource(ResourceArn=arn, Tags=[{'Key': key, 'Value': value}])
        dynamodb.tag_resource(ResourceArn=arn, Tags=[{'Key': 'a b_c.d:e/f=g+h-i@j', 'Value': 'Ünïcödé 1'}])
    finally:
        dynamodb.delete_table(TableName=name)

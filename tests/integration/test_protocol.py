# The HTTP/JSON protocol, tested with raw requests (http.client): malformed
# input, unknown operations, missing authentication, response headers
# (x-amz-crc32, x-amzn-RequestId), CORS, keep-alive, and eddy's health
# endpoint.
# References: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html,
# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
# and scylladb test/alternator/test_manual_requests.py, test_cors.py, test_crc.py.

import json
import os
import zlib

import pytest

from helpers import dynamodb_request, error_type, new_connection, random_string, raw_request


def parse(data):
    return json.loads(data.decode('utf-8'))


def test_valid_raw_request(endpoint, test_table_s):
    p = random_string()
    status, body = dynamodb_request(endpoint, 'PutItem', {'TableName': test_table_s.name, 'Item': {'p': {'S': p}}})
    assert status == 200
    # A successful PutItem answers with a JSON object, never an empty body.
    assert body == {}
    status, body = dynamodb_request(endpoint, 'GetItem', {'TableName': test_table_s.name, 'Key': {'p': {'S': p}},
                                                          'ConsistentRead': True})
    assert status == 200 and body == {'Item': {'p': {'S': p}}}


def test_response_content_type(endpoint):
    status, headers, _ = raw_request(endpoint, 'DynamoDB_20120810.ListTables', '{}')
    assert status == 200
    assert headers['content-type'].startswith('application/x-amz-json-1.0')


@pytest.mark.parametrize('body', ['{', '}}}', 'habababa', '{"TableName": ', '"a": "b"', '{,}', '{"a" 1}', '\x00\x01',
                                  '{"TableName": "x",}'])
def test_malformed_json(endpoint, body):
    status, _, data = raw_request(endpoint, 'DynamoDB_20120810.PutItem', body)
    assert status == 400
    assert error_type(parse(data)) == 'SerializationException'


def test_json_wrong_field_type(endpoint):
    # A string where a map is expected is a SerializationException too.
    status, _, data = raw_request(endpoint, 'DynamoDB_20120810.PutItem', '{"TableName": "abc", "Item": "x"}')
    assert status == 400
    assert error_type(parse(data)) == 'SerializationException'


def test_json_top_level_not_object(endpoint):
    status, _, data = raw_request(endpoint, 'DynamoDB_20120810.ListTables', '[]')
    assert status == 400
    assert error_type(parse(data)) in ('SerializationException', 'ValidationException')


def test_deeply_nested_json_does_not_crash(endpoint, test_table):
    depth = 20000
    payload = ('{"TableName": "' + test_table.name + '", "Item": {"p": {"S": "x"}, "c": {"S": "x"}, "a": ' +
               '{"M": {"a": ' * depth + '{"S": "x"}' + '}}' * depth + '}}')
    status, _, data = raw_request(endpoint, 'DynamoDB_20120810.PutItem', payload)
    assert status in (400, 413)
    # The server is still alive.
    status, _, _ = raw_request(endpoint, 'DynamoDB_20120810.ListTables', '{}')
    assert status == 200


def test_too_deeply_nested_item(test_table):
    # Items may nest at most 32 levels.
    nested = {}
    cur = nested
    for _ in range(50):
        cur['a'] = {}
        cur = cur['a']
    from helpers import expect_error
    with expect_error('ValidationException', '(?i)nest'):
        test_table.put_item(Item={'p': 'x', 'c': 'y', 'nested': nested})


def test_unknown_operation(endpoint):
    status, _, data = raw_request(endpoint, 'DynamoDB_20120810.NoSuchOperation', '{}')
    assert status == 400
    assert error_type(parse(data)) == 'UnknownOperationException'


@pytest.mark.parametrize('target', ['NoSuchService_20120810.ListTables', 'DynamoDB_20120810', 'ListTables'])
def test_unknown_target(endpoint, target):
    status, _, data = raw_request(endpoint, target, '{}')
    assert status == 400
    assert error_type(parse(data)) == 'UnknownOperationException'


def test_unserved_dynamodb_operation_says_so(endpoint):
    status, _, data = raw_request(endpoint, 'DynamoDB_20120810.CreateBackup', '{}')
    assert status == 400
    body = parse(data)
    assert error_type(body) == 'UnknownOperationException'
    assert body['message'] == 'eddy does not support the DynamoDB operation CreateBackup yet'


@pytest.mark.parametrize('target', ['AmazonSQS.SendMessage', 'Kinesis_20131202.PutRecord', None])
def test_another_service_gets_an_error_naming_what_eddy_serves(endpoint, target):
    status, _, data = raw_request(endpoint, target, '{}')
    assert status == 400
    body = parse(data)
    assert error_type(body) == 'UnknownOperationException'
    assert 'eddy serves the DynamoDB (DynamoDB_20120810)' in body['message']


@pytest.mark.parametrize('method, path', [('GET', '/2015-02-01/file-systems'), ('POST', '/v1/apis'),
                                          ('PUT', '/my-bucket/key'), ('GET', '/my-bucket'), ('DELETE', '/x')])
def test_rest_apis_eddy_does_not_serve_are_never_a_200(endpoint, method, path):
    status, _, data = raw_request(endpoint, None, '{}' if method != 'GET' else b'', method=method, path=path)
    assert status >= 400
    assert 'eddy serves' in parse(data)['message']


def test_query_protocol_calls_go_to_iam_and_sts(endpoint):
    # A form-encoded POST without X-Amz-Target is the AWS Query protocol
    # (IAM, STS): an unknown Action gets IAM's own error XML.
    status, headers, data = raw_request(endpoint, None, 'Action=NoSuchThing&Version=2010-05-08',
                                        headers={'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8'})
    assert status == 400
    assert headers['content-type'].startswith('text/xml')
    text = data.decode('utf-8')
    assert text.startswith('<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">')
    assert '<Code>InvalidAction</Code>' in text
    assert '<Message>Could not find operation NoSuchThing for version 2010-05-08</Message>' in text


def test_only_the_root_answers_the_health_text(endpoint):
    status, _, data = raw_request(endpoint, method='GET', path='/', auth=False)
    assert status == 200 and data.startswith(b'healthy: dynamodb.')
    status, _, data = raw_request(endpoint, method='GET', path='/healthz', auth=False)
    assert status == 404


def test_missing_authorization(endpoint):
    # "Request is missing Authentication Token"
    status, _, data = raw_request(endpoint, 'DynamoDB_20120810.ListTables', '{}', auth=False)
    assert status == 400
    body = parse(data)
    assert error_type(body) == 'MissingAuthenticationTokenException'
    assert 'missing Authentication Token' in (body.get('message') or body.get('Message'))


def test_error_body_shape(endpoint):
    status, headers, data = raw_request(endpoint, 'DynamoDB_20120810.DescribeTable',
                                        {'TableName': 'no_such_table_' + random_string()})
    assert status == 400
    body = parse(data)
    assert body['__type'] == 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException'
    assert 'Requested resource not found' in (body.get('message') or body.get('Message'))
    assert headers['content-type'].startswith('application/x-amz-json-1.0')


def test_validation_error_type_prefix(endpoint):
    status, _, data = raw_request(endpoint, 'DynamoDB_20120810.ListTables', {'Limit': 0})
    assert status == 400
    assert parse(data)['__type'].endswith('#ValidationException')


@pytest.mark.parametrize('op,payload', [('ListTables', {}), ('DescribeTable', {'TableName': 'no_such_table_xyz'}),
                                        ('PutItem', '{')])
def test_crc32_header(endpoint, op, payload):
    # DynamoDB sends x-amz-crc32 = CRC32 of the body bytes (decimal), on
    # successes and errors alike.
    status, headers, data = raw_request(endpoint, 'DynamoDB_20120810.' + op, payload)
    assert 'x-amz-crc32' in headers
    assert int(headers['x-amz-crc32']) == zlib.crc32(data)


def test_crc32_on_large_response(endpoint, test_table_s):
    p = random_string()
    test_table_s.put_item(Item={'p': p, 'data': 'x' * 100001})
    status, headers, data = raw_request(endpoint, 'DynamoDB_20120810.GetItem',
                                        {'TableName': test_table_s.name, 'Key': {'p': {'S': p}}},
                                        headers={'Accept-Encoding': 'identity'})
    assert status == 200
    assert int(headers['x-amz-crc32']) == zlib.crc32(data)


def test_request_id_header(endpoint):
    ids = set()
    for _ in range(3):
        status, headers, _ = raw_request(endpoint, 'DynamoDB_20120810.ListTables', '{}')
        assert headers.get('x-amzn-requestid')
        ids.add(headers['x-amzn-requestid'])
    # A fresh id per request.
    assert len(ids) == 3
    status, headers, _ = raw_request(endpoint, 'DynamoDB_20120810.NoSuchOperation', '{}')
    assert headers.get('x-amzn-requestid')


def test_boto3_sees_request_id(dynamodb):
    resp = dynamodb.list_tables()
    assert resp['ResponseMetadata']['RequestId']
    assert resp['ResponseMetadata']['HTTPStatusCode'] == 200


def test_cors_preflight(endpoint):
    status, headers, _ = raw_request(endpoint, method='OPTIONS', auth=False, headers={
        'Origin': 'http://example.com', 'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type, x-amz-target, authorization'})
    assert status == 200
    assert headers['access-control-allow-origin'] == '*'
    assert 'access-control-allow-methods' in headers
    allowed = headers.get('access-control-allow-headers', '').lower()
    for h in ('content-type', 'x-amz-target', 'authorization'):
        assert h in allowed
    assert 'access-control-max-age' in headers


def test_cors_on_post(endpoint):
    status, headers, _ = raw_request(endpoint, 'DynamoDB_20120810.ListTables', '{}',
                                     headers={'Origin': 'http://example.com'})
    assert status == 200
    assert headers['access-control-allow-origin'] == '*'
    assert 'access-control-expose-headers' in headers


def test_no_cors_headers_without_origin(endpoint):
    status, headers, _ = raw_request(endpoint, 'DynamoDB_20120810.ListTables', '{}')
    assert 'access-control-allow-origin' not in headers


def test_keep_alive_reuse(endpoint):
    conn = new_connection(endpoint)
    try:
        sockets = set()
        for i in range(5):
            status, headers, data = raw_request(endpoint, 'DynamoDB_20120810.ListTables', '{}', connection=conn)
            assert status == 200
            assert 'TableNames' in parse(data)
            sockets.add(id(conn.sock))
            assert conn.sock is not None  # the server did not close it
        assert len(sockets) == 1
        # An error response does not close the connection either.
        status, _, _ = raw_request(endpoint, 'DynamoDB_20120810.PutItem', '{', connection=conn)
        assert status == 400
        status, _, _ = raw_request(endpoint, 'DynamoDB_20120810.ListTables', '{}', connection=conn)
        assert status == 200
        assert len(sockets | {id(conn.sock)}) == 1
    finally:
        conn.close()


def test_get_root(endpoint):
    # DynamoDB answers GET / with a plain 200 "healthy: dynamodb..." page.
    status, _, _ = raw_request(endpoint, method='GET', auth=False)
    assert status == 200


@pytest.mark.skipif(bool(os.environ.get('EDDY_ENDPOINT')), reason='eddy-specific admin API')
def test_eddy_health(endpoint):
    # eddy's own admin API (not DynamoDB's).
    status, _, _ = raw_request(endpoint, method='GET', path='/_eddy/health', auth=False)
    assert status == 200


def test_large_request_body(endpoint, test_table_s):
    # A 1 MB batch is fine (limit is 16 MB).
    p = random_string()
    items = [{'PutRequest': {'Item': {'p': {'S': p + str(i)}, 'd': {'S': 'x' * 40000}}}} for i in range(25)]
    status, body = dynamodb_request(endpoint, 'BatchWriteItem', {'RequestItems': {test_table_s.name: items}})
    assert status == 200, body
    assert body['UnprocessedItems'] == {}


def test_invalid_utf8_is_rejected(endpoint, test_table_s):
    # DynamoDB's JSON layer refuses a body that is not UTF-8; storing it would
    # echo bytes back that clients cannot decode.
    body = b'{"TableName": "' + test_table_s.name.encode() + b'", "Item": {"p": {"S": "\xff\xfe"}}}'
    status, _, data = raw_request(endpoint, 'DynamoDB_20120810.PutItem', body)
    assert status == 400
    assert error_type(parse(data)) == 'SerializationException'


@pytest.mark.parametrize('payload', [
    # A raw invalid byte in a name, a tag and an expression attribute name.
    b'{"TableName": "t\xff"}',
    b'{"ResourceArn": "arn:aws:dynamodb:us-east-1:000000000000:table/t", "Tags": [{"Key": "k", "Value": "\xc3"}]}',
    b'{"TableName": "t", "Key": {"p": {"S": "x"}}, "ProjectionExpression": "#n", '
    b'"ExpressionAttributeNames": {"#n": "\xed\xa0\x80"}}',
])
def test_invalid_utf8_anywhere_is_refused(endpoint, payload):
    target = 'DynamoDB_20120810.TagResource' if b'Tags' in payload else 'DynamoDB_20120810.GetItem'
    status, _, data = raw_request(endpoint, target, payload)
    assert status == 400
    assert error_type(parse(data)) == 'SerializationException'


def test_an_error_quoting_a_lone_surrogate_is_still_valid_json(endpoint):
    # \udc00 is valid JSON but decodes to no valid UTF-8; DynamoDB's message
    # quotes the table name.
    status, _, data = raw_request(endpoint, 'DynamoDB_20120810.DescribeTable', b'{"TableName": "ab\\udc00"}')
    assert status == 400
    body = json.loads(data.decode('utf-8'))  # strict decoding: raises on invalid bytes
    assert error_type(body) == 'ValidationException'


def test_a_region_that_is_not_a_name_is_not_echoed(endpoint, test_table_s):
    # The SigV4 credential scope names the region, which goes into ARNs; a
    # header may carry any byte, the response must stay UTF-8 JSON.
    auth = ('AWS4-HMAC-SHA256 Credential=x/20240101/us-east-1\xff/dynamodb/aws4_request, '
            'SignedHeaders=host, Signature=0').encode('latin-1')
    status, _, data = raw_request(endpoint, 'DynamoDB_20120810.DescribeTable', {'TableName': test_table_s.name},
                                  headers={'Authorization': auth})
    assert status == 200
    arn = json.loads(data.decode('utf-8'))['Table']['TableArn']
    assert arn.split(':')[3] == 'us-east-1'

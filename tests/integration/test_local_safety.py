# What a web page open in the user's browser can send to eddy, and what eddy
# refuses (server/request_guard.h): admin writes without a JSON content type
# or X-Eddy-Admin (a page's "simple" cross-origin requests), CORS for the
# admin API, and Host names other than eddy's own (DNS rebinding).
import json
import os

import pytest

from helpers import raw_request, random_string

pytestmark = pytest.mark.skipif(bool(os.environ.get('EDDY_ENDPOINT')), reason="eddy's own admin API")


def clock(endpoint):
    status, _, body = raw_request(endpoint, method='GET', path='/_eddy/clock', auth=False)
    assert status == 200
    return json.loads(body)['now_millis']


@pytest.mark.parametrize('content_type', ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded',
                                          'multipart/form-data; boundary=x'])
def test_a_simple_cross_origin_request_cannot_move_the_clock(endpoint, content_type):
    before = clock(endpoint)
    status, headers, body = raw_request(endpoint, path='/_eddy/clock/advance', body='{"seconds": 3600}', auth=False,
                                        headers={'Content-Type': content_type, 'Origin': 'https://evil.example'})
    assert status == 403
    assert 'access-control-allow-origin' not in headers
    assert clock(endpoint) < before + 3600 * 1000


def test_no_preflight_passes_for_the_admin_api(endpoint):
    status, headers, _ = raw_request(endpoint, method='OPTIONS', path='/_eddy/ttl/sweep', auth=False,
                                     headers={'Origin': 'https://evil.example',
                                              'Access-Control-Request-Method': 'POST',
                                              'Access-Control-Request-Headers': 'content-type'})
    assert 'access-control-allow-origin' not in headers
    assert 'access-control-allow-headers' not in headers


def test_a_rebound_host_name_is_refused(endpoint, dynamodb, test_table_s):
    key = random_string()
    item = {'TableName': test_table_s.name, 'Item': {'p': {'S': key}}}
    status, _, body = raw_request(endpoint, 'DynamoDB_20120810.PutItem', item,
                                  headers={'Host': 'evil.example:8000', 'Origin': 'http://evil.example:8000'})
    assert status == 403
    json.loads(body)  # still JSON
    assert 'Item' not in dynamodb.get_item(TableName=test_table_s.name, Key={'p': {'S': key}})
    # eddy's own names still work.
    status, _, _ = raw_request(endpoint, 'DynamoDB_20120810.PutItem', item, headers={'Host': 'localhost:8000'})
    assert status == 200

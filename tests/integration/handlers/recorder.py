# A Lambda handler for test_stream_handlers.py: it records every invocation
# as one JSON line in $RECORD_FILE and misbehaves on request, so that the
# tests can assert what eddy delivered, how often and to which worker.
#
# What it does with a record is chosen by the item's "action" attribute
# (NewImage, else OldImage):
#   raise           raise ValueError (the whole invocation fails)
#   sleep           sleep 3 s (past a 1 s Timeout)
#   crash_once      os._exit(1) the first time (marker file in $MARKER_DIR)
#   fail_item_once  report the record in batchItemFailures the first time
#   fail_until_ok   raise until the file $MARKER_DIR/ok exists
# $SLEEP_MS sleeps that long per record (to make a batch take a while);
# $LOG_INFO sets the root logger to INFO (Lambda's default is WARNING).

import json
import logging
import os
import time

invocations = 0  # module state: survives between invocations of a warm worker

logger = logging.getLogger()
if os.environ.get('LOG_INFO'):
    logger.setLevel(logging.INFO)


def _key(record):
    return record['dynamodb']['Keys']['pk']['S']


def _action(record):
    image = record['dynamodb'].get('NewImage') or record['dynamodb'].get('OldImage') or {}
    return image.get('action', {}).get('S', '')


def _marker(name):
    return os.path.join(os.environ['MARKER_DIR'], name)


def _first_time(name):
    """True (and the marker created) the first time this name is asked for."""
    try:
        fd = os.open(_marker(name), os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def _append(line):
    with open(os.environ['RECORD_FILE'], 'a') as f:
        f.write(json.dumps(line) + '\n')
        f.flush()


def lambda_handler(event, context):
    global invocations
    invocations += 1
    records = event['Records']
    keys = [_key(r) for r in records]
    actions = [_action(r) for r in records]
    failing = 'raise' in actions or ('fail_until_ok' in actions and not os.path.exists(_marker('ok')))
    entry = {
        'invocation': invocations,
        'pid': os.getpid(),
        'request_id': context.aws_request_id,
        'log_stream': context.log_stream_name,
        'phase': os.environ.get('PHASE', ''),
        'keys': keys,
        'ok': not failing,
        'records': records,
    }
    print('handling %s' % ' '.join(keys))
    logger.info('info for %s', ' '.join(keys))
    if 'crash_once' in actions and _first_time('crash-' + keys[actions.index('crash_once')]):
        entry['ok'] = False
        entry['crashed'] = True
        _append(entry)
        os._exit(1)
    if 'sleep' in actions:
        entry['ok'] = False  # it will be killed by the timeout
        _append(entry)
        time.sleep(3)
        return None
    failures = [{'itemIdentifier': r['dynamodb']['SequenceNumber']}
                for r, a in zip(records, actions) if a == 'fail_item_once' and _first_time('item-' + _key(r))]
    entry['failures'] = [f['itemIdentifier'] for f in failures]
    delay = int(os.environ.get('SLEEP_MS', '0'))
    if delay and not failing:
        time.sleep(delay / 1000.0 * len(records))  # the work, done before it is recorded
    _append(entry)
    if failing:
        raise ValueError('boom on %s' % ' '.join(keys))
    return {'batchItemFailures': failures}


def copy_handler(event, context):
    """Copies each INSERT into $COPY_TABLE with boto3 and no endpoint in the
    code: boto3 finds eddy through AWS_ENDPOINT_URL_DYNAMODB."""
    import boto3
    client = boto3.client('dynamodb')
    for record in event['Records']:
        if record['eventName'] == 'INSERT':
            client.put_item(TableName=os.environ['COPY_TABLE'], Item=record['dynamodb']['NewImage'])
    _append({'keys': [_key(r) for r in event['Records']], 'ok': True})

# The function of AWS's "Tutorial: Using AWS Lambda with Amazon DynamoDB
# streams", in Python: it logs each record of the stream event it gets. One
# JSON line per record (its eventID, eventName, the item's keys and, for a
# TTL delete, userIdentity), so that `aws logs filter-log-events
# --filter-pattern '{ $.eventName = "REMOVE" }'` finds it and the tests can
# read it back. It returns how many records it saw and the STAGE variable
# (which the labs change with update-function-configuration).
import json
import os


def lambda_handler(event, context):
    for record in event['Records']:
        print(json.dumps({'eventID': record['eventID'], 'eventName': record['eventName'],
                          'Keys': record['dynamodb']['Keys'],
                          'userIdentity': record.get('userIdentity')}, sort_keys=True))
    return {'processed': len(event['Records']), 'stage': os.environ.get('STAGE', '')}

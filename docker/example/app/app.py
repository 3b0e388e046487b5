"""The example application of docker/docker-compose.yml: a plain boto3
program that sets up the Music table (TTL on Expiration, a NEW_AND_OLD_IMAGES
stream), writes to it, and then reads what the stream handler
(functions/music_handler) logged, through the CloudWatch Logs API.

It waits for the handler with eddy's /_eddy/event-source-mappings/wait and
expires an item with /_eddy/ttl/sweep instead of sleeping. Exits 1 if the
handler's log lacks a change the app made.

  EDDY_ENDPOINT  eddy's URL (default http://eddy:8000, the compose service)
"""
import json
import os
import sys
import time
import urllib.request

import boto3
from botocore.exceptions import ClientError

ENDPOINT = os.environ.get("EDDY_ENDPOINT", "http://eddy:8000").rstrip("/")
REGION = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
TABLE = "Music"
LOG_GROUP = "/aws/lambda/music-handler"


def client(service):
    # Any credentials do for eddy; the compose file sets dummy ones.
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=REGION,
                        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "local"),
                        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "local"))


def eddy_admin(path, body):
    """POST to one of eddy's /_eddy control endpoints (not part of AWS)."""
    request = urllib.request.Request(ENDPOINT + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def set_up_table(dynamodb):
    try:
        dynamodb.create_table(
            TableName=TABLE,
            AttributeDefinitions=[{"AttributeName": "Artist", "AttributeType": "S"},
                                  {"AttributeName": "SongTitle", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "Artist", "KeyType": "HASH"},
                       {"AttributeName": "SongTitle", "KeyType": "RANGE"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        print(f"created table {TABLE}")
    except ClientError as e:
        if e.response["Error"]["Code"] != "ResourceInUseException":
            raise
        print(f"table {TABLE} already exists (data kept in the eddy-data volume)")
    dynamodb.get_waiter("table_exists").wait(TableName=TABLE)
    ttl = dynamodb.describe_time_to_live(TableName=TABLE)["TimeToLiveDescription"]
    if ttl["TimeToLiveStatus"] != "ENABLED":
        dynamodb.update_time_to_live(TableName=TABLE, TimeToLiveSpecification={
            "Enabled": True, "AttributeName": "Expiration"})
        print("TTL enabled on Expiration")


def song(artist, title, **attributes):
    item = {"Artist": {"S": artist}, "SongTitle": {"S": title}}
    for name, value in attributes.items():
        item[name] = {"N": str(value)} if isinstance(value, int) else {"S": value}
    return item


def write_songs(dynamodb):
    songs = (song("No One You Know", "Call Me Today", AlbumTitle="Somewhat Famous", Awards=1),
             song("Acme Band", "Happy Day", AlbumTitle="Songs About Life", Awards=10),
             song("Acme Band", "PartiQL Rocks", AlbumTitle="Another Album Title", Awards=8))
    # A run after a restart finds last run's songs: remove them, so that the
    # puts below are INSERTs every time.
    for item in songs:
        dynamodb.delete_item(TableName=TABLE, Key={"Artist": item["Artist"], "SongTitle": item["SongTitle"]})
    for item in songs:
        dynamodb.put_item(TableName=TABLE, Item=item)
    updated = dynamodb.update_item(
        TableName=TABLE, Key={"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}},
        UpdateExpression="SET AlbumTitle = :title", ExpressionAttributeValues={":title": {"S": "Updated Album"}},
        ReturnValues="ALL_NEW")["Attributes"]
    print(f"updated Happy Day: AlbumTitle = {updated['AlbumTitle']['S']}")
    # Expired a minute ago: the next TTL sweep deletes it, as a TTL delete.
    dynamodb.put_item(TableName=TABLE, Item=song("Acme Band", "Gone Tomorrow", Expiration=int(time.time()) - 60))
    swept = eddy_admin("/_eddy/ttl/sweep", {})["deleted"]
    print(f"TTL sweep deleted {swept} item(s) (0 if eddy's sweeper, every second, got there first)")
    songs = dynamodb.query(TableName=TABLE, KeyConditionExpression="Artist = :a",
                           ExpressionAttributeValues={":a": {"S": "Acme Band"}})["Items"]
    print("Acme Band songs: " + ", ".join(item["SongTitle"]["S"] for item in songs))


def check_handler_log(started_ms):
    caught_up = eddy_admin("/_eddy/event-source-mappings/wait", {"timeoutSeconds": 30})
    print(f"stream handler caught up: {caught_up['caughtUp']}")
    logs = client("logs")
    expected = ['"INSERT Acme Band / PartiQL Rocks"', '"MODIFY Acme Band / Happy Day changed AlbumTitle"',
                '"REMOVE Acme Band / Gone Tomorrow (expired: TTL delete)"']
    missing = []
    for pattern in expected:
        try:
            events = logs.filter_log_events(logGroupName=LOG_GROUP, startTime=started_ms,
                                            filterPattern=pattern)["events"]
        except logs.exceptions.ResourceNotFoundException:  # the handler never ran
            events = []
        if events:
            print(f"handler log: {events[-1]['message'].strip()}")
        else:
            missing.append(pattern)
    if missing:
        print(f"missing from {LOG_GROUP}: {', '.join(missing)}", file=sys.stderr)
        return 1
    return 0


def main():
    started_ms = int(time.time() * 1000)
    dynamodb = client("dynamodb")
    set_up_table(dynamodb)
    write_songs(dynamodb)
    return check_handler_log(started_ms)


if __name__ == "__main__":
    sys.exit(main())

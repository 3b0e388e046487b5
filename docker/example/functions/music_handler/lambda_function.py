# A stream handler written as for AWS Lambda: eddy runs it on every change to
# the Music table (functions.json beside this folder registers it). What it
# prints goes to the log group /aws/lambda/music-handler, which
# `docker compose logs eddy` shows (EDDY_LOG_ECHO=1) and `aws logs` reads.
import json


def describe(record):
    """One line per change: what happened, to which song, and who did it."""
    change = record["dynamodb"]
    keys = change["Keys"]
    song = f'{keys["Artist"]["S"]} / {keys["SongTitle"]["S"]}'
    identity = record.get("userIdentity") or {}
    if identity.get("principalId") == "dynamodb.amazonaws.com":
        return f"{record['eventName']} {song} (expired: TTL delete)"
    if record["eventName"] == "MODIFY":
        old, new = change.get("OldImage", {}), change.get("NewImage", {})
        changed = sorted(name for name in set(old) | set(new) if old.get(name) != new.get(name))
        return f"MODIFY {song} changed {', '.join(changed) or 'nothing'}"
    return f"{record['eventName']} {song}"


def lambda_handler(event, context):
    for record in event["Records"]:
        print(describe(record))
        # The whole record too, as JSON, for `aws logs filter-log-events`
        # with a JSON filter pattern.
        print(json.dumps(record))
    return {"batchItemFailures": []}

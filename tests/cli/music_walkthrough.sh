#!/usr/bin/env bash
# The AWS CLI "Music" walkthrough from the DynamoDB getting-started guide
# (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/getting-started-step-1.html
# .. step-5), run against eddy with every output checked, not just exit codes.
#
# Usage: tests/cli/music_walkthrough.sh
#   EDDY_ENDPOINT  use this running server (e.g. http://127.0.0.1:8000);
#                  otherwise the script starts $EDDY_BIN on port 0 with a
#                  temporary data directory and stops it at the end.
#   EDDY_BIN       default: <repo>/build/release/src/server/eddy
#   MUSIC_TABLE    table name (default Music)
#   AWS_CLI        the aws command (default: aws)
#   MUSIC_FUNCTION with EDDY_ENDPOINT: the name of a function registered on
#                  that server for the table, printing each record as JSON
#                  (as the one below); its log is then checked too. When the
#                  script starts eddy itself, it registers that handler.
# Prints one "ok N - ..." line per step; exits non-zero on the first mismatch.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
AWS=${AWS_CLI:-aws}
PY=${PYTHON:-python3}
TABLE=${MUSIC_TABLE:-Music}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/eddy-cli.XXXXXX")
SERVER_PID=""

cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

source "$SCRIPT_DIR/lib.sh"

start_eddy() {
  local bin=${EDDY_BIN:-$REPO_ROOT/build/release/src/server/eddy}
  [[ -x "$bin" ]] || fail "eddy binary not found: $bin (set EDDY_BIN or EDDY_ENDPOINT)"
  mkdir -p "$WORK/data" "$WORK/handler"
  # A Python handler written as one would for Lambda, on the table's stream.
  cat >"$WORK/handler/lambda_function.py" <<'PY'
import json


def lambda_handler(event, context):
    for record in event["Records"]:
        print(json.dumps(record))
    return {"batchItemFailures": []}
PY
  MUSIC_FUNCTION=music-handler
  cat >"$WORK/functions.json" <<JSON
{"Functions": [{"FunctionName": "$MUSIC_FUNCTION", "Runtime": "python3.12",
  "Handler": "lambda_function.lambda_handler", "CodeDirectory": "handler",
  "EventSourceMappings": [{"TableName": "$TABLE", "StartingPosition": "TRIM_HORIZON",
    "FunctionResponseTypes": ["ReportBatchItemFailures"]}]}]}
JSON
  "$bin" --port 0 --data-dir "$WORK/data" --functions "$WORK/functions.json" \
    >"$WORK/eddy.stdout" 2>"$WORK/eddy.stderr" &
  SERVER_PID=$!
  local i line
  for ((i = 0; i < 300; i++)); do
    line=$(grep -m1 -o 'eddy listening on http://[^ ]*' "$WORK/eddy.stdout" 2>/dev/null || true)
    if [[ -n "$line" ]]; then
      EDDY_ENDPOINT=${line#eddy listening on }
      return
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || fail "eddy exited before listening"
    sleep 0.1
  done
  fail "eddy did not print its listening line within 30s"
}

if [[ -z "${EDDY_ENDPOINT:-}" ]]; then
  start_eddy
fi
echo "# endpoint $EDDY_ENDPOINT, table $TABLE, $($AWS --version 2>&1)"

ddb() { aws_json dynamodb "$@"; }           # aws dynamodb ..., output JSON in $OUT
ddbs() { aws_json dynamodbstreams "$@"; }   # aws dynamodbstreams ...

# 1. CreateTable
ddb create-table --table-name "$TABLE" \
  --attribute-definitions AttributeName=Artist,AttributeType=S AttributeName=SongTitle,AttributeType=S \
  --key-schema AttributeName=Artist,KeyType=HASH AttributeName=SongTitle,KeyType=RANGE \
  --billing-mode PAY_PER_REQUEST
expect "create-table" "d['TableDescription']['TableName']" "$TABLE"
expect "create-table" "[k['AttributeName'] + ':' + k['KeyType'] for k in d['TableDescription']['KeySchema']]" \
  '["Artist:HASH", "SongTitle:RANGE"]'
expect "create-table" "d['TableDescription']['BillingModeSummary']['BillingMode']" "PAY_PER_REQUEST"
ok "create-table $TABLE (Artist HASH S, SongTitle RANGE S, PAY_PER_REQUEST)"

# 2. Wait until ACTIVE
ddb wait table-exists --table-name "$TABLE"
ddb describe-table --table-name "$TABLE"
expect "describe-table" "d['Table']['TableStatus']" "ACTIVE"
expect "describe-table" "d['Table']['TableArn'].split(':')[2:4] + [d['Table']['TableArn'].split('/')[-1]]" \
  "[\"dynamodb\", \"us-east-1\", \"$TABLE\"]"
ok "wait table-exists; describe-table says ACTIVE"

# Streams: a NEW_AND_OLD_IMAGES stream on the table
# (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html#Streams.Enabling)
ddb update-table --table-name "$TABLE" --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES
expect "update-table stream" "d['TableDescription']['StreamSpecification']" \
  '{"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"}'
expect "update-table stream" "d['TableDescription']['LatestStreamArn'].startswith(d['TableDescription']['TableArn'] + '/stream/')" "True"
ok "update-table --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES"

# 3. PutItem: the guide's songs, two artists
put() {
  ddb put-item --table-name "$TABLE" --item "$1" --return-consumed-capacity TOTAL
  expect "put-item" "d['ConsumedCapacity']['CapacityUnits']" "1.0"
}
put '{"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}, "AlbumTitle": {"S": "Songs About Life"}, "Year": {"N": "2012"}, "Expiration": {"N": "1744317600"}}'
put '{"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "PartiQL Rocks"}, "AlbumTitle": {"S": "Another Album Title"}, "Awards": {"N": "10"}}'
put '{"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Still in Love"}, "AlbumTitle": {"S": "Songs About Life"}, "Genre": {"S": "Rock"}}'
put '{"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "Call Me Today"}, "AlbumTitle": {"S": "Somewhat Famous"}, "Awards": {"N": "1"}}'
put '{"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "My Dog Spot"}, "AlbumTitle": {"S": "Hey Now"}, "Tags": {"SS": ["dog", "pop"]}}'
ok "put-item x5 (2 artists)"

# 4. GetItem by full key
KEY='{"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}}'
ddb get-item --table-name "$TABLE" --key "$KEY" --consistent-read
expect "get-item" "d['Item']['AlbumTitle']['S']" "Songs About Life"
expect "get-item" "d['Item']['Year']['N']" "2012"
expect "get-item" "d['Item']['Expiration']['N']" "1744317600"
expect "get-item" "sorted(d['Item'])" '["AlbumTitle", "Artist", "Expiration", "SongTitle", "Year"]'
ok "get-item Acme Band / Happy Day returns all 5 attributes"

ddb get-item --table-name "$TABLE" --key "$KEY" --projection-expression "AlbumTitle, #y" \
  --expression-attribute-names '{"#y": "Year"}'
expect "get-item projection" "sorted(d['Item'])" '["AlbumTitle", "Year"]'
ok "get-item with --projection-expression"

# 5. UpdateItem with ALL_NEW
ddb update-item --table-name "$TABLE" --key "$KEY" \
  --update-expression "SET AlbumTitle = :newval" \
  --expression-attribute-values '{":newval": {"S": "Updated Album Title"}}' \
  --return-values ALL_NEW
expect "update-item" "d['Attributes']['AlbumTitle']['S']" "Updated Album Title"
expect "update-item" "d['Attributes']['Year']['N']" "2012"
expect "update-item" "d['Attributes']['Artist']['S']" "Acme Band"
ok "update-item SET AlbumTitle --return-values ALL_NEW"

ddb get-item --table-name "$TABLE" --key "$KEY" --consistent-read
expect "get-item after update" "d['Item']['AlbumTitle']['S']" "Updated Album Title"
ok "get-item sees the update"

# Conditional update that fails
aws_error ConditionalCheckFailedException dynamodb update-item --table-name "$TABLE" --key "$KEY" \
  --update-expression "SET AlbumTitle = :v" --condition-expression "AlbumTitle = :old" \
  --expression-attribute-values '{":v": {"S": "X"}, ":old": {"S": "Songs About Life"}}'
ok "update-item with a false --condition-expression fails with ConditionalCheckFailedException"

# Streams: the puts and the AlbumTitle update, read back with the AWS CLI
ddbs list-streams --table-name "$TABLE"
expect "list-streams" "len(d['Streams'])" "1"
expect "list-streams" "d['Streams'][0]['TableName']" "$TABLE"
STREAM_ARN=$(jget "d['Streams'][0]['StreamArn']")
ddbs describe-stream --stream-arn "$STREAM_ARN"
expect "describe-stream" "d['StreamDescription']['StreamStatus']" "ENABLED"
expect "describe-stream" "d['StreamDescription']['StreamViewType']" "NEW_AND_OLD_IMAGES"
expect "describe-stream" "d['StreamDescription']['TableName']" "$TABLE"
SHARD_ID=$(jget "d['StreamDescription']['Shards'][0]['ShardId']")
ok "list-streams and describe-stream show the ENABLED NEW_AND_OLD_IMAGES stream"

ddbs get-shard-iterator --stream-arn "$STREAM_ARN" --shard-id "$SHARD_ID" --shard-iterator-type TRIM_HORIZON
ITER=$(jget "d['ShardIterator']")
mkdir -p "$WORK/stream_pages"
for ((page = 0; page < 100; page++)); do
  ddbs get-records --shard-iterator "$ITER"
  printf '%s' "$OUT" >"$WORK/stream_pages/$(printf '%03d' "$page").json"
  [[ $(jget "len(d['Records'])") != 0 ]] || break
  ITER=$(jget "d.get('NextShardIterator') or ''")
  [[ -n "$ITER" ]] || break
done
OUT=$("$PY" -c '
import glob, json, sys
records = []
for page in sorted(glob.glob(sys.argv[1] + "/*.json")):
    records.extend(json.load(open(page))["Records"])
print(json.dumps({"Records": records}))
' "$WORK/stream_pages")
expect "get-records" "sorted(r['dynamodb']['Keys']['SongTitle']['S'] for r in d['Records'] if r['eventName'] == 'INSERT')" \
  '["Call Me Today", "Happy Day", "My Dog Spot", "PartiQL Rocks", "Still in Love"]'
expect "get-records" "[r['eventName'] for r in d['Records'] if r['dynamodb']['Keys']['SongTitle']['S'] == 'Happy Day'][:2]" \
  '["INSERT", "MODIFY"]'
expect "get-records INSERT" "[('OldImage' in r['dynamodb'], r['dynamodb']['NewImage']['AlbumTitle']['S']) for r in d['Records'] if r['eventName'] == 'INSERT' and r['dynamodb']['Keys']['SongTitle']['S'] == 'Happy Day']" \
  '[[false, "Songs About Life"]]'
expect "get-records MODIFY" "[(r['dynamodb']['OldImage']['AlbumTitle']['S'], r['dynamodb']['NewImage']['AlbumTitle']['S'], r['dynamodb']['NewImage']['Year']['N']) for r in d['Records'] if r['eventName'] == 'MODIFY']" \
  '[["Songs About Life", "Updated Album Title", "2012"]]'
expect "get-records" "sorted(set((r['awsRegion'], r['eventSource'], r['dynamodb']['StreamViewType']) for r in d['Records']))" \
  '[["us-east-1", "aws:dynamodb", "NEW_AND_OLD_IMAGES"]]'
SEQS=$(jget "[int(r['dynamodb']['SequenceNumber']) for r in d['Records']]")
expect "get-records" "$SEQS == sorted($SEQS)" "True"
ok "get-records: 5 INSERTs, then the AlbumTitle MODIFY with old and new images (the failed conditional update wrote nothing)"

# 6. Query all songs of one artist (sorted by SongTitle)
ddb query --table-name "$TABLE" --key-condition-expression "Artist = :name" \
  --expression-attribute-values '{":name": {"S": "Acme Band"}}' --consistent-read
expect "query" "d['Count']" "3"
expect "query" "[i['SongTitle']['S'] for i in d['Items']]" '["Happy Day", "PartiQL Rocks", "Still in Love"]'
ok "query Artist = Acme Band: 3 songs in SongTitle order"

ddb query --table-name "$TABLE" --key-condition-expression "Artist = :name AND begins_with(SongTitle, :p)" \
  --expression-attribute-values '{":name": {"S": "No One You Know"}, ":p": {"S": "My"}}' --no-scan-index-forward
expect "query begins_with" "[i['SongTitle']['S'] for i in d['Items']]" '["My Dog Spot"]'
ok "query with begins_with on the sort key"

ddb query --table-name "$TABLE" --key-condition-expression "Artist = :name" \
  --expression-attribute-values '{":name": {"S": "Acme Band"}}' --no-scan-index-forward
expect "query reverse" "[i['SongTitle']['S'] for i in d['Items']]" '["Still in Love", "PartiQL Rocks", "Happy Day"]'
ok "query --no-scan-index-forward returns reverse order"

# 7. Scan
ddb scan --table-name "$TABLE"
expect "scan" "d['Count']" "5"
expect "scan" "sorted(i['SongTitle']['S'] for i in d['Items'])" \
  '["Call Me Today", "Happy Day", "My Dog Spot", "PartiQL Rocks", "Still in Love"]'
ok "scan returns all 5 songs"

ddb scan --table-name "$TABLE" --filter-expression "Awards > :n" --expression-attribute-values '{":n": {"N": "5"}}'
expect "scan filter" "[i['SongTitle']['S'] for i in d['Items']]" '["PartiQL Rocks"]'
ok "scan with --filter-expression"

# A global secondary index on AlbumTitle, as the guide's step 6 adds it
# (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/getting-started-step-6.html),
# then queried by album.
ddb update-table --table-name "$TABLE" \
  --attribute-definitions AttributeName=AlbumTitle,AttributeType=S \
  --global-secondary-index-updates \
  '[{"Create": {"IndexName": "AlbumTitle-index", "KeySchema": [{"AttributeName": "AlbumTitle", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}}]'
expect "update-table GSI" "[(i['IndexName'], i['IndexStatus']) for i in d['TableDescription']['GlobalSecondaryIndexes']]" \
  '[["AlbumTitle-index", "CREATING"]]'
for ((i = 0; i < 300; i++)); do
  ddb describe-table --table-name "$TABLE"
  [[ $(jget "d['Table']['GlobalSecondaryIndexes'][0]['IndexStatus']") == ACTIVE ]] && break
  sleep 0.1
done
expect "describe-table GSI" "[(i['IndexName'], i['IndexStatus'], i['ItemCount'], i['KeySchema']) for i in d['Table']['GlobalSecondaryIndexes']]" \
  '[["AlbumTitle-index", "ACTIVE", 5, [{"AttributeName": "AlbumTitle", "KeyType": "HASH"}]]]'
expect "describe-table GSI" "d['Table']['TableStatus']" "ACTIVE"
ok "update-table --global-secondary-index-updates Create AlbumTitle-index; it becomes ACTIVE with the 5 songs"

ddb query --table-name "$TABLE" --index-name AlbumTitle-index --key-condition-expression "AlbumTitle = :name" \
  --expression-attribute-values '{":name": {"S": "Somewhat Famous"}}'
expect "query GSI" "[(i['Artist']['S'], i['SongTitle']['S'], i['Awards']['N']) for i in d['Items']]" \
  '[["No One You Know", "Call Me Today", "1"]]'
ddb put-item --table-name "$TABLE" --item '{"Artist": {"S": "The Acme Band"}, "SongTitle": {"S": "Look Out, World"}, "AlbumTitle": {"S": "Somewhat Famous"}}'
ddb query --table-name "$TABLE" --index-name AlbumTitle-index --key-condition-expression "AlbumTitle = :name" \
  --expression-attribute-values '{":name": {"S": "Somewhat Famous"}}' --return-consumed-capacity INDEXES
expect "query GSI after put" "sorted(i['SongTitle']['S'] for i in d['Items'])" '["Call Me Today", "Look Out, World"]'
expect "query GSI capacity" "sorted(d['ConsumedCapacity']['GlobalSecondaryIndexes'])" '["AlbumTitle-index"]'
ddb delete-item --table-name "$TABLE" --key '{"Artist": {"S": "The Acme Band"}, "SongTitle": {"S": "Look Out, World"}}'
ok "query --index-name AlbumTitle-index finds songs by album, and sees a new put at once"

aws_error ValidationException dynamodb query --table-name "$TABLE" --index-name AlbumTitle-index --consistent-read \
  --key-condition-expression "AlbumTitle = :name" --expression-attribute-values '{":name": {"S": "Hey Now"}}'
grep -q "Consistent reads are not supported on global secondary indexes" <<<"$OUT" ||
  fail "expected the GSI consistent-read error, got: $OUT"
ok "query --consistent-read on the GSI fails as DynamoDB's does"

# Transactions, as the developer guide's "Amazon DynamoDB Transactions"
# examples run them with the CLI: one song's award moves to another, and a
# new song is added only if it is not there yet, all or nothing.
CALL='{"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "Call Me Today"}}'
ROCKS='{"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "PartiQL Rocks"}}'
cat >"$WORK/transact.json" <<JSON
[
  {"Update": {"TableName": "$TABLE", "Key": $CALL, "UpdateExpression": "SET Awards = Awards - :one",
              "ConditionExpression": "Awards >= :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}},
  {"Update": {"TableName": "$TABLE", "Key": $ROCKS, "UpdateExpression": "SET Awards = Awards + :one",
              "ExpressionAttributeValues": {":one": {"N": "1"}}}}
]
JSON
ddb transact-write-items --transact-items "file://$WORK/transact.json" --return-consumed-capacity TOTAL
# 2 items x 1 WCU, doubled for a transaction, plus 1 WCU for each item's
# entry in AlbumTitle-index (index writes are not doubled).
expect "transact-write-items" "[(c['TableName'] == '$TABLE', c['CapacityUnits']) for c in d['ConsumedCapacity']]" '[[true, 6.0]]'
ddb transact-get-items --transact-items "[{\"Get\": {\"TableName\": \"$TABLE\", \"Key\": $CALL, \"ProjectionExpression\": \"Awards\"}}, {\"Get\": {\"TableName\": \"$TABLE\", \"Key\": $ROCKS, \"ProjectionExpression\": \"Awards\"}}]"
expect "transact-get-items" "[r['Item']['Awards']['N'] for r in d['Responses']]" '["0", "11"]'
ok "transact-write-items moves an award between two songs; transact-get-items reads both"

# The same transfer again: Call Me Today has no award left, so nothing moves.
aws_error TransactionCanceledException dynamodb transact-write-items --transact-items "file://$WORK/transact.json"
grep -q "\[ConditionalCheckFailed, None\]" <<<"$OUT" ||
  fail "expected the reasons [ConditionalCheckFailed, None], got: $OUT"
ddb get-item --table-name "$TABLE" --key "$ROCKS" --projection-expression Awards
expect "get-item after the cancelled transaction" "d['Item']['Awards']['N']" "11"
ok "a transaction whose condition fails is cancelled with its reasons and changes nothing"

# 8. DeleteItem
ddb delete-item --table-name "$TABLE" --key "$KEY" --return-values ALL_OLD
expect "delete-item" "d['Attributes']['AlbumTitle']['S']" "Updated Album Title"
ddb get-item --table-name "$TABLE" --key "$KEY" --consistent-read
expect "get-item after delete" "'Item' in d" "False"
ddb scan --table-name "$TABLE" --select COUNT
expect "scan count" "d['Count']" "4"
ok "delete-item Happy Day (ALL_OLD), 4 songs left"

# TTL on Expiration: an item expires once eddy's clock passes it, the
# sweeper deletes it, and the stream shows a REMOVE by the TTL service.
# (Happy Day's Expiration, 1744317600, is long past: it was deleted above,
# before TTL was enabled, so the sweep below only meets the new song.)
EXPIRES=$(( $(date +%s) + 60 ))
put "{\"Artist\": {\"S\": \"Acme Band\"}, \"SongTitle\": {\"S\": \"Expiring Song\"}, \"Expiration\": {\"N\": \"$EXPIRES\"}}"
ddb update-time-to-live --table-name "$TABLE" --time-to-live-specification Enabled=true,AttributeName=Expiration
expect "update-time-to-live" "d['TimeToLiveSpecification']" '{"Enabled": true, "AttributeName": "Expiration"}'
ddb describe-time-to-live --table-name "$TABLE"
expect "describe-time-to-live" "d['TimeToLiveDescription']['TimeToLiveStatus']" "ENABLED"
expect "describe-time-to-live" "d['TimeToLiveDescription']['AttributeName']" "Expiration"
TTL_KEY='{"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Expiring Song"}}'
ddb get-item --table-name "$TABLE" --key "$TTL_KEY" --consistent-read
expect "get-item before expiry" "d['Item']['Expiration']['N']" "$EXPIRES"
ok "update-time-to-live on Expiration; an item expiring in 60 s is still there"

admin /_eddy/clock/advance '{"seconds": 120}'
admin /_eddy/ttl/sweep
ddb get-item --table-name "$TABLE" --key "$TTL_KEY" --consistent-read
expect "get-item after the sweep" "'Item' in d" "False"
ok "two minutes later (admin clock) the sweeper has deleted it"

ddbs get-shard-iterator --stream-arn "$STREAM_ARN" --shard-id "$SHARD_ID" --shard-iterator-type TRIM_HORIZON
ITER=$(jget "d['ShardIterator']")
ddbs get-records --shard-iterator "$ITER"
expect "TTL REMOVE record" "[(r['userIdentity'], r['dynamodb']['OldImage']['Expiration']['N']) for r in d['Records'] if r['eventName'] == 'REMOVE' and r['dynamodb']['Keys']['SongTitle']['S'] == 'Expiring Song']" \
  "[[{\"PrincipalId\": \"dynamodb.amazonaws.com\", \"Type\": \"Service\"}, \"$EXPIRES\"]]"
expect "user REMOVE record" "[r.get('userIdentity') for r in d['Records'] if r['eventName'] == 'REMOVE' and r['dynamodb']['Keys']['SongTitle']['S'] == 'Happy Day']" \
  "[null]"
ok "get-records: the TTL delete is a REMOVE by dynamodb.amazonaws.com; the user's delete-item has no userIdentity"

# The handler saw every change: wait for delivery (no sleeping), then read
# its log with the CloudWatch Logs API.
if [[ -n "${MUSIC_FUNCTION:-}" ]]; then
  admin /_eddy/event-source-mappings/wait '{"timeoutSeconds": 60}'
  expect "wait for the handler" "d['caughtUp']" "True"
  logs() { aws_json logs "$@"; }
  GROUP="/aws/lambda/$MUSIC_FUNCTION"
  logs filter-log-events --log-group-name "$GROUP"
  # The handler's lines are the records, one JSON object per line.
  RECORDS="[json.loads(e['message']) for e in d['events'] if e['message'].startswith('{')]"
  RECORDS="(lambda json: $RECORDS)(__import__('json'))"
  expect "handler log" "sorted(r['dynamodb']['Keys']['SongTitle']['S'] for r in $RECORDS if r['eventName'] == 'INSERT')" \
    '["Call Me Today", "Expiring Song", "Happy Day", "Look Out, World", "My Dog Spot", "PartiQL Rocks", "Still in Love"]'
  expect "handler log MODIFY" "[(r['dynamodb']['OldImage']['AlbumTitle']['S'], r['dynamodb']['NewImage']['AlbumTitle']['S']) for r in $RECORDS if r['eventName'] == 'MODIFY' and r['dynamodb']['Keys']['SongTitle']['S'] == 'Happy Day']" \
    '[["Songs About Life", "Updated Album Title"]]'
  # The transaction's two records, one after the other.
  expect "handler log transaction" "[(r['dynamodb']['Keys']['SongTitle']['S'], r['dynamodb']['OldImage']['Awards']['N'], r['dynamodb']['NewImage']['Awards']['N']) for r in $RECORDS if r['eventName'] == 'MODIFY' and 'Awards' in r['dynamodb']['NewImage']]" \
    '[["Call Me Today", "1", "0"], ["PartiQL Rocks", "10", "11"]]'
  expect "handler log REMOVE" "[(r['dynamodb']['Keys']['SongTitle']['S'], r.get('userIdentity')) for r in $RECORDS if r['eventName'] == 'REMOVE']" \
    '[["Look Out, World", null], ["Happy Day", null], ["Expiring Song", {"type": "Service", "principalId": "dynamodb.amazonaws.com"}]]'
  expect "handler log" "sorted(set(r['eventSourceARN'] for r in $RECORDS))" "[\"$STREAM_ARN\"]"
  expect "handler log frames" "all(any(e['message'].startswith(p) for e in d['events']) for p in ('START RequestId: ', 'END RequestId: ', 'REPORT RequestId: '))" "True"
  expect "handler log REPORT" "all(__import__('re').fullmatch(r'REPORT RequestId: \S+\tDuration: [0-9.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\t(Init Duration: [0-9.]+ ms\t)?\n', e['message']) for e in d['events'] if e['message'].startswith('REPORT'))" "True"
  ok "the handler logged the INSERTs, the MODIFY, and the REMOVEs (the TTL one by dynamodb.amazonaws.com) inside START/END/REPORT"

  logs filter-log-events --log-group-name "$GROUP" --filter-pattern '{ $.userIdentity.type = "Service" }'
  expect "filter-log-events JSON pattern" "[(r['eventName'], r['dynamodb']['Keys']['SongTitle']['S']) for r in (__import__('json').loads(e['message']) for e in d['events'])]" \
    '[["REMOVE", "Expiring Song"]]'
  logs describe-log-streams --log-group-name "$GROUP"
  expect "describe-log-streams" "all(__import__('re').fullmatch(r'\d{4}/\d{2}/\d{2}/\[[\$]LATEST\][0-9a-f]{32}', s['logStreamName']) for s in d['logStreams']) and len(d['logStreams']) >= 1" "True"
  ok "filter-log-events with a JSON pattern finds just the TTL delete; log streams are named like Lambda's"
fi

# 9. DeleteTable
ddb delete-table --table-name "$TABLE"
expect "delete-table" "d['TableDescription']['TableName']" "$TABLE"
ddb wait table-not-exists --table-name "$TABLE"
ddb list-tables
expect "list-tables" "'$TABLE' in d['TableNames']" "False"
aws_error ResourceNotFoundException dynamodb describe-table --table-name "$TABLE"
ok "delete-table; wait table-not-exists; describe-table -> ResourceNotFoundException"

echo "# all $STEP steps passed"

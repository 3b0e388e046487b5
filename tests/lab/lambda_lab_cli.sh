#!/usr/bin/env bash
# AWS's "Tutorial: Using AWS Lambda with Amazon DynamoDB streams"
# (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb-example.html), run
# word for word with the AWS CLI v2 against eddy (only --endpoint-url added),
# every output checked, not just exit codes:
#
#   1. an execution role for Lambda (iam create-role, attach-role-policy)
#   2. the function, from a zip (lambda create-function, wait function-active)
#   3. a test invoke with a sample stream event (lambda invoke --log-type Tail)
#   4. the Music table with a stream and TTL (dynamodb create-table, ...)
#   5. the event source mapping (lambda create-event-source-mapping)
#   6. put, update, expire (TTL) and delete items, then read the function's
#      log (aws logs tail, aws logs filter-log-events)
#   7. change the function (update-function-configuration), list and get it
#   8. clean up (delete-event-source-mapping, delete-function, delete-table,
#      detach-role-policy, delete-role)
#
# Usage: tests/lab/lambda_lab_cli.sh
#   EDDY_ENDPOINT  eddy's URL (default http://127.0.0.1:8000)
#   AWS_CLI        the AWS CLI v2 (default: aws)
#   LAB_FUNCTION, LAB_ROLE, LAB_TABLE   names (default ProcessDynamoDBRecords,
#                  lambda-dynamodb-role, Music), so that runs can share a server
# eddy-only steps, where AWS needs time instead: POST /_eddy/ttl/sweep (TTL
# deletes at once) and POST /_eddy/event-source-mappings/wait (until the
# function has seen every change), so nothing sleeps.
# Prints one "ok N - ..." line per step; exits non-zero on the first mismatch.
set -euo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
AWS=${AWS_CLI:-aws}
PY=${PYTHON:-python3}
EDDY_ENDPOINT=${EDDY_ENDPOINT:-http://127.0.0.1:8000}
FUNCTION=${LAB_FUNCTION:-ProcessDynamoDBRecords}
ROLE=${LAB_ROLE:-lambda-dynamodb-role}
TABLE=${LAB_TABLE:-Music}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/eddy-lab.XXXXXX")
UUID=""
FINISHED=0
cleanup() {  # after a failure, remove what the lab made (best effort)
  if [[ $FINISHED == 0 ]]; then
    local quiet=(--endpoint-url "$EDDY_ENDPOINT" --region us-east-1)
    [[ -z "$UUID" ]] || "$AWS" lambda delete-event-source-mapping --uuid "$UUID" "${quiet[@]}" >/dev/null 2>&1 || true
    "$AWS" lambda delete-function --function-name "$FUNCTION" "${quiet[@]}" >/dev/null 2>&1 || true
    "$AWS" dynamodb delete-table --table-name "$TABLE" "${quiet[@]}" >/dev/null 2>&1 || true
    "$AWS" iam detach-role-policy --role-name "$ROLE" --policy-arn "$POLICY_ARN" "${quiet[@]}" >/dev/null 2>&1 || true
    "$AWS" iam delete-role --role-name "$ROLE" "${quiet[@]}" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
source "$LAB_DIR/../cli/lib.sh"
POLICY_ARN=arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole
echo "# endpoint $EDDY_ENDPOINT, function $FUNCTION, role $ROLE, table $TABLE, $($AWS --version 2>&1)"

ACCOUNT_ARN='arn:aws:[a-z0-9]+:[a-z0-9-]*:\d{12}:'
account_of() {  # account_of <ARN>: its 12-digit account id
  [[ $1 =~ ^arn:aws:[a-z0-9]+:[a-z0-9-]*:([0-9]{12}): ]] || fail "not an ARN with an account: $1"
  echo "${BASH_REMATCH[1]}"
}

# --- 1. The execution role ---------------------------------------------------
aws_json iam create-role --role-name "$ROLE" --assume-role-policy-document "file://$LAB_DIR/trust-policy.json"
expect "create-role" "d['Role']['RoleName'], d['Role']['Path']" "('$ROLE', '/')"
expect "create-role" "bool(re.fullmatch(r'${ACCOUNT_ARN}role/$ROLE', d['Role']['Arn']))" "True"
expect "create-role" "d['Role']['RoleId'].startswith('AROA')" "True"
expect "create-role" "d['Role']['AssumeRolePolicyDocument'] == json.load(open('$LAB_DIR/trust-policy.json'))" "True"
ROLE_ARN=$(jget "d['Role']['Arn']")
ACCOUNT=$(account_of "$ROLE_ARN")
ok "iam create-role $ROLE trusting lambda.amazonaws.com: $ROLE_ARN"

aws_json iam attach-role-policy --role-name "$ROLE" --policy-arn "$POLICY_ARN"
aws_json iam list-attached-role-policies --role-name "$ROLE"
expect "list-attached-role-policies" "d['AttachedPolicies']" \
  "[{\"PolicyName\": \"AWSLambdaDynamoDBExecutionRole\", \"PolicyArn\": \"$POLICY_ARN\"}]"
aws_json iam get-role --role-name "$ROLE"
expect "get-role" "d['Role']['Arn']" "$ROLE_ARN"
ok "iam attach-role-policy AWSLambdaDynamoDBExecutionRole; get-role, list-attached-role-policies"

# --- 2. The function ---------------------------------------------------------
# `zip function.zip lambda_function.py`, with Python's zipfile.
cp "$LAB_DIR/lambda_function.py" "$WORK/"
(cd "$WORK" && "$PY" -m zipfile -c function.zip lambda_function.py)
ZIP_SHA256=$("$PY" -c 'import base64, hashlib, sys; print(base64.b64encode(hashlib.sha256(open(sys.argv[1], "rb").read()).digest()).decode())' "$WORK/function.zip")
ZIP_SIZE=$(stat -c %s "$WORK/function.zip")

aws_json lambda create-function --function-name "$FUNCTION" \
  --zip-file "fileb://$WORK/function.zip" --handler lambda_function.lambda_handler \
  --runtime python3.12 --role "$ROLE_ARN"
FUNCTION_ARN="arn:aws:lambda:us-east-1:$ACCOUNT:function:$FUNCTION"
expect "create-function" "d['FunctionName'], d['FunctionArn']" "('$FUNCTION', '$FUNCTION_ARN')"
expect "create-function" "d['Runtime'], d['Handler'], d['Role']" "('python3.12', 'lambda_function.lambda_handler', '$ROLE_ARN')"
expect "create-function" "d['CodeSha256'], d['CodeSize']" "('$ZIP_SHA256', $ZIP_SIZE)"
expect "create-function defaults" "d['Version'], d['PackageType'], d['Timeout'], d['MemorySize']" "('\$LATEST', 'Zip', 3, 128)"
expect "create-function" "d['State'] in ('Pending', 'Active')" "True"
ok "lambda create-function $FUNCTION --runtime python3.12 --zip-file fileb://function.zip: $FUNCTION_ARN"

aws_json lambda wait function-active --function-name "$FUNCTION"
aws_json lambda get-function --function-name "$FUNCTION"
expect "get-function" "d['Configuration']['FunctionArn'], d['Configuration']['State'], d['Configuration']['LastUpdateStatus']" \
  "('$FUNCTION_ARN', 'Active', 'Successful')"
expect "get-function" "d['Configuration']['CodeSha256'], d['Code']['RepositoryType']" "('$ZIP_SHA256', 'S3')"
ok "lambda wait function-active; get-function says Active"

# --- 3. Test the function with a sample stream event -----------------------
aws_json lambda invoke --function-name "$FUNCTION" --cli-binary-format raw-in-base64-out \
  --payload "file://$LAB_DIR/input.txt" --log-type Tail "$WORK/outputfile.txt"
expect "invoke" "d['StatusCode'], d['ExecutedVersion'], 'FunctionError' in d" "(200, '\$LATEST', False)"
TAIL_LOG=$(jget "d['LogResult']" | base64 -d)
OUT=$(cat "$WORK/outputfile.txt")
expect "invoke result" "d" '{"processed": 3, "stage": ""}'
OUT=$("$PY" -c 'import json, sys; print(json.dumps(sys.stdin.read().splitlines()))' <<<"$TAIL_LOG")
expect "invoke LogResult" "[l.split(' ', 1)[0] for l in d if l.startswith(('START', 'END', 'REPORT'))]" '["START", "END", "REPORT"]'
expect "invoke LogResult" "[json.loads(l)['eventName'] for l in d if l.startswith('{')]" '["INSERT", "MODIFY", "REMOVE"]'
ok "lambda invoke --payload file://input.txt --log-type Tail: 3 records logged between START and REPORT"

# --- 4. The table, with a stream and TTL -----------------------------------
aws_json dynamodb create-table --table-name "$TABLE" \
  --attribute-definitions AttributeName=Artist,AttributeType=S AttributeName=SongTitle,AttributeType=S \
  --key-schema AttributeName=Artist,KeyType=HASH AttributeName=SongTitle,KeyType=RANGE \
  --billing-mode PAY_PER_REQUEST \
  --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES
expect "create-table" "d['TableDescription']['StreamSpecification']" '{"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"}'
aws_json dynamodb wait table-exists --table-name "$TABLE"
aws_json dynamodb update-time-to-live --table-name "$TABLE" --time-to-live-specification Enabled=true,AttributeName=Expiration
expect "update-time-to-live" "d['TimeToLiveSpecification']" '{"Enabled": true, "AttributeName": "Expiration"}'
aws_json dynamodb describe-table --table-name "$TABLE" --query Table.LatestStreamArn
STREAM_ARN=$(jget "d")
expect "describe-table --query Table.LatestStreamArn" \
  "bool(re.fullmatch(r'arn:aws:dynamodb:us-east-1:$ACCOUNT:table/$TABLE/stream/\S+', d))" "True"
ok "dynamodb create-table $TABLE with a NEW_AND_OLD_IMAGES stream, TTL on Expiration: $STREAM_ARN"

# --- 5. The event source mapping ---------------------------------------------
aws_json lambda create-event-source-mapping --function-name "$FUNCTION" \
  --batch-size 100 --starting-position LATEST --event-source-arn "$STREAM_ARN"
expect "create-event-source-mapping" "bool(re.fullmatch(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', d['UUID']))" "True"
expect "create-event-source-mapping" "d['EventSourceArn'], d['FunctionArn'], d['BatchSize'], d['StartingPosition']" \
  "('$STREAM_ARN', '$FUNCTION_ARN', 100, 'LATEST')"
expect "create-event-source-mapping" "d['State'] in ('Creating', 'Enabled')" "True"
UUID=$(jget "d['UUID']")
# As on AWS, records are read from LATEST once the mapping is Enabled: wait for it.
for ((i = 0; i < 300; i++)); do
  aws_json lambda get-event-source-mapping --uuid "$UUID"
  [[ $(jget "d['State']") == Enabled ]] && break
  sleep 0.1
done
expect "get-event-source-mapping" "d['UUID'], d['State']" "('$UUID', 'Enabled')"
aws_json lambda list-event-source-mappings --function-name "$FUNCTION" --event-source-arn "$STREAM_ARN"
expect "list-event-source-mappings" "[(m['UUID'], m['State'], m['FunctionArn']) for m in d['EventSourceMappings']]" \
  "[[\"$UUID\", \"Enabled\", \"$FUNCTION_ARN\"]]"
ok "lambda create-event-source-mapping --batch-size 100 --starting-position LATEST: $UUID, Enabled"

# --- 6. Test the setup -------------------------------------------------------
CALL='{"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "Call Me Today"}}'
aws_json dynamodb put-item --table-name "$TABLE" \
  --item '{"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "Call Me Today"}, "AlbumTitle": {"S": "Somewhat Famous"}}'
aws_json dynamodb update-item --table-name "$TABLE" --key "$CALL" \
  --update-expression "SET AlbumTitle = :a" --expression-attribute-values '{":a": {"S": "Updated Album Title"}}'
# Expired an hour ago: the next TTL sweep deletes it as dynamodb.amazonaws.com.
EXPIRED=$(( $(date +%s) - 3600 ))
aws_json dynamodb put-item --table-name "$TABLE" \
  --item "{\"Artist\": {\"S\": \"Acme Band\"}, \"SongTitle\": {\"S\": \"Happy Day\"}, \"Expiration\": {\"N\": \"$EXPIRED\"}}"
admin /_eddy/ttl/sweep
aws_json dynamodb get-item --table-name "$TABLE" --consistent-read \
  --key '{"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}}'
expect "get-item after the TTL sweep" "'Item' in d" "False"
aws_json dynamodb delete-item --table-name "$TABLE" --key "$CALL"
admin /_eddy/event-source-mappings/wait '{"timeoutSeconds": 60}'
expect "the function caught up" "d['caughtUp']" "True"
ok "put-item, update-item, an expired item swept by TTL, delete-item; the mapping caught up"

# The records the function logged, in log order: (Artist, SongTitle,
# eventName, userIdentity) for this table's songs (not input.txt's sample),
# by song.
SONGS="sorted([(r['Keys']['Artist']['S'], r['Keys']['SongTitle']['S'], r['eventName'], r['userIdentity']) for r in map(json.loads, (m for m in d if m.startswith('{'))) if r['Keys']['Artist']['S'] != 'Sample Artist'], key=lambda r: r[:2])"
EXPECTED_SONGS='[["Acme Band", "Happy Day", "INSERT", null], ["Acme Band", "Happy Day", "REMOVE", {"principalId": "dynamodb.amazonaws.com", "type": "Service"}], ["No One You Know", "Call Me Today", "INSERT", null], ["No One You Know", "Call Me Today", "MODIFY", null], ["No One You Know", "Call Me Today", "REMOVE", null]]'
GROUP="/aws/lambda/$FUNCTION"

# aws logs tail (default --format detailed: "<timestamp> <log stream> <message>").
TAIL=$("$AWS" logs tail "$GROUP" --since 5m --endpoint-url "$EDDY_ENDPOINT" --region us-east-1 2>"$WORK/aws.stderr") ||
  fail "aws logs tail failed: $(cat "$WORK/aws.stderr")"
OUT=$("$PY" -c 'import json, sys; print(json.dumps([l.split(" ", 2) for l in sys.stdin.read().splitlines()]))' <<<"$TAIL")
expect "logs tail" "all(len(l) == 3 and re.fullmatch(r'\d{4}/\d{2}/\d{2}/\[\\\$LATEST\][0-9a-f]{32}', l[1]) for l in d)" "True"
OUT=$(jget "[l[2] for l in d]")
expect "logs tail" "$SONGS" "$EXPECTED_SONGS"
expect "logs tail" "all(any(m.startswith(p) for m in d) for p in ('START RequestId: ', 'END RequestId: ', 'REPORT RequestId: '))" "True"
ok "aws logs tail $GROUP --since 5m shows every INSERT, MODIFY and REMOVE (the TTL one by dynamodb.amazonaws.com)"

aws_json logs filter-log-events --log-group-name "$GROUP"
OUT=$(jget "[e['message'] for e in d['events']]")
expect "filter-log-events" "$SONGS" "$EXPECTED_SONGS"
aws_json logs filter-log-events --log-group-name "$GROUP" --filter-pattern '{ $.userIdentity.type = "Service" }'
expect "filter-log-events TTL deletes" "[json.loads(e['message'])['Keys']['SongTitle']['S'] for e in d['events']]" '["Happy Day"]'
ok "aws logs filter-log-events shows them too; a JSON filter pattern finds the TTL delete"

# --- 7. Change, list and get the function ------------------------------------
aws_json lambda update-function-configuration --function-name "$FUNCTION" --timeout 10 \
  --environment 'Variables={STAGE=lab}'
expect "update-function-configuration" "d['Timeout'], d['Environment']['Variables']" "(10, {'STAGE': 'lab'})"
expect "update-function-configuration" "d['LastUpdateStatus'] in ('InProgress', 'Successful')" "True"
aws_json lambda wait function-updated --function-name "$FUNCTION"
aws_json lambda get-function-configuration --function-name "$FUNCTION"
expect "get-function-configuration" "d['Timeout'], d['LastUpdateStatus'], d['State']" "(10, 'Successful', 'Active')"
aws_json lambda invoke --function-name "$FUNCTION" --cli-binary-format raw-in-base64-out \
  --payload '{"Records": []}' "$WORK/outputfile.txt"
expect "invoke after the update" "d['StatusCode']" "200"
OUT=$(cat "$WORK/outputfile.txt")
expect "invoke after the update" "d" '{"processed": 0, "stage": "lab"}'
ok "lambda update-function-configuration --timeout 10 --environment; wait function-updated; the next invoke sees STAGE=lab"

aws_json lambda list-functions
expect "list-functions" "[(f['FunctionArn'], f['Runtime'], f['Timeout']) for f in d['Functions'] if f['FunctionName'] == '$FUNCTION']" \
  "[[\"$FUNCTION_ARN\", \"python3.12\", 10]]"
ok "lambda list-functions lists $FUNCTION"

# --- 8. Clean up -------------------------------------------------------------
aws_json lambda delete-event-source-mapping --uuid "$UUID"
expect "delete-event-source-mapping" "d['UUID'], d['State']" "('$UUID', 'Deleting')"
for ((i = 0; i < 300; i++)); do
  aws_json lambda list-event-source-mappings --function-name "$FUNCTION"
  [[ $(jget "len(d['EventSourceMappings'])") == 0 ]] && break
  sleep 0.1
done
expect "list-event-source-mappings after delete" "d['EventSourceMappings']" "[]"
aws_error ResourceNotFoundException lambda get-event-source-mapping --uuid "$UUID"
ok "lambda delete-event-source-mapping: Deleting, then gone"

aws_json lambda delete-function --function-name "$FUNCTION"
[[ -z "$OUT" ]] || fail "delete-function printed: $OUT"
aws_error ResourceNotFoundException lambda get-function --function-name "$FUNCTION"
grep -qF "Function not found: $FUNCTION_ARN" <<<"$OUT" || fail "get-function after delete: $OUT"
ok "lambda delete-function; get-function -> ResourceNotFoundException"

aws_json dynamodb delete-table --table-name "$TABLE"
aws_json dynamodb wait table-not-exists --table-name "$TABLE"
aws_error DeleteConflict iam delete-role --role-name "$ROLE"
aws_json iam detach-role-policy --role-name "$ROLE" --policy-arn "$POLICY_ARN"
aws_json iam delete-role --role-name "$ROLE"
aws_error NoSuchEntity iam get-role --role-name "$ROLE"
ok "dynamodb delete-table; iam delete-role (DeleteConflict until the policy is detached)"

FINISHED=1
echo "# all $STEP steps passed"

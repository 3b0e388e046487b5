# Shared by the AWS CLI scripts (tests/cli/music_walkthrough.sh,
# tests/lab/lambda_lab_cli.sh); sourced, not run. The caller sets:
#   WORK           a scratch directory (removed by the caller)
#   AWS            the aws command
#   PY             a python3 (JSON checks without jq)
#   EDDY_ENDPOINT  the server's URL, once known
# Every helper fails the script (exit 1) with a message on a mismatch.

# Dummy credentials; never read the user's AWS configuration.
export AWS_ACCESS_KEY_ID=dummy AWS_SECRET_ACCESS_KEY=dummy
unset AWS_SESSION_TOKEN AWS_PROFILE
export AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE="$WORK/no-config" AWS_SHARED_CREDENTIALS_FILE="$WORK/no-credentials"

fail() {
  echo "FAIL: $*" >&2
  if [[ -f "$WORK/eddy.stderr" ]]; then
    echo "--- eddy stderr (tail) ---" >&2
    tail -n 30 "$WORK/eddy.stderr" >&2 || true
  fi
  exit 1
}

STEP=0
ok() {
  STEP=$((STEP + 1))
  echo "ok $STEP - $*"
}

# aws_json <service> <subcommand> [args...]: runs `aws <service> ...` against
# eddy; its JSON output in $OUT.
aws_json() {
  local service=$1
  shift
  if ! OUT=$("$AWS" "$service" "$@" --endpoint-url "$EDDY_ENDPOINT" --region us-east-1 --output json \
      2>"$WORK/aws.stderr"); then
    fail "aws $service $1 failed: $(cat "$WORK/aws.stderr")"
  fi
}

# aws_error <error code> <service> <subcommand> [args...]: the command must
# fail with that error (the CLI names it on stderr); stderr in $OUT.
aws_error() {
  local code=$1 service=$2
  shift 2
  if "$AWS" "$service" "$@" --endpoint-url "$EDDY_ENDPOINT" --region us-east-1 --output json \
      >"$WORK/out" 2>"$WORK/aws.stderr"; then
    fail "aws $service $1 should have failed with $code; output: $(cat "$WORK/out")"
  fi
  OUT=$(cat "$WORK/aws.stderr")
  grep -q "($code)" <<<"$OUT" || fail "aws $service $1: expected $code, got: $OUT"
}

# jget '<python expression over d>': evaluates it against the JSON in $OUT
# (lists and objects printed as JSON).
jget() {
  printf '%s' "$OUT" | "$PY" -c '
import json, sys
text = sys.stdin.read()
d = json.loads(text) if text.strip() else {}
v = eval(sys.argv[1], {"d": d, "json": json, "re": __import__("re")})
print(json.dumps(v) if isinstance(v, (dict, list)) else v)
' "$1"
}

expect() {  # expect <description> <python expression over d> <expected value>
  local got
  got=$(jget "$2") || fail "$1: cannot evaluate $2 on output: $OUT"
  [[ "$got" == "$3" ]] || fail "$1: expected $2 == '$3', got '$got'; output: $OUT"
}

admin() {  # admin <path> [json body]: POST to eddy's admin API, its answer in $OUT
  OUT=$("$PY" -c '
import sys, urllib.request
req = urllib.request.Request(sys.argv[1] + sys.argv[2], data=sys.argv[3].encode(), method="POST",
                             headers={"Content-Type": "application/json"})
print(urllib.request.urlopen(req, timeout=120).read().decode())
' "$EDDY_ENDPOINT" "$1" "${2:-{\}}") || fail "admin $1 failed"
}

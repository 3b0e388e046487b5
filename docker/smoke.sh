#!/usr/bin/env bash
# Builds docker/Dockerfile without a Docker engine and checks the image:
#
#   1. debootstrap a minimal bookworm, slimmed like debian:bookworm-slim,
#      and `podman import` it as debian:bookworm-slim (the Dockerfile's base);
#   2. `buildah bud --isolation chroot` eddy's image and the example app's;
#      report the sizes and check the image's configuration;
#   3. start eddy in the image the way docker-compose.yml's `eddy` service
#      does: its DynamoDB Local command line, environment and mounts (the
#      handler folder; a directory for the named volume). `buildah run`
#      shares the host's network, so the port mapping becomes EDDY_PORT;
#   4. run tests/cli/music_walkthrough.sh against it with the AWS CLI from
#      outside, which reads the handler's log through the Logs API too, and
#      tests/lab/lambda_lab_cli.sh (a function created from a zip through
#      the Lambda API, as AWS's Lambda and DynamoDB streams tutorial does);
#   5. run the example app's image against it, as compose's `app` service;
#   6. check the log on eddy's stdout (what `docker compose logs` shows),
#      curl inside the image, the HEALTHCHECK command as the image gives it,
#      data kept across a kill -9, and `-jar DynamoDBLocal.jar -inMemory
#      -port N` (DynamoDB Local's default command, with a port).
#
# Usage (as root; installs buildah, podman and debootstrap with apt if
# missing):  docker/smoke.sh [--rebuild-base] [--keep]
#   --rebuild-base  debootstrap the base again even if it is already imported
#   --keep          keep the built images afterwards (the build's layer cache,
#                   untagged images, stays either way: `buildah rmi --prune`)
# Environment: SMOKE_PORT (default 18000), AWS_CLI (default aws),
#   DEBIAN_MIRROR (default: the first Debian mirror in this machine's apt
#   sources).
# Takes about 4 minutes the first time on 2 cores, most of it compiling;
# under a minute again with the layer cache. Too slow for every CI run,
# so CI does not call it.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
PORT=${SMOKE_PORT:-18000}
# The mirror this machine's apt already uses: the first "URIs:" (deb822) or
# "deb URL" (one-line format) whose path ends in /debian.
apt_mirror() {
  cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    sed -n -e 's/^URIs:[[:space:]]*//p' -e 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?//p' |
    tr ' ' '\n' | grep -m1 '/debian/\?$' || true
}
MIRROR=${DEBIAN_MIRROR:-$(apt_mirror)}
[[ -n "$MIRROR" ]] || { echo "smoke.sh: no Debian mirror in the apt sources; set DEBIAN_MIRROR" >&2; exit 1; }
AWS=${AWS_CLI:-aws}
IMAGE=localhost/eddy:smoke
APP_IMAGE=localhost/eddy-example-app:smoke
BASE=debian:bookworm-slim
REBUILD_BASE=0
KEEP=0
for arg in "$@"; do
  case "$arg" in
    --rebuild-base) REBUILD_BASE=1 ;;
    --keep) KEEP=1 ;;
    *) echo "usage: $0 [--rebuild-base] [--keep]" >&2; exit 2 ;;
  esac
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/eddy-smoke.XXXXXX")
CONTAINERS=()
RUN_PID=""   # the `buildah run` running eddy
EDDY_PID=""  # eddy itself, a few processes below it

step() { echo "== $*"; }
ok() { echo "ok - $*"; }
fail() {
  echo "FAIL: $*" >&2
  if [[ -s "$WORK/eddy.out" ]]; then
    echo "--- eddy output (tail) ---" >&2
    tail -n 30 "$WORK/eddy.out" >&2
  fi
  exit 1
}
now_ms() { date +%s%3N; }
megabytes() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1000000 }'; }
image_size() { podman image inspect "$1" --format '{{.Size}}'; }

stop_eddy() {  # $1: signal
  [[ -n "$EDDY_PID" ]] && kill "-$1" "$EDDY_PID" 2>/dev/null || true
  [[ -n "$RUN_PID" ]] && wait "$RUN_PID" 2>/dev/null || true
  RUN_PID="" EDDY_PID=""
}

cleanup() {
  stop_eddy TERM
  for c in "${CONTAINERS[@]}"; do buildah rm "$c" >/dev/null 2>&1 || true; done
  if [[ $KEEP == 0 ]]; then buildah rmi "$IMAGE" "$APP_IMAGE" >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

[[ $(id -u) == 0 ]] || fail "run as root (buildah --isolation chroot and debootstrap need it)"
missing=()
for tool in buildah podman debootstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  step "installing ${missing[*]} (apt)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v "$AWS" >/dev/null || fail "the AWS CLI is needed (scripts/install-deps.sh test installs it)"
python3 -c 'import yaml' 2>/dev/null || fail "python3 with PyYAML is needed to read docker-compose.yml"

# --- 1. the base image -------------------------------------------------------------
if [[ $REBUILD_BASE == 1 ]] || ! podman image exists "$BASE"; then
  step "debootstrap --variant=minbase bookworm, slimmed, imported as $BASE"
  rootfs="$WORK/rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 ||
    { tail -n 20 "$WORK/debootstrap.log" >&2; fail "debootstrap"; }
  # What the official slim image leaves out: documentation, manuals and
  # translations, now and for every package installed later.
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/slim" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
CFG
  find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  rm -rf "$rootfs"/usr/share/{man,info,groff,lintian,locale}/* "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/log/*.log
  podman rmi -f "$BASE" >/dev/null 2>&1 || true
  tar -C "$rootfs" -c . | podman import - "$BASE" >/dev/null 2>"$WORK/import.log"
  rm -rf "$rootfs"
fi
base_size=$(image_size "$BASE")
ok "base image $BASE: $(megabytes "$base_size")"

# --- 2. the images ------------------------------------------------------------------
build() {  # build <tag> <context> <Dockerfile>
  buildah bud --isolation chroot --format docker --layers -f "$3" -t "$1" "$2" >"$WORK/build.log" 2>&1 ||
    { tail -n 40 "$WORK/build.log" >&2; fail "buildah bud $3"; }
}
step "buildah bud --isolation chroot --format docker (which keeps HEALTHCHECK) -f docker/Dockerfile"
build_start=$(now_ms)
build "$IMAGE" "$REPO_ROOT" "$REPO_ROOT/docker/Dockerfile"
size=$(image_size "$IMAGE")
compressed=$(podman save --format docker-archive "$IMAGE" 2>/dev/null | gzip -c | wc -c)
ok "built $IMAGE in $((($(now_ms) - build_start) / 1000)) s: $(megabytes "$size")," \
  "$(megabytes $((size - base_size))) on top of the base; $(megabytes "$compressed") gzipped (about a pull)"

buildah inspect --type image "$IMAGE" >"$WORK/inspect.json"
# The entry point and the HEALTHCHECK command, one argument per line, for
# running them below as Docker would.
python3 - "$WORK/inspect.json" "$WORK/entrypoint" "$WORK/healthcheck" <<'PY' || fail "image configuration"
import json, sys
c = json.load(open(sys.argv[1]))["Docker"]["config"]
expect = {"User": "dynamodblocal", "WorkingDir": "/home/dynamodblocal",
          "Entrypoint": ["/usr/bin/tini", "--", "/usr/local/bin/eddy"]}
for key, value in expect.items():
    assert c.get(key) == value, (key, c.get(key))
env = dict(e.split("=", 1) for e in c["Env"])
assert env["EDDY_HOST"] == "0.0.0.0" and env["EDDY_PORT"] == "8000" and env["EDDY_DATA_DIR"] == "/data", env
assert "/data" in c["Volumes"] and "8000/tcp" in c["ExposedPorts"], c
test = c["Healthcheck"]["Test"]
assert test[0] == "CMD", test
open(sys.argv[2], "w").write("\n".join(c["Entrypoint"]) + "\n")
open(sys.argv[3], "w").write("\n".join(test[1:]) + "\n")
PY
mapfile -t ENTRYPOINT <"$WORK/entrypoint"
mapfile -t HEALTHCHECK <"$WORK/healthcheck"
ok "configuration: user dynamodblocal, /home/dynamodblocal, ${ENTRYPOINT[*]}, EDDY_HOST=0.0.0.0, port 8000," \
  "/data volume, HEALTHCHECK ${HEALTHCHECK[*]}"

new_container() {  # new_container <image>: a working container, named in $NEW_CONTAINER
  NEW_CONTAINER=$(buildah from "$1")
  CONTAINERS+=("$NEW_CONTAINER")  # for cleanup (so not in a $(...) subshell)
}
new_container "$IMAGE"
CONTAINER=$NEW_CONTAINER
in_image() { buildah run --isolation chroot "$@"; }
[[ $(in_image "$CONTAINER" -- id -un):$(in_image "$CONTAINER" -- id -u) == dynamodblocal:1000 ]] ||
  fail "does not run as dynamodblocal, uid 1000"
ok "runs as dynamodblocal, uid 1000, with $(in_image "$CONTAINER" -- python3 --version); $(in_image "$CONTAINER" -- eddy --version)"
in_image "$CONTAINER" -- "${ENTRYPOINT[@]}" -help | grep -q -- "-dbPath DIR" || fail "-help does not list DynamoDB Local's options"
for dir in /data /home/dynamodblocal/data; do
  in_image --user 4321:0 "$CONTAINER" -- touch "$dir/probe" || fail "another uid cannot write $dir"
  in_image "$CONTAINER" -- rm -f "$dir/probe"
done
ok "uid 1000 and any uid in group root (docker run --user N) can write /data and /home/dynamodblocal/data"
ok "-help prints the usage with DynamoDB Local's options"

step "buildah bud -f docker/example/app/Dockerfile"
build "$APP_IMAGE" "$REPO_ROOT/docker/example/app" "$REPO_ROOT/docker/example/app/Dockerfile"
ok "built $APP_IMAGE: $(megabytes "$(image_size "$APP_IMAGE")")"

# --- 3. eddy as docker-compose.yml's `eddy` service -----------------------------------
# Its environment and mounts as buildah run options, then its command line.
python3 - "$SCRIPT_DIR/docker-compose.yml" "$WORK/eddy-data" "$WORK/compose-options" "$WORK/compose-command" \
  <<'PY' || fail "docker-compose.yml"
import os, shlex, sys, yaml
compose_file, volume_dir, options_file, command_file = sys.argv[1:]
service = yaml.safe_load(open(compose_file))["services"]["eddy"]
assert service["working_dir"] == "/home/dynamodblocal", service["working_dir"]  # the image's WORKDIR
assert service["ports"] == ["8000:8000"], service["ports"]
options = [f"--env={name}={value}" for name, value in service["environment"].items()]
for volume in service["volumes"]:
    source, target, *mode = volume.split(":")
    if source.startswith("."):  # a folder beside the compose file
        source = os.path.normpath(os.path.join(os.path.dirname(compose_file), source))
    else:                       # a named volume: a fresh directory
        source = volume_dir
    # buildah's bind mounts are read-only unless told; compose's are not.
    options.append(f"--mount=type=bind,source={source},destination={target}," + ("ro" if mode == ["ro"] else "rw"))
open(options_file, "w").write("\n".join(options) + "\n")
open(command_file, "w").write("\n".join(shlex.split(service["command"])) + "\n")
PY
# As Docker seeds a new named volume: from the image's directory.
mkdir -p "$WORK/eddy-data" && chown 1000:0 "$WORK/eddy-data" && chmod 0775 "$WORK/eddy-data"
mapfile -t COMPOSE_OPTIONS <"$WORK/compose-options"
mapfile -t COMPOSE_COMMAND <"$WORK/compose-command"

# The eddy process below $1 (buildah run forks twice, then tini runs eddy;
# chroot isolation has no PID namespace, so this is the host's PID).
find_eddy() {
  local child
  for child in $(pgrep -P "$1"); do
    if [[ $(cat "/proc/$child/comm" 2>/dev/null) == eddy ]]; then echo "$child"; return 0; fi
    find_eddy "$child" && return 0
  done
  return 1
}

# healthcheck <buildah run options...>: the image's HEALTHCHECK command.
healthcheck() { in_image "$@" "$CONTAINER" -- "${HEALTHCHECK[@]}"; }

# start_eddy <buildah run options> -- <arguments>: runs the image's entry
# point with the arguments, waits for eddy's "listening" line, then for the
# HEALTHCHECK command to pass.
start_eddy() {
  local options=() start i
  while [[ $1 != -- ]]; do options+=("$1"); shift; done
  shift
  : >"$WORK/eddy.out"
  start=$(now_ms)
  buildah run --isolation chroot "${options[@]}" "$CONTAINER" -- "${ENTRYPOINT[@]}" "$@" >>"$WORK/eddy.out" 2>&1 &
  RUN_PID=$!
  for ((i = 0; i < 1000; i++)); do
    if grep -q '^eddy listening on ' "$WORK/eddy.out"; then
      LISTENING_MS=$(($(now_ms) - start))
      EDDY_PID=$(find_eddy "$RUN_PID") || fail "no eddy process under buildah run"
      healthcheck "${options[@]}" || fail "listening, but the HEALTHCHECK command fails"
      return 0
    fi
    kill -0 "$RUN_PID" 2>/dev/null || fail "eddy exited at start"
    sleep 0.01
  done
  fail "eddy did not start listening within 10 s"
}

step "eddy as compose's eddy service: eddy ${COMPOSE_COMMAND[*]}, ${COMPOSE_OPTIONS[*]}"
start_eddy --env "EDDY_PORT=$PORT" "${COMPOSE_OPTIONS[@]}" -- "${COMPOSE_COMMAND[@]}"
ok "listening $LISTENING_MS ms after buildah run started (its own set-up included), then the" \
  "HEALTHCHECK command passed; EDDY_PORT=$PORT stands for the port mapping"
grep -q "^eddy listening on http://0.0.0.0:$PORT$" "$WORK/eddy.out" || fail "not listening on 0.0.0.0:$PORT"
ok "listening on 0.0.0.0:$PORT"

in_image "$CONTAINER" -- curl -sf -o /dev/null "http://localhost:$PORT/_eddy/health" ||
  fail "curl inside the image"
in_image "$CONTAINER" -- curl -s -o /dev/null "http://localhost:$PORT" || fail "curl -s http://localhost:$PORT"
ok "curl -s http://localhost:$PORT inside the image (DynamoDB Local compose files' health check) works"

# --- 4. the Music walkthrough from outside, with the AWS CLI --------------------------
step "tests/cli/music_walkthrough.sh against http://127.0.0.1:$PORT, checking music-handler's log"
EDDY_ENDPOINT="http://127.0.0.1:$PORT" MUSIC_FUNCTION=music-handler AWS_CLI="$AWS" \
  "$REPO_ROOT/tests/cli/music_walkthrough.sh" || fail "the Music walkthrough"
step "tests/lab/lambda_lab_cli.sh against http://127.0.0.1:$PORT: AWS's Lambda tutorial, a function from a zip"
EDDY_ENDPOINT="http://127.0.0.1:$PORT" AWS_CLI="$AWS" LAB_TABLE=LabMusic \
  "$REPO_ROOT/tests/lab/lambda_lab_cli.sh" || fail "the Lambda tutorial"

# --- 5. the example app, as compose's `app` service -------------------------------------
step "the example app's image, EDDY_ENDPOINT=http://127.0.0.1:$PORT (compose: http://eddy:8000)"
new_container "$APP_IMAGE"
APP=$NEW_CONTAINER
in_image --env "EDDY_ENDPOINT=http://127.0.0.1:$PORT" --env AWS_ACCESS_KEY_ID=local \
  --env AWS_SECRET_ACCESS_KEY=local --env AWS_REGION=us-east-1 "$APP" -- python3 /app/app.py |
  sed 's/^/  app: /' || fail "the example app"
ok "the example app set up Music, wrote to it and found each change in the handler's log"

# --- 6. the log on eddy's stdout, persistence, DynamoDB Local's default command --------
prefix='^\[/aws/lambda/music-handler\]'
for line in 'START RequestId: ' 'INSERT Acme Band / PartiQL Rocks' 'MODIFY Acme Band / Happy Day changed AlbumTitle' \
  'REMOVE Acme Band / Gone Tomorrow (expired: TTL delete)' '{.*"principalId": "dynamodb.amazonaws.com"'; do
  grep -q "$prefix $line" "$WORK/eddy.out" || fail "not on eddy's stdout: [/aws/lambda/music-handler] $line"
done
ok "eddy's stdout (what docker compose logs shows) has the handler's log:" \
  "$(grep -c "$prefix REPORT" "$WORK/eddy.out") invocations, $(grep -c "$prefix {" "$WORK/eddy.out") records"

aws_local() { "$AWS" --endpoint-url "http://127.0.0.1:$PORT" --region us-east-1 --output text "$@"; }
export AWS_ACCESS_KEY_ID=dummy AWS_SECRET_ACCESS_KEY=dummy AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true
songs_before=$(aws_local dynamodb scan --table-name Music --select COUNT --query Count)
stop_eddy KILL
start_eddy --env "EDDY_PORT=$PORT" "${COMPOSE_OPTIONS[@]}" -- "${COMPOSE_COMMAND[@]}"
songs_after=$(aws_local dynamodb scan --table-name Music --select COUNT --query Count)
[[ $songs_after == "$songs_before" && $songs_after -gt 0 ]] ||
  fail "after kill -9 and a restart Music has $songs_after items, not $songs_before"
[[ -n $(ls "$WORK/eddy-data") ]] || fail "nothing written to the volume"
ok "kill -9, restart: Music still has its $songs_after items (in the eddy-data volume); listening again after $LISTENING_MS ms"
stop_eddy TERM
healthcheck 2>/dev/null && fail "the HEALTHCHECK command passes with eddy stopped"
ok "with eddy stopped, the HEALTHCHECK command fails"

step "eddy -jar DynamoDBLocal.jar -inMemory -port $PORT (amazon/dynamodb-local's default command, -port added)"
start_eddy -- -jar DynamoDBLocal.jar -inMemory -port "$PORT"
[[ $(aws_local dynamodb list-tables --query 'length(TableNames)') == 0 ]] || fail "-inMemory did not start empty"
ok "-inMemory starts empty; the HEALTHCHECK command found -port $PORT through EDDY_ADDRESS_FILE"
stop_eddy TERM

# Start-up time without buildah's own set-up: measured inside one buildah
# run, from launching eddy to its first healthy answer to eddy --health-check.
startup=$(in_image "$CONTAINER" -- /bin/sh -c '
  start=$(date +%s%N)
  eddy -inMemory -port "$1" >/dev/null &
  i=0
  until eddy --health-check 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 10000 ] || exit 1
  done
  echo $((($(date +%s%N) - start) / 1000))
  kill $! && wait $!' sh "$PORT") || fail "start-up time"
ok "start-up inside the image, launch to first healthy answer: $((startup / 1000)).$(printf %03d $((startup % 1000))) ms"

echo "smoke: all checks passed; $IMAGE is $(megabytes "$size") ($(megabytes $((size - base_size))) over $BASE," \
  "$(megabytes "$compressed") gzipped)"

#!/usr/bin/env bash
# Throughput, latency, start-up time and memory of eddy. Builds nothing.
#
#   bench/run.sh                         # put, get, query; 10 s each
#   DURATION=30 CONNECTIONS=128 bench/run.sh
#   OPS="put" STREAM=1 bench/run.sh      # PutItem into a stream-enabled table
#
# Write-to-handler latency (no wrk) is a separate script:
#   python3 bench/handler_latency.py     # see bench/README.md
#
# Environment (defaults in brackets):
#   EDDY_BIN          eddy binary [build/release/src/server/eddy]
#   EDDY_ARGS         extra eddy flags, e.g. "--threads 1" []
#   DURATION          seconds per wrk run [10]
#   CONNECTIONS       wrk connections [64]
#   THREADS           wrk threads [2]
#   OPS               which runs, in order [put get query]
#   STREAM=1          create the put table with a NEW_AND_OLD_IMAGES stream
#   GET_ITEMS         items preloaded for get [10000]
#   QUERY_PARTITIONS  partitions of 10 items preloaded for query [1000]
#   STARTUP_RUNS      cold starts timed; the median is reported [5]
#   STRICT=1          also exit 1 when a target is missed
#   VERBOSE=1         show wrk's own report for every run
#   PERF=1            perf-record eddy during each run (reports in OUT_DIR)
#   OUT_DIR           eddy's stderr log and perf output [/tmp/eddy-bench]
#
# Exit status: 0 ok; 1 a run had non-2xx responses or socket errors (or, with
# STRICT=1, a target was missed); 2 setup failed. See bench/README.md.
set -euo pipefail
bench_dir="$(cd "$(dirname "$0")" && pwd)"
repo_dir="$(dirname "$bench_dir")"
export EDDY_BIN="${EDDY_BIN:-$repo_dir/build/release/src/server/eddy}"

if ! command -v wrk >/dev/null; then
  echo "wrk is not installed: apt-get install -y wrk" >&2
  exit 2
fi
if [[ ! -x "$EDDY_BIN" ]]; then
  echo "no eddy binary at $EDDY_BIN; build it first:" >&2
  echo "  cmake -S $repo_dir -B $repo_dir/build/release -G Ninja -DCMAKE_BUILD_TYPE=Release" >&2
  echo "  cmake --build $repo_dir/build/release --target eddy" >&2
  exit 2
fi
exec python3 "$bench_dir/bench.py"

#!/usr/bin/env bash
# Builds eddy and runs every test: the doctest unit tests (Release, then
# again under ASan+UBSan and under ThreadSanitizer) and the integration
# tests, which start the real binary and drive it with boto3 and the AWS CLI.
#   EDDY_SKIP_SANITIZERS=1 scripts/test.sh   # skip the sanitizer builds
#   scripts/test.sh -k query                 # extra arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
jobs=$(nproc)

echo "== build (Release)"
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j "$jobs"

echo "== unit tests"
ctest --test-dir build/release --output-on-failure

if [[ -z "${EDDY_SKIP_SANITIZERS:-}" ]]; then
  echo "== unit tests under ASan+UBSan"
  cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DEDDY_SANITIZE=ON -DEDDY_BUILD_SERVER=OFF >/dev/null
  cmake --build build/asan -j "$jobs"
  ctest --test-dir build/asan --output-on-failure

  echo "== unit tests under ThreadSanitizer"
  cmake -S . -B build/tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DEDDY_TSAN=ON -DEDDY_BUILD_SERVER=OFF >/dev/null
  cmake --build build/tsan -j "$jobs"
  # halt_on_error: a race fails the run rather than scrolling past.
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/scripts/tsan.supp" \
    ctest --test-dir build/tsan --output-on-failure
fi

echo "== integration tests"
# The JavaScript SDK's packages for tests/js (package.json pins them), once a
# run; quick when they are there already.
if command -v npm >/dev/null 2>&1; then
  npm install --no-audit --no-fund --prefix tests/js >/dev/null ||
    echo "npm install --prefix tests/js failed: test_lambda_lab_js.py will say why" >&2
else
  echo "npm is missing: the JavaScript SDK test (test_lambda_lab_js.py) will be skipped" >&2
fi
python=python3
python3 -c 'import pytest, boto3' >/dev/null 2>&1 || python=/usr/bin/python3
EDDY_BIN="$PWD/build/release/src/server/eddy" "$python" -m pytest -q tests/integration "$@"

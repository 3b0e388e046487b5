#!/usr/bin/env bash
# Builds eddy (Release) and starts it. Arguments go to eddy; by default it
# listens on 127.0.0.1:8000 with its data in ./data.
#   scripts/server.sh                      # data in ./data
#   scripts/server.sh --in-memory --port 8001
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release --target eddy
exec build/release/src/server/eddy "$@"

#!/usr/bin/env bash
# Installs, from Debian 12's packages, whatever eddy needs that is missing.
#   scripts/install-deps.sh build   # compiler, CMake and libraries
#   scripts/install-deps.sh test    # the above, plus what the tests use
#                                   # (pytest, boto3, the AWS CLI v2, node and npm)
# Already-installed packages are skipped, so this runs offline once set up.
set -euo pipefail

build_packages=(g++ cmake ninja-build libboost1.81-dev librocksdb-dev rapidjson-dev doctest-dev libzip-dev libssl-dev)
wanted=("${build_packages[@]}")
# Python stream handlers (--functions) run with the machine's python3.
command -v python3 >/dev/null 2>&1 || wanted+=(python3)

if [[ "${1:-build}" == test ]]; then
  # The Python test tools may already be on the machine (pip or pyenv); only
  # take Debian's when no python3 on PATH has pytest and boto3.
  if ! python3 -c 'import pytest, boto3' >/dev/null 2>&1; then
    wanted+=(python3 python3-pytest python3-boto3)
  fi
  # The AWS CLI v2 (`aws logs tail` is v2's; a pip-installed v1 may be on
  # PATH): Debian 12's awscli is v2.
  { /usr/bin/aws --version 2>&1 || aws --version 2>&1; } | grep -q '^aws-cli/2' || wanted+=(awscli)
  # The JavaScript SDK tests (tests/js): node and npm.
  command -v node >/dev/null 2>&1 || wanted+=(nodejs)
  command -v npm >/dev/null 2>&1 || wanted+=(npm)
fi

missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "installing: ${missing[*]}" >&2
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

#!/usr/bin/env bash
# The two commands of the README.
#   ./build.sh run    installs what is missing, builds, and runs Proofdesk on its embedded
#                     defaults (for now: the demo event imported into your catalog)
#   ./build.sh test   installs what is missing, builds, and runs every test suite
# Both are idempotent and incremental (Ninja + ccache).
set -euo pipefail
cd "$(dirname "$0")"
what=${1:-}
case $what in
  run)
    packaging/install-deps.sh build
    cmake --preset release >/dev/null
    cmake --build --preset release
    exec build/release/app/proofdesk-cli demo
    ;;
  test)
    packaging/install-deps.sh test
    preset=dev
    [ "${CI:-}" = true ] && preset=ci
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset"
    exec ctest --preset "$preset"
    ;;
  *)
    echo "usage: ./build.sh run|test" >&2
    exit 2
    ;;
esac

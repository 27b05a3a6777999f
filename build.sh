#!/usr/bin/env bash
# The two commands of the README.
#   ./build.sh run    installs what is missing, builds, and opens the Proofdesk window on its
#                     embedded defaults (your catalog; the demo event is created on first run)
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
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "No display: running the headless demo instead of the window." >&2
      exec build/release/app/proofdesk-cli demo
    fi
    exec build/release/app/proofdesk --demo
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

#!/usr/bin/env bash
# Runs the gallery end-to-end test for ctest: installs playwright-core from the lock file when it
# is not there yet, then runs gallery_e2e.mjs. Exit 77 (skipped) only when node, npm or Chromium
# is missing; `packaging/install-deps.sh test` installs them.
# Environment (set by tests/e2e/CMakeLists.txt): PROOFDESK_HOST, PD_E2E_FIXTURE, PD_E2E_WORK;
# PD_CHROMIUM overrides /usr/bin/chromium.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=${PD_E2E_WORK:-$here}
export PD_CHROMIUM=${PD_CHROMIUM:-/usr/bin/chromium}

if ! command -v node >/dev/null; then
  echo "SKIPPED: node is not installed (packaging/install-deps.sh test installs nodejs)"; exit 77
fi
if [ ! -x "$PD_CHROMIUM" ]; then
  echo "SKIPPED: no Chromium at $PD_CHROMIUM (packaging/install-deps.sh test installs chromium; PD_CHROMIUM names another)"
  exit 77
fi

# One run at a time per work directory: each run starts by emptying it.
mkdir -p "$work"
if command -v flock >/dev/null; then exec 9>"$work/.lock"; flock 9; fi

# playwright-core: tests/e2e/node_modules when a developer ran `npm ci` there, else a copy of
# the lock file's packages in the build tree, refreshed when the lock file changes.
if [ -f "$here/node_modules/playwright-core/package.json" ]; then
  modules=$here/node_modules
else
  modules=$work/npm/node_modules
  if [ ! -f "$modules/playwright-core/package.json" ] || ! cmp -s "$here/package-lock.json" "$work/npm/package-lock.json"; then
    if ! command -v npm >/dev/null; then
      echo "SKIPPED: npm is not installed (packaging/install-deps.sh test installs it)"; exit 77
    fi
    mkdir -p "$work/npm"
    cp "$here/package.json" "$here/package-lock.json" "$work/npm/"
    (cd "$work/npm" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error)
  fi
fi
export PD_E2E_MODULES=$modules
exec node "$here/gallery_e2e.mjs"

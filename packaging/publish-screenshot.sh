#!/usr/bin/env bash
# Takes docs/publish.png: the demo event published from the studio to this computer's own
# proofdesk-host (started by the app: no host profile is set up), the grid with its publish badges
# and the done dialog with the gallery link and access code, under Xvfb. Then, with --modified,
# a second shot after one photo is edited (the amber "modified" badge).
# Needs a dev build: cmake --preset dev && cmake --build --preset dev
# usage: packaging/publish-screenshot.sh [OUT.png] [MODIFIED.png]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/docs/publish.png}
out2=${2:-}
bin=${PD_BIN:-$here/build/dev/app}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME=$work/data   # the embedded host's data goes here, not into the real home
cli() { "$bin/proofdesk-cli" --catalog "$work/catalog" "$@" 2>/dev/null; }

"$here/packaging/install-deps.sh" screenshot
cli demo >/dev/null
event="Demo: Harbour Festival"
mapfile -t ids < <(cli photos "$event" --json | python3 -c 'import json,sys; [print(p["id"]) for p in json.load(sys.stdin)]')
cli rate "${ids[0]}" 4; cli rate "${ids[1]}" 5; cli rate "${ids[3]}" 3; cli rate "${ids[5]}" 5; cli rate "${ids[6]}" 4
cli flag "${ids[1]}" pick; cli flag "${ids[5]}" pick; cli flag "${ids[2]}" reject
cli select "${ids[0]}" "${ids[1]}" "${ids[3]}" "${ids[5]}" "${ids[6]}"
cli event set "$event" --access-code harbour24 --expires 2030-12-31

run() { xvfb-run -a -s "-screen 0 1600x1000x24" "$bin/proofdesk" --catalog "$work/catalog" --settings "$work/window.ini" "$@" 2>/dev/null; }
run --publish "$event" --screenshot "$out"
echo "wrote $out"
if [ -n "$out2" ]; then
  cli edit "${ids[1]}" crop 0.1 0.1 0.7 0.7 >/dev/null
  run --screenshot "$out2"
  echo "wrote $out2"
fi

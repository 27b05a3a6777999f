#!/usr/bin/env bash
# Takes the README's screenshot: the main window with the demo event, culled a little, under
# Xvfb (a real X server, a real window). Needs a dev build: cmake --preset dev && cmake --build --preset dev
# usage: packaging/screenshot.sh [OUT.png]   (default docs/screenshot.png)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/docs/screenshot.png}
bin=${PD_BIN:-$here/build/dev/app}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cli() { "$bin/proofdesk-cli" --catalog "$work/catalog" "$@" 2>/dev/null; }

"$here/packaging/install-deps.sh" screenshot
cli demo >/dev/null
mapfile -t ids < <(cli photos "Demo: Harbour Festival" --json | python3 -c 'import json,sys; [print(p["id"]) for p in json.load(sys.stdin)]')
# A photographer's first pass: stars, picks, a reject, and the web selection.
cli rate "${ids[0]}" 4; cli rate "${ids[1]}" 5; cli rate "${ids[3]}" 3; cli rate "${ids[5]}" 5; cli rate "${ids[6]}" 4
cli flag "${ids[1]}" pick; cli flag "${ids[5]}" pick; cli flag "${ids[2]}" reject
cli select "${ids[0]}" "${ids[1]}" "${ids[5]}" "${ids[6]}"
cli label "${ids[1]}" green; cli label "${ids[4]}" yellow; cli label "${ids[5]}" green
cli edit "${ids[4]}" crop --aspect 4:5 >/dev/null

xvfb-run -a -s "-screen 0 1600x1000x24" "$bin/proofdesk" --catalog "$work/catalog" --settings "$work/window.ini" \
  --screenshot "$out" 2>/dev/null
echo "wrote $out"

#!/usr/bin/env bash
# bench/publish/run.sh [COUNT]: `proofdesk-cli publish` of an event to a local proofdesk-host
# (release builds, SQLite store), three runs:
#   1. COUNT (500) photos from DENOM-scaled originals (DENOM 4: 1500x1000; 1: 24 MP): wall time,
#      photos/s, bytes on the wire against the bytes of the originals, peak RSS of the CLI;
#   2. the same publish of LARGE_COUNT (10) 24 MP originals: the same figures at camera size;
#   3. run 1's event again to a fresh host with --speed-cap CAP: the achieved rate against the cap.
# Why run 1 is not 500 x 24 MP by default: the zoom proof (a 6000 px JPEG 2000 by default) takes
# ~8 s of CPU per 24 MP photo in OpenJPEG, so 500 of them take over half an hour on 2 cores (see
# docs/PERFORMANCE.md); DENOM=1 runs it anyway.
#
# Originals: 6 camera-like 24 MP bases from ../shared/bench/make-testset (q92, 4:2:2) and, from
# them, variants made by make_variants.c (own offset, mirror, exposure, contrast and sensor noise
# each, so every photo has renditions of its own). Each event is imported into a fresh catalog
# (`import --jobs 2`), all selected, given an access code, and published through count_relay.py,
# which counts every byte on the wire (studio -> host: request heads and bodies).
#
# CAP: bytes/s as the CLI takes them (4M); "auto" (the default) is half of run 1's average rate on
# the wire, so the cap, not the CPU making renditions, is what limits run 3. CAP_SECONDS (60): run 3
# is interrupted with SIGINT after that long (0: to the end; the rest stays queued in the catalog).
# The achieved rate is measured from the first 256 KB on the wire to the last byte.
# JOBS (2) render threads. PD_CLI_BIN / PD_HOST_BIN skip the release build. PD_BENCH_DIR
# (build/bench/publish) holds the work and keeps the generated originals between runs; the report
# lands in result.txt there. No assertion: it reports (and stops if a publish did not complete).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
shared=${PD_SHARED:-$here/../shared}
count=${1:-${COUNT:-500}}
denom=${DENOM:-4}
large_count=${LARGE_COUNT:-10}
cap=${CAP:-auto}
cap_seconds=${CAP_SECONDS:-60}
jobs=${JOBS:-2}
work=${PD_BENCH_DIR:-$here/build/bench/publish}

[ -x "$shared/bench/make-testset" ] || { echo "bench/publish: needs $shared/bench/make-testset" >&2; exit 1; }
"$here/packaging/install-deps.sh" bench
mkdir -p "$work"
cli=${PD_CLI_BIN:-}
host_bin=${PD_HOST_BIN:-}
if [ -z "$cli" ] || [ -z "$host_bin" ]; then
  cmake --preset release -S "$here" >/dev/null
  cmake --build "$here/build/release" --target proofdesk-cli proofdesk-host >/dev/null
  cli=$here/build/release/app/proofdesk-cli
  host_bin=$here/build/release/app/proofdesk-host
fi

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
now_ms() { date +%s%3N; }
say() { echo "bench/publish: $*" >&2; }

# --- the originals ---------------------------------------------------------------------------
[ "$(ls "$work"/bases/img_*.jpg 2>/dev/null | wc -l)" -ge 6 ] || "$shared/bench/make-testset" "$work/bases" 6 >/dev/null
gcc -O3 -march=native -o "$work/make_variants" "$here/bench/publish/make_variants.c" -lturbojpeg
# make_set DENOM COUNT: variants 0..COUNT-1 at 1/DENOM scale in $work/set-DENOM (two processes)
make_set() {
  local dir=$work/set-$1
  mkdir -p "$dir"
  "$work/make_variants" "$dir" "$2" 0 2 "$1" "$work"/bases/*.jpg &
  local g=$!
  "$work/make_variants" "$dir" "$2" 1 2 "$1" "$work"/bases/*.jpg
  wait "$g"
}

# --- hosts: proofdesk-host serve behind a counting relay -------------------------------------
# start_host NAME: a fresh host in $work/NAME; sets host_url (the relay's), host_port, relay_pid
start_host() {
  local dir=$work/$1 i
  rm -rf "$dir"; mkdir -p "$dir"
  "$host_bin" photographer add Bench --data "$dir/data" >"$dir/token.txt" 2>/dev/null
  chmod 600 "$dir/token.txt"
  "$host_bin" serve --listen 127.0.0.1:0 --data "$dir/data" --access-log "$dir/access.log" >"$dir/host.out" 2>"$dir/host.err" &
  pids+=($!)
  for i in $(seq 100); do grep -q '^listening on' "$dir/host.out" 2>/dev/null && break; sleep 0.1; done
  host_port=$(sed -n 's/^listening on 127.0.0.1://p' "$dir/host.out")
  python3 "$here/bench/publish/count_relay.py" "$host_port" "$dir/wire.txt" >"$dir/relay.out" &
  relay_pid=$!; pids+=("$relay_pid")
  for i in $(seq 100); do grep -q '^listening on' "$dir/relay.out" 2>/dev/null && break; sleep 0.1; done
  host_url=http://$(sed -n 's/^listening on //p' "$dir/relay.out")
}
stop_relay() { sleep 0.6; kill -TERM "$relay_pid"; wait "$relay_pid" 2>/dev/null || true; }
# host_photos NAME EVENT: how many photos of the event the host holds
host_photos() {
  curl -sS -H "Authorization: Bearer $(cat "$work/$1/token.txt")" "http://127.0.0.1:$host_port/api/v1/events/$2/photos" |
    python3 -c 'import json, sys; print(len(json.load(sys.stdin)["photos"]))'
}
json_field() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

# make_event CATALOG FILE...: a fresh catalog with one event of FILEs, all selected; prints
# "EVENT_ID IMPORT_MS"
make_event() {
  local catalog=$1 event t ms
  shift
  rm -rf "$catalog"
  event=$("$cli" --catalog "$catalog" event create "Publish bench" --date 2026-06-01 --category Ceremony 2>/dev/null)
  sync
  t=$(now_ms)
  "$cli" --catalog "$catalog" import "$event" "$@" --category Ceremony --jobs 2 --json >"$catalog.import.json" 2>/dev/null
  ms=$(($(now_ms) - t))
  local ids
  mapfile -t ids < <("$cli" --catalog "$catalog" photos "$event" --json 2>/dev/null |
    python3 -c 'import json, sys; [print(p["id"]) for p in json.load(sys.stdin)]')
  [ "${#ids[@]}" = "$#" ] || { say "imported ${#ids[@]} of $#"; cat "$catalog.import.json" >&2; exit 1; }
  "$cli" --catalog "$catalog" select "${ids[@]}" >/dev/null 2>&1
  "$cli" --catalog "$catalog" event set "$event" --access-code bench-code >/dev/null 2>&1
  echo "$event $ms"
}

# publish_run NAME CATALOG EVENT N ORIG_BYTES: publishes to a fresh host NAME, checks it holds N
# photos; appends "name n orig_bytes wall_ms up_bytes down_bytes rendition_bytes renditions rss_kb
# check" to $work/runs.txt
publish_run() {
  local name=$1 catalog=$2 event=$3 n=$4 ob=$5 t ms
  start_host "$name"
  "$cli" --catalog "$catalog" host add "$name" "$host_url" --token-file "$work/$name/token.txt" >/dev/null 2>&1
  say "$name: publishing $n photos"
  t=$(now_ms)
  /usr/bin/time -f '%M' -o "$work/$name/time.txt" "$cli" --catalog "$catalog" publish "$event" --host "$name" --json \
    --jobs "$jobs" >"$work/$name/publish.json" 2>"$work/$name/publish.err"
  ms=$(($(now_ms) - t))
  stop_relay
  local up down conns wb wms sent held check
  read -r up down conns wb wms <"$work/$name/wire.txt"
  sent=$(json_field "$work/$name/publish.json" sent)
  held=$(host_photos "$name" "$event")
  [ "$sent" = "$n" ] && [ "$held" = "$n" ] || { say "$name: sent $sent, the host holds $held of $n"; exit 1; }
  check=$("$host_bin" check --data "$work/$name/data" 2>&1 | tr '\n' ' ' || true)
  echo "$name $n $ob $ms $up $down $(json_field "$work/$name/publish.json" rendition_bytes)" \
    "$(json_field "$work/$name/publish.json" renditions_uploaded) $(cat "$work/$name/time.txt") $check" >>"$work/runs.txt"
}

: >"$work/runs.txt"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# --- 1. COUNT photos ------------------------------------------------------------------------------
make_set "$denom" "$count"
mapfile -t files < <(ls "$work/set-$denom"/img_*.jpg | head -n "$count")
orig=$(cat "${files[@]}" | wc -c)
size=$(vipsheader -f width "${files[0]}")x$(vipsheader -f height "${files[0]}")
make_event "$work/catalog" "${files[@]}" >"$work/event.txt"
read -r event import_ms <"$work/event.txt"
say "run 1: ${#files[@]} photos of $size imported in $((import_ms / 1000)) s"
publish_run main "$work/catalog" "$event" "${#files[@]}" "$orig"

# --- 2. LARGE_COUNT 24 MP photos ------------------------------------------------------------------
if [ "$large_count" -gt 0 ] && [ "$denom" != 1 ]; then
  make_set 1 "$large_count"
  mapfile -t large < <(ls "$work/set-1"/img_*.jpg | head -n "$large_count")
  lorig=$(cat "${large[@]}" | wc -c)
  make_event "$work/catalog-24mp" "${large[@]}" >"$work/event-24mp.txt"
  read -r levent _ <"$work/event-24mp.txt"
  publish_run large "$work/catalog-24mp" "$levent" "${#large[@]}" "$lorig"
fi

# --- 3. run 1's event to a fresh host with a speed cap --------------------------------------------
read -r _ _ _ main_ms main_up _ <"$work/runs.txt"
if [ "$cap" = auto ]; then
  cap_bytes=$(awk -v up="$main_up" -v ms="$main_ms" 'BEGIN {printf "%d", int(up / (ms / 1000) / 2 / 100000) * 100000}')
else
  cap_bytes=$(python3 -c 'import sys; s = sys.argv[1]; u = {"k": 1e3, "K": 1e3, "M": 1e6}.get(s[-1], 1); print(int(float(s.rstrip("kKM")) * u))' "$cap")
fi
start_host capped
"$cli" --catalog "$work/catalog" host add capped "$host_url" --token-file "$work/capped/token.txt" >/dev/null 2>&1
say "run 3: publishing with --speed-cap $cap_bytes"
t=$(now_ms)
"$cli" --catalog "$work/catalog" publish "$event" --host capped --json --jobs "$jobs" --speed-cap "$cap_bytes" \
  >"$work/capped/publish.json" 2>"$work/capped/publish.err" &
cli_pid=$!; pids+=("$cli_pid")
if [ "$cap_seconds" -gt 0 ]; then
  for ((s = 0; s < cap_seconds * 10; s++)); do kill -0 "$cli_pid" 2>/dev/null || break; sleep 0.1; done
  kill -INT "$cli_pid" 2>/dev/null || true
fi
wait "$cli_pid" || true
capped_ms=$(($(now_ms) - t))
stop_relay
read -r cup _ _ wbytes wms <"$work/capped/wire.txt"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "bench/publish, $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)," \
    "load average before $load_before, after $load_after; render jobs $jobs"
  while read -r name n ob ms up down rb nr rss check; do
    awk -v name="$name" -v n="$n" -v ob="$ob" -v ms="$ms" -v up="$up" -v down="$down" -v rb="$rb" -v nr="$nr" \
        -v rss="$rss" -v check="$check" -v size="$size" 'BEGIN {
      printf "%s: %d photos, originals %.1f MB (%.2f MB each)%s\n", name, n, ob / 1e6, ob / n / 1e6, name == "main" ? ", " size : ", 6000x4000"
      printf "  publish wall time            %.1f s (%.2f s per photo)\n", ms / 1000, ms / 1000 / n
      printf "  photos/s                     %.2f\n", n / (ms / 1000)
      printf "  on the wire, studio -> host  %.1f MB = %.3f x the originals\n", up / 1e6, up / ob
      printf "    rendition bodies (%d)     %.1f MB (%.0f KB per photo)\n", nr, rb / 1e6, rb / n / 1e3
      printf "    the rest (metadata, manifests, event, HTTP heads)  %.2f MB (%.1f KB per photo)\n", (up - rb) / 1e6, (up - rb) / n / 1e3
      printf "  host -> studio               %.2f MB\n", down / 1e6
      printf "  average rate on the wire     %.2f MB/s\n", up / 1e6 / (ms / 1000)
      printf "  peak RSS of the CLI          %.0f MB\n", rss / 1024
      printf "  proofdesk-host check         %s\n", check
    }'
  done <"$work/runs.txt"
  awk -v cap="$cap_bytes" -v cup="$cup" -v wb="$wbytes" -v wms="$wms" -v cms="$capped_ms" 'BEGIN {
    rate = (wms > 0) ? wb / (wms / 1000) : 0
    printf "capped: run 1 to a fresh host with --speed-cap %d (%.2f MB/s), for %.0f s\n", cap, cap / 1e6, cms / 1000
    printf "  sent %.1f MB; %.1f MB from the first 256 KB to the last byte, in %.1f s\n", cup / 1e6, wb / 1e6, wms / 1000
    printf "  achieved %.3f MB/s = %.1f%% of the cap (target >= 90%%)\n", rate / 1e6, 100 * rate / cap
  }'
} | tee "$work/result.txt"

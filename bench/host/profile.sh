#!/usr/bin/env bash
# bench/host/profile.sh: where proofdesk-host's CPU goes while it serves bench/host's thumbnail
# load. Reuses what run.sh left in PD_BENCH_DIR (build/bench/host: the store with the published
# event, the URL list), starts PD_HOST_BIN (build/release/app/proofdesk-host) on it, logs a
# gallery session in, warms up, then records `perf record --call-graph dwarf` for 6 s of wrk
# (THREADS 2, CONNECTIONS 64) and prints the inclusive cost of the functions that matter.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
work=${PD_BENCH_DIR:-$here/build/bench/host}
bin=${PD_HOST_BIN:-$here/build/release/app/proofdesk-host}
threads=${THREADS:-2}
connections=${CONNECTIONS:-64}
access_log=${ACCESS_LOG:-off} # the host's --access-log: off, or a FILE to measure its cost
[ -d "$work/data" ] && [ -s "$work/host-paths.txt" ] || { echo "profile.sh: run bench/host/run.sh first" >&2; exit 1; }

"$bin" serve --listen 127.0.0.1:0 --data "$work/data" --threads "$threads" --max-connections 1000 \
  --access-log "$access_log" >"$work/profile-host.out" 2>"$work/profile-host.err" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q '^listening on' "$work/profile-host.out" 2>/dev/null && break; sleep 0.1; done
host=http://$(sed -n 's/^listening on //p' "$work/profile-host.out")
jar=$work/profile-cookies.txt; rm -f "$jar"
csrf=$(curl -sS -c "$jar" "$host/g/bench" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n1)
curl -sS -o /dev/null -b "$jar" -c "$jar" --data-urlencode "code=bench-code" \
  --data-urlencode "email=bench@example.com" --data-urlencode "csrf=$csrf" "$host/g/bench/login"
cookie="pd_g=$(awk '$6 == "pd_g" {print $7}' "$jar")"
load() { PATHS_FILE=$work/host-paths.txt COOKIE=$cookie wrk -t"$threads" -c"$connections" -d"$1" \
  -s "$here/bench/host/thumbs.lua" "$host"; }
load 2s >/dev/null
perf record -F 499 --call-graph dwarf,16384 -p "$pid" -o "$work/perf.data" -- sleep 6 >/dev/null 2>&1 &
perf_pid=$!
load 8s | grep -E 'Requests/sec|Non-2xx' || true
wait "$perf_pid" || true
perf report -i "$work/perf.data" --no-children -g none --sort dso 2>/dev/null | grep '%' | head -6
perf report -i "$work/perf.data" --children -g none --sort symbol 2>/dev/null | grep '%' | sed 's/  */ /g' |
  grep -E '__libc_sendmsg|__libc_recvmsg|epoll_wait|AccessLog::write|HostSite::handle|cachedImage|sessionOpens|GalleryImageCache|addSecurityHeaders|_int_malloc|_int_free|futex' |
  cut -c1-110 | head -20

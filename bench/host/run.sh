#!/usr/bin/env bash
# bench/host/run.sh: thumbnail requests against proofdesk-host, side by side in one run with
# nginx serving the same bytes as static files. Neither writes an access log (nginx: access_log
# off; the host: --access-log off), nginx has sendfile on. An event of COUNT
# (200) photos with 640x427 JPEG thumbnails (about 40 KB) is published through the studio API,
# a gallery session is logged in, then wrk (THREADS 2, CONNECTIONS 64, DURATION 10s, after a
# 2 s warm-up) cycles over the thumbnail URLs with the session cookie. Both servers get 2 threads
# (nginx: 2 worker processes) on the same machine as wrk. Prints requests/s, p99 latency and
# peak RSS of each, the server's CPU time per request (user + system, all its threads or
# processes, over the measured run: the figure that does not depend on what else the machine is
# doing), and the throughput ratio. No assertion: it reports. ACCESS_LOG=FILE makes the host log.
# NGINX_FIRST=1 measures nginx before the host (alternate it between runs).
# PD_HOST_BIN=path skips the release build; PD_BENCH_DIR (build/bench/host) holds the work.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
count=${COUNT:-200}
threads=${THREADS:-2}
connections=${CONNECTIONS:-64}
access_log=${ACCESS_LOG:-off} # the host's --access-log: off, or a FILE to measure its cost
duration=${DURATION:-10s}
work=${PD_BENCH_DIR:-$here/build/bench/host}

"$here/packaging/install-deps.sh" bench
host_bin=${PD_HOST_BIN:-}
if [ -z "$host_bin" ]; then
  cmake --preset release -S "$here" >/dev/null
  cmake --build "$here/build/release" --target proofdesk-host >/dev/null
  host_bin=$here/build/release/app/proofdesk-host
fi
mkdir -p "$work"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# --- the thumbnails: crops of one fractal colour surface with sensor-like noise -------------
thumbs=$work/thumbs
if [ "$(ls "$thumbs" 2>/dev/null | wc -l)" -lt "$count" ]; then
  rm -rf "$thumbs" "$work/surface"; mkdir -p "$thumbs" "$work/surface"
  s=$work/surface
  for b in 1 2 3; do vips fractsurf "$s/f$b.v" 2400 1600 2.5; done
  vips bandjoin "$s/f1.v $s/f2.v $s/f3.v" "$s/rgb.v"
  vips linear "$s/rgb.v" "$s/lin.v" "60 60 60" "128 128 128"
  vips gaussnoise "$s/n.v" 2400 1600 --sigma 28 --mean 0
  vips add "$s/lin.v" "$s/n.v" "$s/sum.v"
  vips cast "$s/sum.v" "$s/u8.v" uchar
  for ((i = 0; i < count; i++)); do
    x=$(((i * 97) % 1700)); y=$(((i * 53) % 1150))
    vips extract_area "$s/u8.v" "$thumbs/p$(printf %03d "$i").jpg[Q=93,strip]" "$x" "$y" 640 427
  done
  rm -rf "$s"
fi
mapfile -t files < <(ls "$thumbs"/*.jpg | head -n "$count")
avg_kb=$(cat "${files[@]}" | wc -c | awk -v n=${#files[@]} '{printf "%.0f", $1 / n / 1024}')

peak_kib() { # peak_kib PID...: the sum of VmHWM
  local t=0 p v
  for p in "$@"; do v=$(awk '/^VmHWM:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0); t=$((t + ${v:-0})); done
  echo "$t"
}
cpu_ms() { # cpu_ms PID...: user + system CPU time used so far, summed, in milliseconds
  local t=0 p v hz
  hz=$(getconf CLK_TCK)
  for p in "$@"; do
    v=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}' || echo 0)
    t=$((t + ${v:-0}))
  done
  echo $((t * 1000 / hz))
}
# run_wrk NAME BASE_URL PATHS_FILE COOKIE PID...: warm-up, then the measured run; prints
# "rps p99_ms cpu_us_per_request" (the CPU of the PIDs, the server's, over the measured run)
run_wrk() {
  local name=$1 url=$2 paths=$3 cookie=$4 out=$work/wrk-$1.txt
  shift 4
  PATHS_FILE=$paths COOKIE=$cookie wrk -t"$threads" -c"$connections" -d2s -s "$here/bench/host/thumbs.lua" "$url" >/dev/null
  local cpu0 cpu1
  cpu0=$(cpu_ms "$@")
  PATHS_FILE=$paths COOKIE=$cookie wrk -t"$threads" -c"$connections" -d"$duration" --latency \
    -s "$here/bench/host/thumbs.lua" "$url" >"$out"
  cpu1=$(cpu_ms "$@")
  if grep -q 'Non-2xx' "$out"; then echo "bench/host: $name answered errors:" >&2; cat "$out" >&2; exit 1; fi
  local rps p99 requests
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v *= 1000}; print v}' "$out")
  requests=$(awk '/requests in/ {print $1}' "$out")
  echo "$rps $p99 $(awk "BEGIN {printf \"%.1f\", ($cpu1 - $cpu0) * 1000 / $requests}")"
}

# --- proofdesk-host: publish the event through the studio API, log a gallery session in -----
data=$work/data; rm -rf "$data"; mkdir -p "$data"
token=$("$host_bin" photographer add Bench --data "$data" 2>/dev/null)
"$host_bin" serve --listen 127.0.0.1:0 --data "$data" --threads "$threads" --max-connections 1000 \
  --access-log "$access_log" >"$work/host.out" 2>"$work/host.err" &
host_pid=$!; pids+=("$host_pid")
for _ in $(seq 100); do grep -q '^listening on' "$work/host.out" 2>/dev/null && break; sleep 0.1; done
host=http://$(sed -n 's/^listening on //p' "$work/host.out")
api() { curl -sS --fail-with-body -H "Authorization: Bearer $token" "$@"; }
event=$(cat /proc/sys/kernel/random/uuid)
api -X PUT -H 'Content-Type: application/json' \
  -d '{"name": "Bench", "slug": "bench", "gallery": {"access_code": "bench-code"}}' "$host/api/v1/events/$event" >/dev/null
: >"$work/host-paths.txt"; : >"$work/nginx-paths.txt"
mkdir -p "$work/static/t"
for ((i = 0; i < ${#files[@]}; i++)); do
  f=${files[i]}; sha=$(sha256sum "$f" | cut -c1-64); id=p$i
  api -X PUT -H 'Content-Type: image/jpeg' --data-binary "@$f" "$host/api/v1/renditions/$sha" >/dev/null
  api -X PUT -H 'Content-Type: application/json' \
    -d "{\"position\": $i, \"renditions\": {\"thumb\": \"$sha\", \"proof\": \"$sha\"}}" \
    "$host/api/v1/events/$event/photos/$id" >/dev/null
  echo "/g/bench/img/$id/thumb" >>"$work/host-paths.txt"
  cp "$f" "$work/static/t/$id.jpg"
  echo "/t/$id.jpg" >>"$work/nginx-paths.txt"
done
jar=$work/cookies.txt; rm -f "$jar"
csrf=$(curl -sS -c "$jar" "$host/g/bench" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n1)
curl -sS -o /dev/null -b "$jar" -c "$jar" --data-urlencode "code=bench-code" \
  --data-urlencode "email=bench@example.com" --data-urlencode "csrf=$csrf" "$host/g/bench/login"
session=$(awk '$6 == "pd_g" {print $7}' "$jar")
[ -n "$session" ] || { echo "bench/host: the gallery login did not give a session cookie" >&2; exit 1; }
cookie="pd_g=$session"
check=$(curl -sS -o /dev/null -w '%{http_code} %{content_type} %{size_download}' -H "Cookie: $cookie" \
  "$host$(head -n1 "$work/host-paths.txt")")
[ "${check%% *}" = 200 ] || { echo "bench/host: a thumbnail request got $check" >&2; exit 1; }


# --- nginx: the same bytes as static files ---------------------------------------------------
ng=$work/nginx; rm -rf "$ng"; mkdir -p "$ng/logs" "$ng/tmp"
port=0
while :; do # a free port: nothing answers on it
  port=$((20000 + RANDOM % 30000))
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done
cat >"$ng/nginx.conf" <<CONF
worker_processes $threads;
daemon off;
pid $ng/nginx.pid;
error_log $ng/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { image/jpeg jpg; }
  client_body_temp_path $ng/tmp/body; proxy_temp_path $ng/tmp/proxy; fastcgi_temp_path $ng/tmp/fcgi;
  uwsgi_temp_path $ng/tmp/uwsgi; scgi_temp_path $ng/tmp/scgi;
  server { listen 127.0.0.1:$port; root $work/static; }
}
CONF
nginx -c "$ng/nginx.conf" -p "$ng" &
nginx_pid=$!; pids+=("$nginx_pid")
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/t/p0.jpg" && break; sleep 0.1; done
# --- the measured runs, one server at a time (the other idles); NGINX_FIRST=1 swaps the order --
measure_host() {
  read -r host_rps host_p99 host_cpu < <(run_wrk host "$host" "$work/host-paths.txt" "$cookie" "$host_pid")
  host_peak=$(peak_kib "$host_pid")
}
measure_nginx() {
  read -r nginx_rps nginx_p99 nginx_cpu < <(run_wrk nginx "http://127.0.0.1:$port" "$work/nginx-paths.txt" "" \
    "$nginx_pid" $(pgrep -P "$nginx_pid" || true))
  nginx_peak=$(peak_kib "$nginx_pid" $(pgrep -P "$nginx_pid" || true))
}
if [ "${NGINX_FIRST:-0}" = 1 ]; then measure_nginx; measure_host; else measure_host; measure_nginx; fi
kill "$host_pid" "$nginx_pid"; wait "$host_pid" "$nginx_pid" 2>/dev/null || true

{
  echo "bench/host: ${#files[@]} thumbnails of about ${avg_kb} KB, wrk -t$threads -c$connections -d$duration, $(nproc) cores," \
    "$([ "${NGINX_FIRST:-0}" = 1 ] && echo nginx || echo host) measured first, load $(cut -d' ' -f1 /proc/loadavg)"
  printf '%-16s %12s %10s %14s %14s\n' "" "requests/s" "p99 ms" "peak RSS MiB" "CPU us/req"
  printf '%-16s %12.0f %10.2f %14.1f %14.1f\n' proofdesk-host "$host_rps" "$host_p99" \
    "$(awk "BEGIN {print $host_peak / 1024}")" "$host_cpu"
  printf '%-16s %12.0f %10.2f %14.1f %14.1f\n' nginx "$nginx_rps" "$nginx_p99" \
    "$(awk "BEGIN {print $nginx_peak / 1024}")" "$nginx_cpu"
  printf 'host / nginx throughput: %.2f (target 0.50 or more); CPU per request, nginx / host: %.2f\n' \
    "$(awk "BEGIN {print $host_rps / $nginx_rps}")" "$(awk "BEGIN {print $nginx_cpu / $host_cpu}")"
} | tee "$work/result.txt"

#!/usr/bin/env bash
# Measures the native hiy binary: file size, start-to-first-200 on /health, and idle VmRSS (split into
# anonymous and file-backed pages) a few seconds after start, each over N runs (default 5), printing
# medians. The data dir is set up once with APPS apps (default 15) registered and as many static sites
# active (each one a route in the proxy's table) and copied for every run, so the start reads a
# populated store. Not a test: numbers are reported, never asserted.
#   scripts/bench-native-start.sh [path/to/native/hiy]   (default: artifacts/native/hiy, published if missing)
# Extra environment for hiy (e.g. DOTNET_GCgen0size=0x100000) passes through to every run.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$HIY_ROOT"

RUNS="${RUNS:-5}"
APPS="${APPS:-15}"
BIN="$(native_hiy "${1:-}")"
command -v curl >/dev/null || fail "curl is needed"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now_ms() { date +%s%3N; }

# The populated data dir: setup, then APPS apps and APPS active static sites through the API.
populate() {
  local data="$WORK/template" port pid token i
  port=$(free_port)
  HIY_SETUP_CODE=BENCH-CODE-2345 "$BIN" serve --data-dir "$data" --http-port "$port" --https-port 0 --bind 127.0.0.1 \
    --docker-host "unix://$data/no-docker.sock" >"$WORK/populate.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/health"; do kill -0 "$pid" 2>/dev/null || fail "hiy exited"; sleep 0.05; done
  token=$(curl -fsS -H 'Content-Type: application/json' -d '{"admin_password":"bench bench bench","domain":"pi.example.com","setup_code":"BENCH-CODE-2345"}' \
    "http://127.0.0.1:$port/api/v1/setup" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
  [ -n "$token" ] || fail "setup gave no token (log: $WORK/populate.log)"
  mkdir -p "$WORK/site" && echo '<h1>bench</h1>' >"$WORK/site/index.html"
  tar -czf "$WORK/site.tar.gz" -C "$WORK/site" .
  for i in $(seq 1 "$APPS"); do
    curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "{\"name\":\"app$i\",\"port\":8080}" "http://127.0.0.1:$port/api/v1/apps" || fail "creating app$i failed"
    curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $token" --data-binary @"$WORK/site.tar.gz" \
      "http://127.0.0.1:$port/api/v1/sites/site$i/versions/v1" || fail "uploading site$i failed"
    curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d '{"version":"v1"}' "http://127.0.0.1:$port/api/v1/sites/site$i/active" || fail "activating site$i failed"
  done
  curl -fsS -o /dev/null -H 'Host: site1.pi.example.com' "http://127.0.0.1:$port/" || fail "site1 is not routed"
  kill -TERM "$pid"; wait "$pid" || true
}
populate
info "data dir: $APPS apps registered, $APPS static sites active (routed by host)"

# CPU time (user+sys, all threads, from /proc/PID/stat in clock ticks) up to the first 200: less sensitive to
# a loaded machine than the wall-clock start, which also counts the time hiy waited for a core.
tick_ms=$((1000 / $(getconf CLK_TCK)))
cpu_ms() { awk -v t="$tick_ms" '{ sub(/^.*\) /, ""); print ($12 + $13) * t }' "/proc/$1/stat"; }
starts=() cpus=() rss=() anon=() filed=()
for i in $(seq 1 "$RUNS"); do
  data="$WORK/run$i"
  cp -a "$WORK/template" "$data"
  port=$(free_port)
  t0=$(now_ms)
  "$BIN" serve --data-dir "$data" --http-port "$port" --https-port 0 --bind 127.0.0.1 \
    --docker-host "unix://$data/no-docker.sock" >/dev/null 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/health"; do
    kill -0 "$pid" 2>/dev/null || fail "hiy exited during run $i"
    sleep 0.002
  done
  t1=$(now_ms)
  cpus+=("$(cpu_ms "$pid")")
  sleep 3
  starts+=($((t1 - t0)))
  rss+=("$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")")
  anon+=("$(awk '/RssAnon/ {print $2}' "/proc/$pid/status")")
  filed+=("$(awk '/RssFile/ {print $2}' "/proc/$pid/status")")
  kill -TERM "$pid"; wait "$pid" || true
  rm -rf "$data"
  info "run $i: first 200 after $((t1 - t0)) ms (CPU ${cpus[-1]} ms), idle VmRSS $(( ${rss[-1]} / 1024 )) MB (anonymous $(( ${anon[-1]} / 1024 )), file $(( ${filed[-1]} / 1024 )))"
done
mb() { awk "BEGIN {printf \"%.1f\", $1/1024}"; }

size_mb=$(du -m "$BIN" | cut -f1)
start_med=$(printf '%s\n' "${starts[@]}" | median)
cpu_med=$(printf '%s\n' "${cpus[@]}" | median)
rss_med=$(printf '%s\n' "${rss[@]}" | median)
anon_med=$(printf '%s\n' "${anon[@]}" | median)
file_med=$(printf '%s\n' "${filed[@]}" | median)
step "native hiy ($BIN): size ${size_mb} MB; $APPS apps + $APPS sites; median of $RUNS: first 200 after ${start_med} ms (CPU user+sys ${cpu_med} ms), idle VmRSS $(mb "$rss_med") MB (anonymous $(mb "$anon_med") MB, file-backed $(mb "$file_med") MB); load average $(cut -d' ' -f1-3 /proc/loadavg)"

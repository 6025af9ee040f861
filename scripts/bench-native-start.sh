#!/usr/bin/env bash
# Measures the native hiy binary the way the foundation issue asks: file size, start-to-first-200 on
# /health, and idle VmRSS a few seconds after start, each over N runs (default 5), printing medians.
# Not a test: numbers are reported, never asserted.
#   scripts/bench-native-start.sh [path/to/native/hiy]   (default: artifacts/native/hiy, published if missing)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$HIY_ROOT"

RUNS="${RUNS:-5}"
BIN="$(native_hiy "${1:-}")"
command -v curl >/dev/null || fail "curl is needed"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now_ms() { date +%s%3N; }

starts=() rss=()
for i in $(seq 1 "$RUNS"); do
  data="$(mktemp -d)"
  port=$((20000 + RANDOM % 20000))
  t0=$(now_ms)
  "$BIN" serve --data-dir "$data" --http-port "$port" --https-port 0 --bind 127.0.0.1 \
    --docker-host "unix://$data/no-docker.sock" >/dev/null 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/health"; do
    kill -0 "$pid" 2>/dev/null || fail "hiy exited during run $i"
    sleep 0.002
  done
  t1=$(now_ms)
  sleep 3
  starts+=($((t1 - t0)))
  rss+=("$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")")
  kill -TERM "$pid"; wait "$pid" || true
  rm -rf "$data"
  info "run $i: first 200 after $((t1 - t0)) ms, idle VmRSS $(( ${rss[-1]} / 1024 )) MB"
done

size_mb=$(du -m "$BIN" | cut -f1)
start_med=$(printf '%s\n' "${starts[@]}" | median)
rss_med=$(printf '%s\n' "${rss[@]}" | median)
step "native hiy ($BIN): size ${size_mb} MB; median of $RUNS: first 200 after ${start_med} ms, idle VmRSS $(awk "BEGIN {printf \"%.1f\", $rss_med/1024}") MB"

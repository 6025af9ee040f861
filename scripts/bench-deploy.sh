#!/usr/bin/env bash
# Measures "git push → live" for a cached Dockerfile app and the route-swap time, medians of N runs
# (default 5), against the native hiy binary and the test dockerd. A benchmark, not a test: it prints
# figures and asserts nothing.
#   scripts/bench-deploy.sh [path/to/native/hiy]
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$HIY_ROOT"

RUNS="${RUNS:-5}"
BIN="$(native_hiy "${1:-}")"
bash scripts/test-deps.sh up >/dev/null
# shellcheck disable=SC1091
source "${HIY_TEST_STATE:-/tmp/hiy-test}/env"

work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
HIY_SETUP_CODE=BENCH-CODE-2345 "$BIN" serve --data-dir "$work/data" --http-port "$port" --https-port 0 --bind 127.0.0.1 \
  --docker-host "$HIY_TEST_DOCKER_HOST" --domain bench.test >"$work/hiy.log" 2>&1 &
hiy_pid=$!
cleanup() {
  curl -fs -X DELETE -H "Authorization: Bearer ${token:-}" "http://127.0.0.1:$port/api/v1/apps/bench" >/dev/null 2>&1 || true
  kill -TERM "$hiy_pid" 2>/dev/null || true
  wait "$hiy_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
until curl -fs -o /dev/null "http://127.0.0.1:$port/health"; do sleep 0.05; done

api() { curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
token=$(curl -fsS -H 'Content-Type: application/json' -d '{"admin_password":"bench password 1","domain":"bench.test","setup_code":"BENCH-CODE-2345"}' \
  "http://127.0.0.1:$port/api/v1/setup" | sed -E 's/.*"token":"([^"]+)".*/\1/')
api -d '{"name":"bench","port":8080,"memory_mb":64}' "http://127.0.0.1:$port/api/v1/apps" >/dev/null

repo="$work/repo"
git init -q -b main "$repo"
git -C "$repo" config user.email bench@hiy.invalid
git -C "$repo" config user.name bench
commit() {
  cat >"$repo/Dockerfile" <<DOCKERFILE
FROM hiy-test/busybox
RUN mkdir -p /www
RUN echo "$1" > /www/index.html
CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
DOCKERFILE
  git -C "$repo" add -A
  git -C "$repo" commit -q -m "$1"
}
push() { git -C "$repo" push -q "http://hiy:$token@127.0.0.1:$port/git/bench.git" main:main 2>&1; }

step "warming up (first push builds the base layers)"
commit "warm-up"
push >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
lives=() swaps=()
for i in $(seq 1 "$RUNS"); do
  commit "run $i"
  t0=$(date +%s%3N)
  out="$(push)"
  body="$(curl -fs -H "Host: bench.bench.test" "http://127.0.0.1:$port/")"
  t1=$(date +%s%3N)
  [ "$body" = "run $i" ] || fail "run $i: served '$body' after the push"
  swap="$(printf '%s\n' "$out" | sed -nE 's/.*route swap took ([0-9.]+) ms.*/\1/p' | tail -n 1)"
  lives+=($((t1 - t0)))
  swaps+=("${swap:-nan}")
  info "run $i: push → live $((t1 - t0)) ms, route swap ${swap:-?} ms"
done
step "median of $RUNS: push → live $(printf '%s\n' "${lives[@]}" | median) ms, route swap $(printf '%s\n' "${swaps[@]}" | median) ms"

#!/usr/bin/env bash
# Smoke test of the linux-arm64 hiy (the Raspberry Pi's binary) on this x86-64 machine, under
# qemu-user against the arm64 root scripts/publish-hiy.sh prepared:
#   the ELF is ARM aarch64 and needs only libraries the images install; `hiy serve` on a fresh data
#   dir reads a TOML config with every kind of value hiy's keys take (and warns about an unknown
#   table); /health; the wizard refuses a wrong setup code and takes the right one; an app is
#   created; after a restart on the same data dir the token still works and the app is still there.
#   scripts/test-arm64.sh ARM64_HIY
# The last line is "arm64: N passed, N failed" (the test command sums it up).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BIN=${1:?usage: test-arm64.sh ARM64_HIY}
ROOT="$HIY_ARM64_ROOT"
QEMU=$(command -v qemu-aarch64-static || true)
[ -n "$QEMU" ] || fail "qemu-aarch64-static is missing (apt-get install qemu-user-static)"
[ -f "$ROOT/.hiy-root" ] || fail "no arm64 root at $ROOT (scripts/publish-hiy.sh linux-arm64 builds it)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/hiy-arm64.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

check "file says ARM aarch64: $(file -b "$BIN" | cut -d, -f1-2)" bash -c "file -b '$BIN' | grep -q 'ARM aarch64'"
needed=$(LC_ALL=C readelf -d "$BIN" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
others=$(tr ' ' '\n' <<<"$needed" | sed '/^$/d' | grep -Ev '^(libc|libm|ld-linux-aarch64)\.so' || true)
check "needs only libc, libm and the loader: $needed" test -z "$others"
check "nothing ships beside it: $(find "$(dirname "$BIN")" -mindepth 1 -maxdepth 1 -printf '%f ')" \
  test -z "$(find "$(dirname "$BIN")" -mindepth 1 -maxdepth 1 ! -name hiy ! -name hiy.dbg)"

port=$(free_port)
code="ARM64-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
# Every kind of value hiy's settings take: basic and literal strings, a hexadecimal and a decimal
# integer, an array over several lines with a trailing comma, comments; plus an unknown table,
# which is warned about and ignored.
cat >"$WORK/hiy.toml" <<TOML
# hiy on a Pi, as the image's /etc/hiy/hiy.toml would be
data_dir = '$WORK/data'
http_port = 0x$(printf '%x' "$port")
https_port = 0
bind = "127.0.0.1"
domain = "pi.example.com"   # apps at <app>.pi.example.com
docker_host = "unix://$WORK/no-docker.sock"
setup_code = "$code"
build_cache_max_mb = 1_024
acme_dns_servers = [
  "127.0.0.1:53",
  "[::1]:53",
]
log_level = "information"

[future_feature]
enabled = true
since = 2026-12-01T00:00:00Z
TOML

serve() { # starts hiy under qemu-user in the background; waits for /health
  "$QEMU" -L "$ROOT" "$BIN" serve --config "$WORK/hiy.toml" >>"$WORK/serve.log" 2>&1 &
  pid=$!
  local t0=$SECONDS
  for _ in $(seq 1 240); do
    if curl -fsS -m 2 "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
      info "hiy (arm64, qemu-user) answered /health after $((SECONDS - t0)) s"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  tail -n 20 "$WORK/serve.log" >&2
  return 1
}
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
api() { # METHOD PATH [BODY] : body into $WORK/out, HTTP status echoed
  local args=(-sS -m 120 -X "$1" -o "$WORK/out" -w '%{http_code}')
  [ -n "${token:-}" ] && args+=(-H "Authorization: Bearer $token")
  [ -n "${3:-}" ] && args+=(-H 'Content-Type: application/json' -d "$3")
  curl "${args[@]}" "http://127.0.0.1:$port$2" 2>/dev/null || echo 000
}

step "hiy serve (linux-arm64 under qemu-user) with a TOML config"
if serve; then ok "hiy serve started from the TOML config and answers /health on port $port"
else bad "hiy serve under qemu-user did not answer /health"; tap_summary arm64; exit 1; fi
check "the unknown table is warned about, not fatal" grep -q "unknown setting 'future_feature" "$WORK/serve.log"
s=$(api GET /api/v1/setup)
check "GET /api/v1/setup: not completed, setup code required, domain from the file ($s: $(cat "$WORK/out"))" \
  grep -q '"completed":false,"setup_code_required":true,"domain":"pi.example.com"' "$WORK/out"
setup='{"admin_password":"correct horse battery staple","domain":"pi.example.com","setup_code":"'
s=$(api POST /api/v1/setup "${setup}WRONG-CODE-1234\"}")
check "the wizard refuses a wrong setup code (got $s, want 403)" test "$s" = 403
s=$(api POST /api/v1/setup "${setup}$code\"}")
check "the wizard takes the right setup code (got $s, want 200)" test "$s" = 200
token=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$WORK/out")
s=$(api POST /api/v1/apps '{"name":"blog","port":8080}')
check "POST /api/v1/apps {name: blog} answers 201 (got $s)" test "$s" = 201
check "sqlite holds the app (hiy's own statically linked SQLite wrote the file)" test -s "$WORK/data/hiy.db"

stop
step "restarting hiy on the same data dir"
if serve; then ok "hiy started again on the same data dir"; else bad "hiy did not start again"; fi
s=$(api GET /api/v1/apps)
check "after the restart the token works and the app is there (got $s: $(head -c 200 "$WORK/out"))" \
  bash -c "test '$s' = 200 && grep -q '\"name\":\"blog\"' '$WORK/out'"
s=$(api GET /api/v1/setup)
check "after the restart setup is completed (got $s)" grep -q '"completed":true' "$WORK/out"
stop
if grep -E '^\s+at |Unhandled exception' "$WORK/serve.log" >/dev/null; then bad "hiy logged a stack trace"; sed -n '1,40p' "$WORK/serve.log"
else ok "no stack trace in hiy's log"; fi
tap_summary arm64
(( failed == 0 ))

#!/usr/bin/env bash
# Benchmarks the shipped `hiy serve` as a reverse proxy and static file server, side by side in one run
# with Caddy and nginx in front of the same backend (a benchmark, not a test: it prints figures and
# asserts nothing; they vary by machine, the ratios are what to read):
#   1. apt packages (wrk, caddy, nginx, openssl) when missing; the native hiy ($1, else native_hiy)
#   2. a state dir (mktemp -d) with one self-signed ECDSA P-256 certificate for Caddy and nginx (hiy
#      serves its own fallback certificate, also ECDSA P-256)
#   3. `hiy serve` on a fresh data dir and the test dockerd; setup, the app "bench" deployed by
#      git push (busybox httpd serving a small index and a 100 KB file), the app "ws" (a relay in a
#      container to a python3 stdlib WebSocket echo server on the docker bridge), the static site
#      "files" (a 10 KB file)
#   4. Caddy and nginx in front of the same containers' published ports, and serving the same 10 KB file
#   5. wrk (and a python3 stdlib WebSocket loop) against the backend directly, hiy, Caddy and nginx:
#      HTTP keep-alive, HTTPS keep-alive, a new TLS connection per request, 100 KB bodies, the
#      static 10 KB file, WebSocket echo round trips
#   6. a table of req/s and p99 per target and hiy's req/s ratio to Caddy and to nginx
#
#   scripts/bench-proxy.sh [path/to/native/hiy]             about 3 minutes
#   BENCH_DURATION=10s BENCH_CONNECTIONS=16 scripts/bench-proxy.sh
#
# Needs the test dockerd (scripts/test-deps.sh up; $HIY_TEST_DOCKER_HOST and the image hiy-test/busybox).
# Everything listens on 127.0.0.1 (the echo server on the docker bridge's gateway address), on ports
# picked free at run time; everything started is stopped on exit and the apps are deleted.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$HIY_ROOT"

THREADS="${BENCH_THREADS:-2}"
# busybox httpd listens with a backlog of 9 and forks per request: more connections than that only
# measure its SYN drops (1 s retransmits), so the default stays below it.
CONNECTIONS="${BENCH_CONNECTIONS:-8}"
DURATION="${BENCH_DURATION:-5s}"
WARMUP="${BENCH_WARMUP:-1s}"
WS_CONNECTIONS="${BENCH_WS_CONNECTIONS:-8}"
DOMAIN=bench.test
PIDS=()
HIY_PID=""
TOKEN=""
HIY_PORT=""
WS_SKIP=""

STATE="$(mktemp -d)"
chmod 755 "$STATE" # nginx's workers read the static file in it; the key stays 0600
cleanup() {
  local pid
  if [ -n "$TOKEN" ]; then
    local app
    for app in bench ws; do
      curl -fs -X DELETE -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$HIY_PORT/api/v1/apps/$app" >/dev/null 2>&1 || true
    done
  fi
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$STATE"
}
trap cleanup EXIT

start() { # name logfile command...
  local name="$1" log="$2"
  shift 2
  "$@" >"$log" 2>&1 &
  PIDS+=("$!")
  info "$name started (pid $!)"
}

port_open() { # port [host]: within 20 s
  for _ in $(seq 1 200); do
    if (exec 3<>"/dev/tcp/${2:-127.0.0.1}/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}
wait_port() { port_open "$@" || fail "nothing listens on ${2:-127.0.0.1}:$1 (logs in $STATE)"; }

api() { curl -fsS -H "Authorization: Bearer $TOKEN" "$@"; }

stage_1_prerequisites() {
  step "prerequisites"
  local packages=(wrk caddy openssl)
  command -v nginx >/dev/null || packages+=(nginx-light)
  need_packages "${packages[@]}"
  BIN="$(native_hiy "${1:-}")"
  info "hiy: $BIN"
  if [ -z "${HIY_TEST_DOCKER_HOST:-}" ] && [ -f "${HIY_TEST_STATE:-/tmp/hiy-test}/env" ]; then
    # shellcheck disable=SC1091
    source "${HIY_TEST_STATE:-/tmp/hiy-test}/env"
  fi
  [ -n "${HIY_TEST_DOCKER_HOST:-}" ] || fail "no test dockerd: run scripts/test-deps.sh up"
  DOCKER=(docker -H "$HIY_TEST_DOCKER_HOST")
  "${DOCKER[@]}" image inspect hiy-test/busybox >/dev/null 2>&1 \
    || fail "the test dockerd ($HIY_TEST_DOCKER_HOST) does not answer or lacks hiy-test/busybox: run scripts/test-deps.sh up"
}

stage_2_state() {
  step "state in $STATE; the certificate for Caddy and nginx (ECDSA P-256)"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1,DNS:*.$DOMAIN" \
    -keyout "$STATE/key.pem" -out "$STATE/cert.pem" 2>/dev/null
  mkdir -p "$STATE/www"
  head -c 10240 /dev/zero | tr '\0' 'x' >"$STATE/www/file10k.html"
}

# The WebSocket echo server (and its plain-HTTP 200 for health checks) and the client loop, stdlib only.
write_ws_tools() {
  cat >"$STATE/ws_echo.py" <<'PY'
import asyncio, base64, hashlib, sys
GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
async def handle(reader, writer):
    try:
        head = await reader.readuntil(b"\r\n\r\n")
        key = None
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"sec-websocket-key":
                key = value.strip()
        if key is None:
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            await writer.drain()
            return
        accept = base64.b64encode(hashlib.sha1(key + GUID).digest())
        writer.write(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n")
        while True:
            b0, b1 = await reader.readexactly(2)
            n = b1 & 0x7F
            if n == 126:
                n = int.from_bytes(await reader.readexactly(2), "big")
            elif n == 127:
                n = int.from_bytes(await reader.readexactly(8), "big")
            mask = await reader.readexactly(4) if b1 & 0x80 else b"\0\0\0\0"
            data = bytes(c ^ mask[i % 4] for i, c in enumerate(await reader.readexactly(n)))
            if b0 & 0x0F == 8:
                return
            writer.write(bytes([b0, n]) + data)  # the client sends < 126 bytes
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()
async def main():
    server = await asyncio.start_server(handle, sys.argv[1], int(sys.argv[2]))
    async with server:
        await server.serve_forever()
asyncio.run(main())
PY
  cat >"$STATE/ws_bench.py" <<'PY'
# ws_bench.py PORT HOST CONNECTIONS SECONDS → "round-trips/s p99_ms", or an error on stderr and exit 1.
import asyncio, base64, os, sys, time
port, host, conns, seconds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
payload = b"hiy websocket bench payload 32b."
async def one(deadline, latencies):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    key = base64.b64encode(os.urandom(16))
    writer.write(b"GET / HTTP/1.1\r\nHost: " + host.encode() + b"\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + key + b"\r\n\r\n")
    head = await reader.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 101"):
        raise RuntimeError(head.split(b"\r\n")[0].decode(errors="replace"))
    mask = os.urandom(4)
    frame = bytes([0x81, 0x80 | len(payload)]) + mask + bytes(c ^ mask[i % 4] for i, c in enumerate(payload))
    while time.monotonic() < deadline:
        t0 = time.perf_counter()
        writer.write(frame)
        b0, b1 = await reader.readexactly(2)
        echoed = await reader.readexactly(b1 & 0x7F)
        latencies.append(time.perf_counter() - t0)
        if echoed != payload:
            raise RuntimeError("the echo differs from what was sent")
    writer.close()
async def main():
    latencies = []
    start = time.monotonic()
    await asyncio.gather(*(one(start + seconds, latencies) for _ in range(conns)))
    elapsed = time.monotonic() - start
    latencies.sort()
    print("%.0f %.2f" % (len(latencies) / elapsed, latencies[int(len(latencies) * 0.99)] * 1000))
try:
    asyncio.run(main())
except Exception as e:
    print(f"{type(e).__name__}: {e}", file=sys.stderr)
    sys.exit(1)
PY
}

push_app() { # app dir
  git -C "$2" init -q -b main
  git -C "$2" add -A
  git -C "$2" -c user.email=bench@hiy.invalid -c user.name=bench commit -q -m "$1"
  git -C "$2" push -q "http://hiy:$TOKEN@127.0.0.1:$HIY_PORT/git/$1.git" main:main >"$STATE/push-$1.log" 2>&1
}

published_port() { # app → the container's 127.0.0.1 port for 8080
  "${DOCKER[@]}" ps --filter "label=hiy.app=$1" --format '{{.Ports}}' | sed -nE 's/.*127\.0\.0\.1:([0-9]+)->8080.*/\1/p' | head -n 1
}

stage_3_hiy() {
  step "hiy serve on a fresh data dir, setup, the app bench by git push, the static site files"
  HIY_PORT="$(free_port)" HIY_TLS="$(free_port)"
  start hiy "$STATE/hiy.log" env HIY_SETUP_CODE=BENCH-CODE-2345 "$BIN" serve --data-dir "$STATE/data" --http-port "$HIY_PORT" --https-port "$HIY_TLS" \
    --bind 127.0.0.1 --docker-host "$HIY_TEST_DOCKER_HOST" --domain "$DOMAIN"
  HIY_PID="${PIDS[-1]}"
  until curl -fs -o /dev/null "http://127.0.0.1:$HIY_PORT/health"; do sleep 0.05; done
  HIY_IDLE_RSS="$(awk '/VmRSS/ { printf "%.0f MB", $2 / 1024 }' "/proc/$HIY_PID/status")"
  TOKEN="$(curl -fsS -H 'Content-Type: application/json' -d "{\"admin_password\":\"bench password 1\",\"domain\":\"$DOMAIN\",\"setup_code\":\"BENCH-CODE-2345\"}" \
    "http://127.0.0.1:$HIY_PORT/api/v1/setup" | sed -E 's/.*"token":"([^"]+)".*/\1/')"

  api -H 'Content-Type: application/json' -d '{"name":"bench","port":8080,"memory_mb":64}' "http://127.0.0.1:$HIY_PORT/api/v1/apps" >/dev/null
  mkdir -p "$STATE/bench/www"
  printf 'hello from the backend, a small static body for the proxy benchmark.\n' >"$STATE/bench/www/index.html"
  head -c 102400 /dev/zero | tr '\0' 'y' >"$STATE/bench/www/100k.bin"
  cat >"$STATE/bench/Dockerfile" <<'EOF'
FROM hiy-test/busybox
COPY www /www
CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
EOF
  push_app bench "$STATE/bench" || { cat "$STATE/push-bench.log" >&2; fail "the push of bench was rejected"; }
  APP_PORT="$(published_port bench)"
  [ -n "$APP_PORT" ] || fail "no published 127.0.0.1 port for the bench container"
  info "bench's container listens on 127.0.0.1:$APP_PORT"

  tar -C "$STATE/www" -czf "$STATE/site.tar.gz" .
  api -X PUT -H 'Content-Type: application/gzip' --data-binary "@$STATE/site.tar.gz" \
    "http://127.0.0.1:$HIY_PORT/api/v1/sites/files/versions/v1" >/dev/null
  api -H 'Content-Type: application/json' -d '{"version":"v1"}' "http://127.0.0.1:$HIY_PORT/api/v1/sites/files/active" >/dev/null
}

# The WebSocket backend: busybox has no WebSocket server, so the app "ws" is a relay (busybox nc, one
# per connection) to ws_echo.py on the docker bridge; Caddy and nginx proxy to the same relay.
stage_3b_ws_backend() {
  step "the WebSocket echo backend (app ws: a relay in a container to a python3 echo server)"
  write_ws_tools
  local container gateway
  container="$("${DOCKER[@]}" ps -q --filter label=hiy.app=bench | head -n 1)"
  gateway="$("${DOCKER[@]}" inspect -f '{{range .NetworkSettings.Networks}}{{.Gateway}} {{end}}' "$container" | awk '{ print $1 }')"
  if [ -z "$gateway" ]; then WS_SKIP="the app container has no bridge gateway to reach an echo server on"; return; fi
  ECHO_PORT="$(free_port)"
  start ws-echo "$STATE/ws-echo.log" python3 "$STATE/ws_echo.py" "$gateway" "$ECHO_PORT"
  if ! port_open "$ECHO_PORT" "$gateway"; then WS_SKIP="the echo server could not listen on $gateway:$ECHO_PORT"; return; fi
  api -H 'Content-Type: application/json' -d '{"name":"ws","port":8080,"memory_mb":32}' "http://127.0.0.1:$HIY_PORT/api/v1/apps" >/dev/null
  mkdir -p "$STATE/ws"
  cat >"$STATE/ws/Dockerfile" <<EOF
FROM hiy-test/busybox
CMD ["nc", "-ll", "-p", "8080", "-e", "nc", "$gateway", "$ECHO_PORT"]
EOF
  if ! push_app ws "$STATE/ws"; then WS_SKIP="the push of the relay app was rejected (see the push log)"; sed 's/^/       /' "$STATE/push-ws.log" | tail -n 5; return; fi
  WS_PORT="$(published_port ws)"
  [ -n "$WS_PORT" ] || WS_SKIP="no published port for the relay container"
  info "ws echo on $gateway:$ECHO_PORT, relayed by the ws container on 127.0.0.1:${WS_PORT:-?}"
}

stage_4_caddy_nginx() {
  step "Caddy and nginx in front of the same container ports, and serving the same 10 KB file"
  CADDY="$(free_port)" CADDY_TLS="$(free_port)" CADDY_STATIC="$(free_port)" CADDY_WS="$(free_port)"
  NGINX="$(free_port)" NGINX_TLS="$(free_port)" NGINX_STATIC="$(free_port)" NGINX_WS="$(free_port)"
  mkdir -p "$STATE/caddy"
  cat >"$STATE/caddy/Caddyfile" <<EOF
{
  admin off
  auto_https off
  storage file_system $STATE/caddy/data
}
http://:$CADDY {
  bind 127.0.0.1
  reverse_proxy 127.0.0.1:$APP_PORT
}
https://:$CADDY_TLS {
  bind 127.0.0.1
  tls $STATE/cert.pem $STATE/key.pem
  reverse_proxy 127.0.0.1:$APP_PORT
}
http://:$CADDY_STATIC {
  bind 127.0.0.1
  root * $STATE/www
  file_server
}
http://:$CADDY_WS {
  bind 127.0.0.1
  reverse_proxy 127.0.0.1:${WS_PORT:-9}
}
EOF
  start caddy "$STATE/caddy.log" env HOME="$STATE/caddy" XDG_DATA_HOME="$STATE/caddy" XDG_CONFIG_HOME="$STATE/caddy" \
    caddy run --config "$STATE/caddy/Caddyfile" --adapter caddyfile

  # Keep-alive to the upstream and WebSocket upgrades, as Caddy and hiy do by default.
  local dir="$STATE/nginx"
  local location="location / { proxy_pass http://\$upstream_name; proxy_http_version 1.1; proxy_set_header Upgrade \$http_upgrade; proxy_set_header Connection \$connection_upgrade; proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$remote_addr; proxy_set_header X-Forwarded-Proto \$scheme; }"
  mkdir -p "$dir/tmp"
  cat >"$dir/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  keepalive_requests 1000000;
  sendfile on;
  ssl_certificate $STATE/cert.pem;
  ssl_certificate_key $STATE/key.pem;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' ''; }
  upstream app { server 127.0.0.1:$APP_PORT; keepalive 128; }
  upstream ws { server 127.0.0.1:${WS_PORT:-9}; keepalive 16; }
  server { listen 127.0.0.1:$NGINX; set \$upstream_name app; ${location} }
  server { listen 127.0.0.1:$NGINX_TLS ssl; set \$upstream_name app; ${location} }
  server { listen 127.0.0.1:$NGINX_STATIC; root $STATE/www; }
  server { listen 127.0.0.1:$NGINX_WS; set \$upstream_name ws; ${location} }
}
EOF
  start nginx "$STATE/nginx.log" nginx -p "$dir" -c "$dir/nginx.conf" -e stderr
  local p
  for p in "$CADDY" "$CADDY_TLS" "$CADDY_STATIC" "$CADDY_WS" "$NGINX" "$NGINX_TLS" "$NGINX_STATIC" "$NGINX_WS"; do
    wait_port "$p"
  done
}

# Every target must answer what the backend serves before it is measured.
check_target() { # url host expected-bytes
  local got
  got="$(curl -sk -o /dev/null -w '%{http_code} %{size_download}' -H "Host: $2" "$1" || true)"
  [ "$got" = "200 $3" ] || fail "$1 (Host: $2) answers '$got', not '200 $3' (logs in $STATE)"
}

stage_4b_check() {
  step "checking every target serves the same bytes"
  local small big="102400" static="10240" app_host="bench.$DOMAIN" site_host="files.$DOMAIN"
  small="$(wc -c <"$STATE/bench/www/index.html")"
  local base
  for base in "http://127.0.0.1:$APP_PORT" "http://127.0.0.1:$HIY_PORT" "https://127.0.0.1:$HIY_TLS" \
    "http://127.0.0.1:$CADDY" "https://127.0.0.1:$CADDY_TLS" "http://127.0.0.1:$NGINX" "https://127.0.0.1:$NGINX_TLS"; do
    check_target "$base/" "$app_host" "$small"
    check_target "$base/100k.bin" "$app_host" "$big"
  done
  for base in "http://127.0.0.1:$HIY_PORT" "http://127.0.0.1:$CADDY_STATIC" "http://127.0.0.1:$NGINX_STATIC"; do
    check_target "$base/file10k.html" "$site_host" "$static"
  done
  if [ -z "$WS_SKIP" ]; then
    local err
    for base in "$WS_PORT" "$HIY_PORT" "$CADDY_WS" "$NGINX_WS"; do
      if ! err="$(python3 "$STATE/ws_bench.py" "$base" "ws.$DOMAIN" 1 0.2 2>&1 >/dev/null)"; then
        WS_SKIP="the echo through 127.0.0.1:$base failed: $err"
        break
      fi
    done
  fi
}

declare -A RPS P99
record() { # key "req/s p99"
  RPS[$1]="${2% *}"
  P99[$1]="${2#* }"
  info "$(printf '%-18s %9s req/s   p99 %8s ms' "$1" "${RPS[$1]}" "${P99[$1]}")"
}

# measure key url host [wrk args]: wrk after a warm-up; req/s and p99 (ms).
measure() {
  local key="$1" url="$2" host="$3"
  shift 3
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Host: $host" "$@" "$url" >/dev/null 2>&1 || true
  local out
  out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Host: $host" "$@" "$url" 2>&1 || true)"
  record "$key" "$(printf '%s\n' "$out" | awk '
    /Requests\/sec:/ { rps = $2 }
    $1 == "99%" {
      v = $2
      if (v ~ /us$/) { sub(/us$/, "", v); p99 = v / 1000 }
      else if (v ~ /ms$/) { sub(/ms$/, "", v); p99 = v }
      else if (v ~ /s$/) { sub(/s$/, "", v); p99 = v * 1000 }
    }
    END { printf "%.0f %.2f\n", rps, p99 }')"
  # Errors are reported, not hidden: a server that fails requests fast is not a fast server.
  printf '%s\n' "$out" | grep -E 'Socket errors|Non-2xx' | sed "s|^ *|       $key: |" || true
}

measure_ws() { # key port
  local seconds="${DURATION%s}" result
  if result="$(python3 "$STATE/ws_bench.py" "$2" "ws.$DOMAIN" "$WS_CONNECTIONS" "$seconds" 2>"$STATE/ws-bench.err")"; then
    record "$1" "$result"
  else
    record "$1" "- -"
    info "$1: $(cat "$STATE/ws-bench.err")"
  fi
}

stage_5_measure() {
  step "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, after a $WARMUP warm-up each"
  local app="bench.$DOMAIN" site="files.$DOMAIN"
  measure http/direct "http://127.0.0.1:$APP_PORT/" "$app"
  measure http/hiy "http://127.0.0.1:$HIY_PORT/" "$app"
  measure http/caddy "http://127.0.0.1:$CADDY/" "$app"
  measure http/nginx "http://127.0.0.1:$NGINX/" "$app"
  measure https/hiy "https://127.0.0.1:$HIY_TLS/" "$app"
  measure https/caddy "https://127.0.0.1:$CADDY_TLS/" "$app"
  measure https/nginx "https://127.0.0.1:$NGINX_TLS/" "$app"
  # A new TLS handshake per request: the rate of new connections each server sustains.
  measure tls-new/hiy "https://127.0.0.1:$HIY_TLS/" "$app" -H "Connection: close"
  measure tls-new/caddy "https://127.0.0.1:$CADDY_TLS/" "$app" -H "Connection: close"
  measure tls-new/nginx "https://127.0.0.1:$NGINX_TLS/" "$app" -H "Connection: close"
  measure 100k/direct "http://127.0.0.1:$APP_PORT/100k.bin" "$app"
  measure 100k/hiy "http://127.0.0.1:$HIY_PORT/100k.bin" "$app"
  measure 100k/caddy "http://127.0.0.1:$CADDY/100k.bin" "$app"
  measure 100k/nginx "http://127.0.0.1:$NGINX/100k.bin" "$app"
  measure static10k/hiy "http://127.0.0.1:$HIY_PORT/file10k.html" "$site"
  measure static10k/caddy "http://127.0.0.1:$CADDY_STATIC/file10k.html" "$site"
  measure static10k/nginx "http://127.0.0.1:$NGINX_STATIC/file10k.html" "$site"
  if [ -n "$WS_SKIP" ]; then
    info "websocket: skipped ($WS_SKIP)"
    return
  fi
  step "WebSocket echo: $WS_CONNECTIONS connections, one 32-byte message in flight each, for $DURATION (python3 client)"
  measure_ws ws/direct "$WS_PORT"
  measure_ws ws/hiy "$HIY_PORT"
  measure_ws ws/caddy "$CADDY_WS"
  measure_ws ws/nginx "$NGINX_WS"
}

ratio() { awk -v a="${1:--}" -v b="${2:--}" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2fx", a / b; else print "-" }'; }

stage_6_report() {
  local rss
  rss="$(awk '/VmRSS/ { printf "%.0f MB", $2 / 1024 }' "/proc/$HIY_PID/status" 2>/dev/null || echo "?")"
  step "results: hiy $("$BIN" --version 2>/dev/null | head -n 1 || true), RSS at start $HIY_IDLE_RSS, after the run $rss; $(nproc) cores shared by everything"
  local row='       %-10s %9s %8s %9s %8s %9s %8s %9s %8s %10s %10s\n'
  # shellcheck disable=SC2059  # the format is the row layout
  printf "$row" test "direct/s" "p99 ms" "hiy/s" "p99 ms" "caddy/s" "p99 ms" "nginx/s" "p99 ms" "hiy÷caddy" "hiy÷nginx"
  local mode
  for mode in http https tls-new 100k static10k ws; do
    if [ "$mode" = ws ] && [ -n "$WS_SKIP" ]; then
      info "$(printf '%-10s skipped: %s' ws "$WS_SKIP")"
      continue
    fi
    # shellcheck disable=SC2059
    printf "$row" "$mode" "${RPS[$mode/direct]:--}" "${P99[$mode/direct]:--}" "${RPS[$mode/hiy]}" "${P99[$mode/hiy]}" \
      "${RPS[$mode/caddy]}" "${P99[$mode/caddy]}" "${RPS[$mode/nginx]}" "${P99[$mode/nginx]}" \
      "$(ratio "${RPS[$mode/hiy]}" "${RPS[$mode/caddy]}")" "$(ratio "${RPS[$mode/hiy]}" "${RPS[$mode/nginx]}")"
  done
  info "req/s (ws: round trips/s); a ratio > 1: hiy is faster. direct: the container's published port, no proxy."
  info "The backend is busybox httpd (a fork per request, no keep-alive): where it is the bottleneck, the ratios tend to 1."
}

stage_1_prerequisites "${1:-}"
stage_2_state
stage_3_hiy
stage_3b_ws_backend
stage_4_caddy_nginx
stage_4b_check
stage_5_measure
stage_6_report

#!/usr/bin/env bash
# Benchmarks hiy's reverse proxy side by side with Caddy and nginx (not a test; numbers vary by machine):
#   1. apt packages (wrk, caddy, nginx, openssl) when missing
#   2. one self-signed ECDSA P-256 certificate shared by every TLS server
#   3. a Release build of tests/ProxyBenchHost (hiy's proxy pipeline alone)
#   4. the backend (nginx, one worker, a small static body) and the three proxies in front of it
#   5. wrk with the same settings against: the backend directly, hiy, Caddy, nginx — plain HTTP, HTTPS
#      with kept-alive connections, and HTTPS with a new TLS connection per request (Connection: close)
#   6. a table of req/s and p99 per target, and hiy's ratio to each
#
#   scripts/bench-proxy.sh              all of it, ~2.5 minutes
#   BENCH_DURATION=5s BENCH_CONNECTIONS=32 scripts/bench-proxy.sh
#
# Everything listens on 127.0.0.1 only; state (configs, logs, certificate) lives in $BENCH_STATE.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STATE="${BENCH_STATE:-/tmp/hiy-bench}"
BASE="${BENCH_PORT_BASE:-18400}"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
DURATION="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-3s}"
APT_PACKAGES=(wrk caddy nginx-light openssl)

BACKEND=$((BASE + 0)) BACKEND_TLS=$((BASE + 1))
HIY=$((BASE + 10)) HIY_TLS=$((BASE + 11))
CADDY=$((BASE + 20)) CADDY_TLS=$((BASE + 21))
NGINX=$((BASE + 30)) NGINX_TLS=$((BASE + 31))
PIDS=()
HIY_CMD=()
HIY_KIND=""
HIY_PID=""
HIY_IDLE_RSS="?"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT

stage_1_packages() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    # nginx-light and nginx both provide the binary; either will do.
    if [ "$p" = nginx-light ] && command -v nginx >/dev/null; then continue; fi
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    step "apt packages present"
    return
  fi
  step "installing ${missing[*]}"
  if ! apt-cache policy caddy | grep -q 'Candidate: [0-9]'; then
    as_root apt-get update -qq
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

stage_2_certificate() {
  mkdir -p "$STATE"
  if [ -s "$STATE/cert.pem" ] && [ -s "$STATE/key.pem" ]; then
    step "bench certificate present"
    return
  fi
  step "creating the shared bench certificate (ECDSA P-256, 127.0.0.1)"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
    -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$STATE/key.pem" -out "$STATE/cert.pem" 2>/dev/null
}

stage_3_build() {
  # The appliance ships native-AOT, so that is what is measured; BENCH_HIY=jit measures the JIT build.
  if [ "${BENCH_HIY:-aot}" = aot ]; then
    step "publishing tests/ProxyBenchHost native-AOT (as the appliance ships)"
    if dotnet publish "$HIY_ROOT/tests/ProxyBenchHost" -c Release -r "linux-$(dotnet_arch)" -p:HiyAot=true \
      -p:HiyTargetFramework="${HIY_AOT_TFM:-net9.0}" -o "$STATE/hiy-aot" -v quiet -nologo >"$STATE/build.log" 2>&1; then
      HIY_CMD=("$STATE/hiy-aot/ProxyBenchHost")
      HIY_KIND=native-AOT
      return
    fi
    info "AOT publish failed (see $STATE/build.log); measuring the JIT build instead"
  fi
  step "building tests/ProxyBenchHost (Release, JIT)"
  dotnet build "$HIY_ROOT/tests/ProxyBenchHost" -c Release -v quiet -nologo >"$STATE/build.log" 2>&1 \
    || { cat "$STATE/build.log" >&2; fail "ProxyBenchHost did not build"; }
  HIY_CMD=(dotnet "$HIY_ROOT/tests/ProxyBenchHost/bin/Release/net10.0/ProxyBenchHost.dll")
  HIY_KIND=JIT
}

dotnet_arch() { case "$(uname -m)" in aarch64) echo arm64 ;; *) echo x64 ;; esac; }

write_nginx_conf() { # name workers body...
  local name="$1" workers="$2" dir="$STATE/$1"
  shift 2
  mkdir -p "$dir/tmp"
  cat >"$dir/nginx.conf" <<EOF
worker_processes $workers;
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
  ssl_certificate $STATE/cert.pem;
  ssl_certificate_key $STATE/key.pem;
  $*
}
EOF
}

start() { # name logfile command...
  local name="$1" log="$2"
  shift 2
  "$@" >"$log" 2>&1 &
  PIDS+=("$!")
  info "$name started (pid $!)"
}

wait_port() { # port
  local i
  for i in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
    [ "$i" -eq 100 ] && fail "nothing listens on 127.0.0.1:$1 (see $STATE/*.log)"
  done
}

stage_4_servers() {
  local p
  for p in "$BACKEND" "$BACKEND_TLS" "$HIY" "$HIY_TLS" "$CADDY" "$CADDY_TLS" "$NGINX" "$NGINX_TLS"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then fail "port $p is taken; set BENCH_PORT_BASE"; fi
  done
  step "starting the backend and the proxies"
  local body='hello from the backend, a small static body for the proxy benchmark.\n'
  write_nginx_conf backend 1 "
  server { listen 127.0.0.1:$BACKEND; location / { default_type text/plain; return 200 '$body'; } }
  server { listen 127.0.0.1:$BACKEND_TLS ssl; location / { default_type text/plain; return 200 '$body'; } }"
  start backend "$STATE/backend.log" nginx -p "$STATE/backend" -c "$STATE/backend/nginx.conf" -e stderr

  # Keep-alive to the upstream, as Caddy and hiy do by default; stock nginx would reconnect per request.
  local location="location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection \"\"; proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$remote_addr; proxy_set_header X-Forwarded-Proto \$scheme; }"
  write_nginx_conf nginx auto "
  upstream backend { server 127.0.0.1:$BACKEND; keepalive 128; }
  server { listen 127.0.0.1:$NGINX; $location }
  server { listen 127.0.0.1:$NGINX_TLS ssl http2; $location }"
  start nginx "$STATE/nginx.log" nginx -p "$STATE/nginx" -c "$STATE/nginx/nginx.conf" -e stderr

  mkdir -p "$STATE/caddy"
  cat >"$STATE/caddy/Caddyfile" <<EOF
{
  admin off
  auto_https off
  storage file_system $STATE/caddy/data
}
http://127.0.0.1:$CADDY {
  reverse_proxy 127.0.0.1:$BACKEND
}
https://127.0.0.1:$CADDY_TLS {
  tls $STATE/cert.pem $STATE/key.pem
  reverse_proxy 127.0.0.1:$BACKEND
}
EOF
  start caddy "$STATE/caddy.log" env HOME="$STATE/caddy" XDG_DATA_HOME="$STATE/caddy" XDG_CONFIG_HOME="$STATE/caddy" \
    caddy run --config "$STATE/caddy/Caddyfile" --adapter caddyfile

  local host_args=(--http-port "$HIY" --https-port "$HIY_TLS" --backend-port "$BACKEND" --cert "$STATE/cert.pem" --key "$STATE/key.pem")
  [ "${BENCH_ACCESS_LOG:-0}" = 1 ] && host_args+=(--access-log)
  start "hiy ($HIY_KIND)" "$STATE/hiy.log" "${HIY_CMD[@]}" "${host_args[@]}"
  HIY_PID="${PIDS[-1]}"

  for p in "$BACKEND" "$BACKEND_TLS" "$HIY" "$HIY_TLS" "$CADDY" "$CADDY_TLS" "$NGINX" "$NGINX_TLS"; do
    wait_port "$p"
  done
  HIY_IDLE_RSS="$(awk '/VmRSS/ { printf "%.0f MB", $2 / 1024 }' "/proc/$HIY_PID/status" 2>/dev/null || echo "?")"
  # Every target must answer the backend's body before it is measured.
  for p in "http://127.0.0.1:$HIY/" "https://127.0.0.1:$HIY_TLS/" "http://127.0.0.1:$CADDY/" "https://127.0.0.1:$CADDY_TLS/" \
    "http://127.0.0.1:$NGINX/" "https://127.0.0.1:$NGINX_TLS/"; do
    curl -fsSk "$p" | grep -q "hello from the backend" || fail "$p does not answer the backend's body"
  done
}

# wrk_run URL [extra wrk args] → prints "req/s p99_ms"
wrk_run() {
  local url="$1"
  shift
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$@" "$url" >/dev/null 2>&1 || true
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" | awk '
    /Requests\/sec:/ { rps = $2 }
    $1 == "99%" {
      v = $2
      if (v ~ /us$/) { sub(/us$/, "", v); p99 = v / 1000 }
      else if (v ~ /ms$/) { sub(/ms$/, "", v); p99 = v }
      else if (v ~ /s$/) { sub(/s$/, "", v); p99 = v * 1000 }
    }
    END { printf "%.0f %.2f\n", rps, p99 }'
}

declare -A RPS P99
measure() { # key url [wrk args]
  local key="$1" url="$2" result
  shift 2
  result="$(wrk_run "$url" "$@")"
  RPS[$key]="${result% *}"
  P99[$key]="${result#* }"
  info "$(printf '%-22s %9s req/s   p99 %8s ms' "$key" "${RPS[$key]}" "${P99[$key]}")"
}

stage_5_measure() {
  step "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up each)"
  measure http/direct "http://127.0.0.1:$BACKEND/"
  measure http/hiy "http://127.0.0.1:$HIY/"
  measure http/caddy "http://127.0.0.1:$CADDY/"
  measure http/nginx "http://127.0.0.1:$NGINX/"
  measure https/direct "https://127.0.0.1:$BACKEND_TLS/"
  measure https/hiy "https://127.0.0.1:$HIY_TLS/"
  measure https/caddy "https://127.0.0.1:$CADDY_TLS/"
  measure https/nginx "https://127.0.0.1:$NGINX_TLS/"
  # A new TLS handshake per request: the rate of new connections each server sustains.
  measure tls-new/direct "https://127.0.0.1:$BACKEND_TLS/" -H "Connection: close"
  measure tls-new/hiy "https://127.0.0.1:$HIY_TLS/" -H "Connection: close"
  measure tls-new/caddy "https://127.0.0.1:$CADDY_TLS/" -H "Connection: close"
  measure tls-new/nginx "https://127.0.0.1:$NGINX_TLS/" -H "Connection: close"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }'; }

stage_6_report() {
  local rss
  rss="$(awk '/VmRSS/ { printf "%.0f MB", $2 / 1024 }' "/proc/$HIY_PID/status" 2>/dev/null || echo "?")"
  step "results: hiy $HIY_KIND, RSS at start $HIY_IDLE_RSS, after the run $rss; $(nproc) cores shared by wrk, backend and proxies"
  printf '       %-8s %-7s %10s %10s %12s %12s\n' mode target "req/s" "p99 ms" "hiy req/s÷" "hiy p99÷"
  local mode target
  for mode in http https tls-new; do
    for target in direct hiy caddy nginx; do
      printf '       %-8s %-7s %10s %10s %12s %12s\n' "$mode" "$target" "${RPS[$mode/$target]}" "${P99[$mode/$target]}" \
        "$(ratio "${RPS[$mode/hiy]}" "${RPS[$mode/$target]}")" "$(ratio "${P99[$mode/hiy]}" "${P99[$mode/$target]}")"
    done
  done
  info "req/s ratio > 1: hiy is faster; p99 ratio < 1: hiy's tail latency is lower."
}

stage_1_packages
stage_2_certificate
stage_3_build
stage_4_servers
stage_5_measure
stage_6_report

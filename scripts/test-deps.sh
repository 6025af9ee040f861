#!/usr/bin/env bash
# Installs and starts the real components hiy's tests run against, idempotently:
#   1. apt packages (docker.io, busybox-static, git, pebble, ...)
#   2. a private dockerd (own socket, data-root, exec-root, pidfile) unless one already answers there
#   3. the hiy-test/busybox base image, imported from Debian's busybox-static (nothing is pulled)
#   4. pebble + pebble-challtestsrv (ACME test CA and its fake DNS), on 127.0.0.1 only
#   5. Debian's docker-registry on 127.0.0.1 (a free port), which the test dockerd also uses as its
#      Docker Hub mirror: an image pushed there as 127.0.0.1:<port>/library/nginx:1.27 pulls as nginx:1.27
#
#   scripts/test-deps.sh up     start what is missing; prints the environment to export
#   scripts/test-deps.sh down   stop only what `up` started
#   scripts/test-deps.sh restart-dockerd   stop and start the test dockerd (a runtime test uses it)
#
# State lives in $HIY_TEST_STATE (default /tmp/hiy-test); tests read the docker socket from
# HIY_TEST_DOCKER_HOST (written to $HIY_TEST_STATE/env); the ACME tests read HIY_TEST_PEBBLE_*
# and HIY_TEST_CHALLTESTSRV from the same file.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STATE="${HIY_TEST_STATE:-/tmp/hiy-test}"
DOCKER_DIR="$STATE/docker"
SOCK="$DOCKER_DIR/docker.sock"
PIDFILE="$DOCKER_DIR/dockerd.pid"
STARTED="$STATE/started-by-us"
PEBBLE_DIR="$STATE/pebble"
PORTS_FILE="$PEBBLE_DIR/ports"
REGISTRY_DIR="$STATE/registry"
# Percentage of JWS requests pebble rejects with badNonce, so every ACME test also exercises the retry.
PEBBLE_NONCE_REJECT="${HIY_TEST_PEBBLE_NONCEREJECT:-10}"
APT_PACKAGES=(docker.io busybox-static git pebble ca-certificates curl openssh-client iptables sqlite3
  mmdebstrap qemu-system-x86 ovmf mtools dosfstools e2fsprogs fdisk grub-pc-bin shellcheck bats chromium
  qemu-user-static python3 file docker-registry)

stage_1_packages() {
  need_packages "${APT_PACKAGES[@]}"
  step "apt packages present"
}

docker_answers() { docker -H "unix://$SOCK" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

stage_2_dockerd() {
  mkdir -p "$DOCKER_DIR"
  if docker_answers; then
    step "dockerd already answers on $SOCK"
    return
  fi
  step "starting dockerd on $SOCK"
  # setsid: a dockerd restarted from inside a test (restart-dockerd) must outlive that test's process tree
  as_root setsid dockerd \
    --host "unix://$SOCK" \
    --data-root "$DOCKER_DIR/data" \
    --exec-root "$DOCKER_DIR/exec" \
    --pidfile "$PIDFILE" \
    --storage-driver "${HIY_TEST_STORAGE_DRIVER:-vfs}" \
    --registry-mirror "http://127.0.0.1:$REGISTRY_PORT" \
    >"$DOCKER_DIR/dockerd.log" 2>&1 &
  echo dockerd >>"$STARTED"
  for _ in $(seq 1 120); do
    docker_answers && { info "dockerd $(docker -H "unix://$SOCK" version --format '{{.Server.Version}}') is up"; return; }
    sleep 0.5
  done
  tail -n 30 "$DOCKER_DIR/dockerd.log" >&2 || true
  fail "dockerd did not answer on $SOCK within 60 s (log: $DOCKER_DIR/dockerd.log)"
}

# The registry's port is picked free at the first `up` of this state dir and kept while it runs, so a
# restarted dockerd keeps the same mirror.
registry_port() {
  mkdir -p "$REGISTRY_DIR"
  if [ -s "$REGISTRY_DIR/port" ] && [ -f "$REGISTRY_DIR/registry.pid" ]; then
    REGISTRY_PORT=$(cat "$REGISTRY_DIR/port")
    return
  fi
  REGISTRY_PORT=$(free_port)
  echo "$REGISTRY_PORT" >"$REGISTRY_DIR/port"
}

stage_5_registry() {
  registry_port
  if port_answers "$REGISTRY_PORT"; then
    step "docker-registry already answers on 127.0.0.1:$REGISTRY_PORT"
    return
  fi
  step "starting docker-registry on 127.0.0.1:$REGISTRY_PORT"
  printf '%s\n' 'version: 0.1' 'log:' '  level: warn' 'storage:' '  filesystem:' \
    "    rootdirectory: $REGISTRY_DIR/data" '  delete:' '    enabled: true' 'http:' \
    "  addr: 127.0.0.1:$REGISTRY_PORT" >"$REGISTRY_DIR/config.yml"
  docker-registry serve "$REGISTRY_DIR/config.yml" >"$REGISTRY_DIR/registry.log" 2>&1 &
  echo "$!" >"$REGISTRY_DIR/registry.pid"
  echo registry >>"$STARTED"
  for _ in $(seq 1 40); do
    port_answers "$REGISTRY_PORT" && { info "docker-registry is up"; return; }
    sleep 0.25
  done
  tail -n 20 "$REGISTRY_DIR/registry.log" >&2 || true
  fail "docker-registry did not answer on 127.0.0.1:$REGISTRY_PORT within 10 s (log: $REGISTRY_DIR/registry.log)"
}

stage_3_busybox_image() {
  if docker -H "unix://$SOCK" image inspect hiy-test/busybox >/dev/null 2>&1; then
    step "image hiy-test/busybox present"
    return
  fi
  step "importing hiy-test/busybox from Debian's busybox-static"
  busybox_rootfs_tar | docker -H "unix://$SOCK" import \
    -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' - hiy-test/busybox >/dev/null
}

# Answers when something accepts TCP connections on 127.0.0.1:$1.
port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Pebble ships no test certificates in Debian: make a throwaway CA and a 127.0.0.1/localhost
# certificate for its HTTPS listeners (the ACME API and the management API).
pebble_tls_files() {
  [ -s "$PEBBLE_DIR/ca.pem" ] && [ -s "$PEBBLE_DIR/cert.pem" ] && [ -s "$PEBBLE_DIR/key.pem" ] && return
  info "generating pebble's TLS CA and localhost certificate"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
    -subj "/CN=hiy test pebble TLS CA" -keyout "$PEBBLE_DIR/ca-key.pem" -out "$PEBBLE_DIR/ca.pem" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
    -keyout "$PEBBLE_DIR/key.pem" -out "$PEBBLE_DIR/cert.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$PEBBLE_DIR/cert.ext"
  openssl x509 -req -in "$PEBBLE_DIR/cert.csr" -CA "$PEBBLE_DIR/ca.pem" -CAkey "$PEBBLE_DIR/ca-key.pem" \
    -CAcreateserial -days 3650 -extfile "$PEBBLE_DIR/cert.ext" -out "$PEBBLE_DIR/cert.pem" 2>/dev/null
}

# 127.0.0.1 ports for the ACME API, pebble management, challtestsrv DNS and management, the port
# pebble's VA connects to for http-01 (a test's own responder listens there) and its unused
# tls-alpn-01 port: picked free at the first `up` of this state dir, kept while what it started runs.
pebble_ports() {
  if [ -s "$PORTS_FILE" ] && { [ -f "$PEBBLE_DIR/pebble.pid" ] || [ -f "$PEBBLE_DIR/challtestsrv.pid" ]; }; then
    # shellcheck disable=SC1090
    source "$PORTS_FILE"
    return
  fi
  PEBBLE_PORT=$(free_port) PEBBLE_MGMT_PORT=$(free_port) CHALL_DNS_PORT=$(free_port)
  CHALL_MGMT_PORT=$(free_port) PEBBLE_HTTP01_PORT=$(free_port) PEBBLE_TLS_PORT=$(free_port)
  printf 'PEBBLE_PORT=%s\nPEBBLE_MGMT_PORT=%s\nCHALL_DNS_PORT=%s\nCHALL_MGMT_PORT=%s\nPEBBLE_HTTP01_PORT=%s\nPEBBLE_TLS_PORT=%s\n' \
    "$PEBBLE_PORT" "$PEBBLE_MGMT_PORT" "$CHALL_DNS_PORT" "$CHALL_MGMT_PORT" "$PEBBLE_HTTP01_PORT" "$PEBBLE_TLS_PORT" >"$PORTS_FILE"
}

stage_4_pebble() {
  mkdir -p "$PEBBLE_DIR"
  pebble_ports
  if port_answers "$CHALL_MGMT_PORT"; then
    step "pebble-challtestsrv already answers on 127.0.0.1:$CHALL_MGMT_PORT"
  else
    step "starting pebble-challtestsrv (DNS 127.0.0.1:$CHALL_DNS_PORT, management 127.0.0.1:$CHALL_MGMT_PORT)"
    # Every name resolves to 127.0.0.1 (no AAAA), and only the DNS server is on: http-01 is
    # answered by the tests' own responder on $PEBBLE_HTTP01_PORT.
    pebble-challtestsrv \
      -dns01 "127.0.0.1:$CHALL_DNS_PORT" -management "127.0.0.1:$CHALL_MGMT_PORT" \
      -http01 "" -https01 "" -tlsalpn01 "" -defaultIPv4 127.0.0.1 -defaultIPv6 "" \
      >"$PEBBLE_DIR/challtestsrv.log" 2>&1 &
    echo "$!" >"$PEBBLE_DIR/challtestsrv.pid"
    echo challtestsrv >>"$STARTED"
  fi
  if port_answers "$PEBBLE_PORT"; then
    step "pebble already answers on 127.0.0.1:$PEBBLE_PORT"
  else
    pebble_tls_files
    cat >"$PEBBLE_DIR/pebble-config.json" <<EOF
{
  "pebble": {
    "listenAddress": "127.0.0.1:$PEBBLE_PORT",
    "managementListenAddress": "127.0.0.1:$PEBBLE_MGMT_PORT",
    "certificate": "$PEBBLE_DIR/cert.pem",
    "privateKey": "$PEBBLE_DIR/key.pem",
    "httpPort": $PEBBLE_HTTP01_PORT,
    "tlsPort": $PEBBLE_TLS_PORT,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false
  }
}
EOF
    step "starting pebble on 127.0.0.1:$PEBBLE_PORT (badNonce for $PEBBLE_NONCE_REJECT% of requests)"
    PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT="$PEBBLE_NONCE_REJECT" \
      pebble -config "$PEBBLE_DIR/pebble-config.json" -dnsserver "127.0.0.1:$CHALL_DNS_PORT" \
      >"$PEBBLE_DIR/pebble.log" 2>&1 &
    echo "$!" >"$PEBBLE_DIR/pebble.pid"
    echo pebble >>"$STARTED"
  fi
  for _ in $(seq 1 40); do
    if port_answers "$PEBBLE_PORT" && port_answers "$PEBBLE_MGMT_PORT" && port_answers "$CHALL_MGMT_PORT"; then
      info "pebble and challtestsrv are up"
      return
    fi
    sleep 0.25
  done
  tail -n 20 "$PEBBLE_DIR/pebble.log" "$PEBBLE_DIR/challtestsrv.log" >&2 || true
  fail "pebble or challtestsrv did not come up within 10 s (logs in $PEBBLE_DIR)"
}

write_env() {
  pebble_ports
  {
    echo "HIY_TEST_DOCKER_HOST=unix://$SOCK"
    echo "HIY_TEST_PEBBLE_DIRECTORY=https://127.0.0.1:$PEBBLE_PORT/dir"
    echo "HIY_TEST_PEBBLE_MANAGEMENT=https://127.0.0.1:$PEBBLE_MGMT_PORT"
    echo "HIY_TEST_PEBBLE_CA=$PEBBLE_DIR/ca.pem"
    echo "HIY_TEST_PEBBLE_DNS=127.0.0.1:$CHALL_DNS_PORT"
    echo "HIY_TEST_PEBBLE_HTTP01_PORT=$PEBBLE_HTTP01_PORT"
    echo "HIY_TEST_CHALLTESTSRV=http://127.0.0.1:$CHALL_MGMT_PORT"
    echo "HIY_TEST_REGISTRY=127.0.0.1:$REGISTRY_PORT"
  } >"$STATE/env"
  cat "$STATE/env"
}

up() {
  mkdir -p "$STATE"
  stage_1_packages
  stage_5_registry
  stage_2_dockerd
  stage_3_busybox_image
  stage_4_pebble
  write_env
}

stop_dockerd() {
  [ -f "$PIDFILE" ] || return 0
  step "stopping dockerd"
  as_root kill "$(cat "$PIDFILE")" 2>/dev/null || true
  for _ in $(seq 1 120); do [ -f "$PIDFILE" ] || break; sleep 0.25; done
}

# For the runtime's "dockerd restarted under hiy" test: stop the test dockerd and start it again.
restart_dockerd() {
  grep -qx dockerd "$STARTED" 2>/dev/null || fail "restart-dockerd: this dockerd was not started by test-deps.sh; refusing to restart it"
  registry_port
  stop_dockerd
  stage_2_dockerd
}

down() {
  [ -f "$STARTED" ] || { step "nothing started by test-deps.sh"; return; }
  if grep -qx dockerd "$STARTED"; then
    stop_dockerd
  fi
  for name in pebble challtestsrv; do
    if grep -qx "$name" "$STARTED" && [ -f "$PEBBLE_DIR/$name.pid" ]; then
      step "stopping $name"
      kill "$(cat "$PEBBLE_DIR/$name.pid")" 2>/dev/null || true
      rm -f "$PEBBLE_DIR/$name.pid"
    fi
  done
  if grep -qx registry "$STARTED" && [ -f "$REGISTRY_DIR/registry.pid" ]; then
    step "stopping docker-registry"
    kill "$(cat "$REGISTRY_DIR/registry.pid")" 2>/dev/null || true
    rm -f "$REGISTRY_DIR/registry.pid"
  fi
  rm -f "$STARTED" "$PORTS_FILE" "$REGISTRY_DIR/port"
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  restart-dockerd) restart_dockerd ;;
  *) fail "usage: $0 up|down|restart-dockerd" ;;
esac

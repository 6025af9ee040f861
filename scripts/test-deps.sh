#!/usr/bin/env bash
# Installs and starts the real components hiy's tests run against, idempotently:
#   1. apt packages (docker.io, busybox-static, git, pebble, ...)
#   2. a private dockerd (own socket, data-root, exec-root, pidfile) unless one already answers there
#   3. the hiy-test/busybox base image, imported from Debian's busybox-static (nothing is pulled)
#
#   scripts/test-deps.sh up     start what is missing; prints the environment to export
#   scripts/test-deps.sh down   stop only what `up` started
#
# State lives in $HIY_TEST_STATE (default /tmp/hiy-test); tests read the docker socket from
# HIY_TEST_DOCKER_HOST (written to $HIY_TEST_STATE/env).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STATE="${HIY_TEST_STATE:-/tmp/hiy-test}"
DOCKER_DIR="$STATE/docker"
SOCK="$DOCKER_DIR/docker.sock"
PIDFILE="$DOCKER_DIR/dockerd.pid"
STARTED="$STATE/started-by-us"
APT_PACKAGES=(docker.io busybox-static git pebble ca-certificates curl iptables sqlite3)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

stage_1_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    step "apt packages present"
    return
  fi
  step "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

docker_answers() { docker -H "unix://$SOCK" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

stage_2_dockerd() {
  mkdir -p "$DOCKER_DIR"
  if docker_answers; then
    step "dockerd already answers on $SOCK"
    return
  fi
  step "starting dockerd on $SOCK"
  as_root dockerd \
    --host "unix://$SOCK" \
    --data-root "$DOCKER_DIR/data" \
    --exec-root "$DOCKER_DIR/exec" \
    --pidfile "$PIDFILE" \
    --storage-driver "${HIY_TEST_STORAGE_DRIVER:-vfs}" \
    >"$DOCKER_DIR/dockerd.log" 2>&1 &
  echo dockerd >>"$STARTED"
  for _ in $(seq 1 120); do
    docker_answers && { info "dockerd $(docker -H "unix://$SOCK" version --format '{{.Server.Version}}') is up"; return; }
    sleep 0.5
  done
  tail -n 30 "$DOCKER_DIR/dockerd.log" >&2 || true
  fail "dockerd did not answer on $SOCK within 60 s (log: $DOCKER_DIR/dockerd.log)"
}

stage_3_busybox_image() {
  if docker -H "unix://$SOCK" image inspect hiy-test/busybox >/dev/null 2>&1; then
    step "image hiy-test/busybox present"
    return
  fi
  step "importing hiy-test/busybox from Debian's busybox-static"
  local rootfs
  rootfs="$(mktemp -d)"
  mkdir -p "$rootfs"/{bin,etc,tmp,www,proc,sys,dev}
  cp /bin/busybox "$rootfs/bin/busybox"
  # Every applet as a link, so Dockerfiles can RUN ordinary commands (sh, echo, httpd, ...).
  for applet in $(/bin/busybox --list); do
    [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$rootfs/etc/passwd"
  echo 'nobody:x:65534:65534:nobody:/:/bin/false' >>"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  tar -C "$rootfs" -c . | docker -H "unix://$SOCK" import \
    -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' - hiy-test/busybox >/dev/null
  rm -rf "$rootfs"
}

write_env() {
  {
    echo "HIY_TEST_DOCKER_HOST=unix://$SOCK"
  } >"$STATE/env"
  cat "$STATE/env"
}

up() {
  mkdir -p "$STATE"
  stage_1_packages
  stage_2_dockerd
  stage_3_busybox_image
  write_env
}

down() {
  [ -f "$STARTED" ] || { step "nothing started by test-deps.sh"; return; }
  if grep -qx dockerd "$STARTED" && [ -f "$PIDFILE" ]; then
    step "stopping dockerd"
    as_root kill "$(cat "$PIDFILE")" 2>/dev/null || true
    for _ in $(seq 1 40); do [ -f "$PIDFILE" ] || break; sleep 0.25; done
  fi
  rm -f "$STARTED"
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  *) fail "usage: $0 up|down" ;;
esac

#!/usr/bin/env bash
# Shared helpers for hiy's shell scripts: one way to log, one way to fail.
# shellcheck disable=SC2034  # variables here are used by the scripts that source this file

step() { printf -- '-----> %s\n' "$*"; }
info() { printf -- '       %s\n' "$*"; }
fail() { printf -- ' !     %s\n' "$*" >&2; exit 1; }

# TAP-style checks for the image tests: ok/bad count, check runs a command; tap_summary LABEL prints
# the "LABEL: N passed, N failed" line the test command sums up.
passed=0 failed=0
ok()  { passed=$((passed + 1)); printf 'ok - %s\n' "$*"; }
bad() { failed=$((failed + 1)); printf 'not ok - %s\n' "$*"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }
tap_summary() { printf '%s: %d passed, %d failed\n' "$1" "$passed" "$failed"; }
# vm_console_tail DIR WHY : a QEMU guest's last console lines (DIR/serial.log) and QEMU's own output
# (DIR/qemu.log), on " !" lines, which the test command's filter keeps; GRUB draws its menu with
# terminal escapes, dropped so the lines read as text
vm_console_tail() {
  printf -- ' !     %s\n' "$2"
  tail -n 30 "$1/serial.log" 2>/dev/null | tr -d '\r' | sed -E 's/\x1b\[[0-9;?]*[A-Za-z]//g; s/^/ !     serial| /' || true
  tail -n 5 "$1/qemu.log" 2>/dev/null | sed 's/^/ !     qemu| /' || true
}

# repo root, wherever the caller lives
HIY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The arm64 root (libc, libssl, libsqlite3.a for the cross link; what qemu-user runs the arm64 hiy
# against). Kept between runs: it only changes with its package list.
HIY_ARM64_ROOT="${HIY_ARM64_ROOT:-/var/cache/hiy-test/arm64-root}"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Installs the Debian packages among $@ that are missing (one apt run), so a script brings what it needs.
need_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return
  step "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The native AOT hiy for this machine: $1 when given and executable, else artifacts/native/hiy
# (published with scripts/publish-hiy.sh when missing).
native_hiy() {
  local bin="${1:-$HIY_ROOT/artifacts/native/hiy}"
  if [ ! -x "$bin" ]; then
    bash "$HIY_ROOT/scripts/publish-hiy.sh" linux-x64 "$HIY_ROOT/artifacts/native" >&2
    bin="$HIY_ROOT/artifacts/native/hiy"
  fi
  printf '%s\n' "$bin"
}

# A tar (on stdout) of a root filesystem made of Debian's static busybox, every applet linked, so
# Dockerfiles can RUN ordinary commands; `docker import` turns it into the tests' base image
# (nothing is ever pulled).
busybox_rootfs_tar() {
  local rootfs applet
  rootfs="$(mktemp -d)"
  mkdir -p "$rootfs"/{bin,etc,tmp,www,proc,sys,dev}
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$rootfs/etc/passwd"
  echo 'nobody:x:65534:65534:nobody:/:/bin/false' >>"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  tar -C "$rootfs" -c .
  rm -rf "$rootfs"
}

# A TCP port on 127.0.0.1 that nothing listens on now (the kernel picks it), so tests never collide
# with anything else on the machine.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

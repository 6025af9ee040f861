#!/usr/bin/env bash
# Functions of hiy-firstboot, kept apart so tests/image/firstboot.bats can call them with fakes.
# shellcheck disable=SC2034

step() { printf -- '-----> %s\n' "$*"; }
info() { printf -- '       %s\n' "$*"; }

# The FAT partition holding the pre-seed: /boot/firmware on a Pi, the ESP (/boot/efi) on amd64.
PRESEED_DIRS=${PRESEED_DIRS:-"/boot/firmware /boot/efi"}

find_preseed() {
  local d
  for d in $PRESEED_DIRS; do
    if [[ -f $d/hiy.toml ]]; then printf '%s\n' "$d/hiy.toml"; return 0; fi
  done
  return 1
}

# setup_code_of FILE : the setup code from a pre-seed the TOML parser refused, read line by line
# (build-image.sh writes it on a line of its own); empty when there is none.
setup_code_of() {
  sed -n 's/^[[:space:]]*setup_code[[:space:]]*=[[:space:]]*"\([A-Za-z0-9-]\{8,64\}\)"[[:space:]]*\(#.*\)\{0,1\}$/\1/p' "$1" | head -n1
}

# part_disk_and_number /dev/xxxN : prints "DISK NUMBER" for a partition device, from sysfs.
part_disk_and_number() {
  local part=${1#/dev/} sys
  sys=$(readlink -f "${SYSFS:-/sys}/class/block/$part")
  [[ -f $sys/partition ]] || return 1
  printf '/dev/%s %s\n' "$(basename "$(dirname "$sys")")" "$(cat "$sys/partition")"
}

# grow_root : the root partition (the last one) takes the rest of the disk, then ext4 follows online.
grow_root() {
  local src disk num
  src=$(findmnt -no SOURCE /)
  read -r disk num < <(part_disk_and_number "$src") || return 1
  # GPT keeps a backup header at the very end: move it to the new end before growing.
  if [[ $(sfdisk --label-nested= --dump "$disk" 2>/dev/null | sed -n 's/^label: //p') == gpt ]]; then
    sfdisk --relocate gpt-bak-std "$disk" >/dev/null 2>&1 || true
  fi
  echo ', +' | sfdisk --no-reread --no-tell-kernel -N "$num" "$disk" >/dev/null 2>&1 || true
  partx -u -n "$num" "$disk" || true
  resize2fs "$src" >/dev/null 2>&1
  info "root $src: $(df -h --output=size / | tail -1 | tr -d ' ')"
}

# The image carries ufw's own rule files (image-builder/files/etc/ufw/user*.rules, written by ufw
# 0.36 itself: allow 80/tcp, 443/tcp, 5353/udp) and ENABLED=yes, so ufw.service loads them from the
# first boot on without running the ufw CLI (slow under emulation; impossible in an arm64 chroot).
# Only SSH, when the pre-seed turns it on, needs a rule added here.
apply_firewall() { # ssh: on|off
  if [[ $1 == on ]]; then
    ufw limit 22/tcp >/dev/null
    info "ufw: 80/tcp 443/tcp 5353/udp, 22/tcp (rate-limited)"
  else
    info "ufw: 80/tcp 443/tcp 5353/udp"
  fi
}

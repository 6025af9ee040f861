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

# firewall_rules SSH(on|off) : the ufw commands, one per line (pure, tested).
firewall_rules() {
  echo "default deny incoming"
  echo "default allow outgoing"
  echo "allow 80/tcp"
  echo "allow 443/tcp"
  echo "allow 5353/udp"
  if [[ $1 == on ]]; then echo "limit 22/tcp"; fi
}

apply_firewall() {
  local rule
  ufw --force reset >/dev/null
  while read -r rule; do
    # shellcheck disable=SC2086  # a rule is several words by design
    ufw $rule >/dev/null
  done < <(firewall_rules "$1")
  ufw --force enable >/dev/null
  info "ufw: $(ufw status | head -1)"
}

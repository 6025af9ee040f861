#!/usr/bin/env bash
# Helpers shared by build-image.sh and every stage: one way to log, one way to fail,
# and the small pure functions the bats tests exercise (tests/image/helpers.bats).
# shellcheck disable=SC2034  # variables set here are read by the stages that source this file

step() { printf -- '-----> %s\n' "$*"; }
info() { printf -- '       %s\n' "$*"; }
fail() { printf -- ' !     %s\n' "$*" >&2; exit 1; }

# package_list FILE... : the packages named in list files, one per line, '#' comments dropped,
# sorted and unique, so the cache key does not change with formatting.
package_list() {
  sed -e 's/#.*//' -e 's/[[:space:]]//g' "$@" | grep -v '^$' | LC_ALL=C sort -u
}

# cache_key TEXT... : a short stable key (first 16 hex of sha256) of everything that shapes an artefact.
cache_key() {
  printf '%s\n' "$@" | sha256sum | cut -c1-16
}

# gen_setup_code : a random setup code people can read aloud and type: 4 groups of 4 from an
# alphabet without 0/O/1/I/L (about 80 bits).
gen_setup_code() {
  local alphabet=ABCDEFGHJKMNPQRSTUVWXYZ23456789 code="" i byte
  for i in $(seq 1 16); do
    byte=$(od -An -N1 -tu1 /dev/urandom | tr -d ' ')
    code+=${alphabet:$((byte % ${#alphabet})):1}
    if (( i % 4 == 0 && i < 16 )); then code+=-; fi
  done
  printf '%s\n' "$code"
}

# valid_setup_code CODE : codes go into TOML and a shell-free wizard field; keep them to a safe set.
valid_setup_code() {
  [[ $1 =~ ^[A-Za-z0-9-]{8,64}$ ]]
}

# gen_uuid : a random RFC 4122 v4 UUID (no uuidgen needed).
gen_uuid() {
  cat /proc/sys/kernel/random/uuid
}

# mib_to_sectors N : 512-byte sectors in N MiB.
mib_to_sectors() { echo $(( $1 * 2048 )); }

# dir_size_mib DIR : size of a tree in MiB, rounded up.
dir_size_mib() {
  local kib
  kib=$(du -sk --apparent-size "$1" | cut -f1)
  echo $(( (kib + 1023) / 1024 ))
}

# root_fs_mib USED_MIB : ext4 size for a tree of USED_MIB: +30 % and +300 MiB for metadata,
# journal and the first apt run; rounded up to 64 MiB. First boot grows it to the card anyway.
root_fs_mib() {
  local want=$(( $1 * 13 / 10 + 300 ))
  echo $(( (want + 63) / 64 * 64 ))
}

# toml_escape STRING : a TOML basic-string body (backslash and double quote escaped).
toml_escape() {
  local s=${1//\\/\\\\}
  printf '%s' "${s//\"/\\\"}"
}

# elf_machine FILE : the ELF e_machine of a binary: x86_64, aarch64, or other:<number>.
elf_machine() {
  local magic m
  magic=$(od -An -N4 -tx1 "$1" | tr -d ' \n')
  [[ $magic == 7f454c46 ]] || { echo none; return 0; }
  m=$(od -An -j18 -N2 -tu2 --endian=little "$1" | tr -d ' ')
  case $m in
    62) echo x86_64 ;;
    183) echo aarch64 ;;
    *) echo "other:$m" ;;
  esac
}

# arch_machine DEBIAN_ARCH : the ELF machine a target's binaries must have.
arch_machine() {
  case $1 in amd64) echo x86_64 ;; arm64) echo aarch64 ;; *) echo "unknown:$1" ;; esac
}

# put_le FILE OFFSET BYTES VALUE : write VALUE as a BYTES-long little-endian integer at OFFSET
# in FILE, in place (used to point GRUB's boot.img and diskboot at core.img).
put_le() {
  local file=$1 offset=$2 bytes=$3 value=$4 hex="" i
  for (( i = 0; i < bytes; i++ )); do
    hex+=$(printf '\\x%02x' $(( (value >> (8 * i)) & 0xff )))
  done
  printf '%b' "$hex" | dd of="$file" bs=1 seek="$offset" conv=notrunc status=none
}

# speaks_sd_notify BINARY : true when the binary mentions NOTIFY_SOCKET (NativeAOT keeps string
# literals as UTF-16, other toolchains as ASCII).
speaks_sd_notify() {
  LC_ALL=C grep -qaP 'NOTIFY_SOCKET|N\x00O\x00T\x00I\x00F\x00Y\x00_\x00S\x00O\x00C\x00K\x00E\x00T' "$1"
}

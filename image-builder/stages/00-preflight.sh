#!/usr/bin/env bash
# Stage 00: the host tools every later stage needs, named all at once.
set -euo pipefail
# shellcheck source=image-builder/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
: "${TARGET:?}" "${XZ:?}"

missing=()
need() { command -v "$1" >/dev/null || missing+=("$1 ($2)"); }
need mmdebstrap mmdebstrap
need sfdisk fdisk
need mke2fs e2fsprogs
need mkfs.vfat dosfstools
need mcopy mtools
need dpkg-deb dpkg
need apt-get apt
need sha256sum coreutils
if [[ $TARGET == amd64 ]]; then need grub-mkimage grub-common; fi
if [[ $TARGET == rpi-arm64 ]]; then need qemu-aarch64-static qemu-user-static; need update-binfmts binfmt-support; fi
if (( XZ )); then need xz xz-utils; fi
if (( ${#missing[@]} )); then
  fail "missing host tools: ${missing[*]}; apt-get install the packages in parentheses"
fi
info "host tools present"

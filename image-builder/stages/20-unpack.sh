#!/usr/bin/env bash
# Stage 20: a fresh copy of the cached rootfs in $WORK_DIR/rootfs (removed and recreated on every run).
set -euo pipefail
# shellcheck source=image-builder/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
: "${WORK_DIR:?}"

tarball=$(cat "$WORK_DIR/rootfs.tar.path")
root="$WORK_DIR/rootfs"
rm -rf "$root"
mkdir -p "$root"
tar -C "$root" --numeric-owner --xattrs --xattrs-include='*' -xpf "$tarball"
info "unpacked $(dir_size_mib "$root") MiB into $root"

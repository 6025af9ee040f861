#!/usr/bin/env bash
# Stage 80: OUT.sha256 (and OUT.xz + OUT.xz.sha256 with --xz), in `sha256sum -c` format.
set -euo pipefail
# shellcheck source=image-builder/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
: "${OUT:?}" "${XZ:?}"

cd "$(dirname "$OUT")"
name=$(basename "$OUT")
sha256sum "$name" >"$name.sha256"
info "$(cut -c1-16 "$name.sha256")...  $name"
if (( XZ )); then
  rm -f "$name.xz"
  xz -T0 -6 -k "$name"
  sha256sum "$name.xz" >"$name.xz.sha256"
  info "$(du -h "$name.xz" | cut -f1) $name.xz"
fi

#!/usr/bin/env bash
# Stage 10: the Debian $SUITE (13, trixie) root filesystem, as a tarball cached under $CACHE_DIR and keyed
# by target, suite, mirror, the package lists and this script. A warm cache skips mmdebstrap.
# packages/<target>.late.list (the kernel and boot firmware) is installed after everything else,
# in one apt run inside the finished chroot: every earlier package that ships an initramfs hook
# would otherwise rebuild the initramfs again (measured: three builds, +15 min through qemu-user).
set -euo pipefail
# shellcheck source=image-builder/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
: "${SUITE:?}" "${TARGET:?}" "${ARCH:?}" "${CACHE_DIR:?}" "${MIRROR:?}" "${SECURITY_MIRROR:?}" "${BUILDER_DIR:?}"

lists=("$BUILDER_DIR/packages/common.list" "$BUILDER_DIR/packages/$TARGET.list")
components=main
if [[ $TARGET == rpi-arm64 ]]; then components=main,non-free-firmware; fi
pkgs=$(package_list "${lists[@]}")
late_list="$BUILDER_DIR/packages/$TARGET.late.list" late=""
if [[ -f $late_list ]]; then late=$(package_list "$late_list"); fi
key=$(cache_key "$TARGET" "$ARCH" "$SUITE" "$MIRROR" "$SECURITY_MIRROR" "$components" "$pkgs" "$late" \
      "$(sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1)")
tarball="$CACHE_DIR/rootfs-$TARGET-$key.tar"

if [[ -s $tarball ]]; then
  info "cached rootfs $tarball"
else
  if [[ $ARCH != "$(dpkg --print-architecture)" ]]; then
    # foreign architecture: the chroot's maintainer scripts run through qemu-user
    [[ -d /proc/sys/fs/binfmt_misc ]] || fail "binfmt_misc is not available"
    mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
    command -v update-binfmts >/dev/null || fail "apt-get install qemu-user-static binfmt-support"
    update-binfmts --enable "qemu-$(uname -m | sed 's/x86_64/aarch64/')" 2>/dev/null || true
    [[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]] || fail "qemu-aarch64 is not registered with binfmt_misc"
  fi
  mkdir -p "$CACHE_DIR"
  info "mmdebstrap $ARCH $SUITE ($(wc -l <<<"$pkgs") packages) from $MIRROR - takes minutes"
  rm -f "$tarball.tmp"
  hooks=()
  if [[ -n $late ]]; then
    info "then, in one apt run: $(paste -sd' ' <<<"$late") (initramfs built once)"
    # Downloaded from outside with mmdebstrap's own apt configuration (the chroot cannot resolve
    # the mirror under qemu-user), then installed inside the chroot, where their apt hooks
    # (apt-listchanges, debconf) exist, from the chroot's archive cache only.
    # shellcheck disable=SC2016  # expanded by mmdebstrap's hook shell ($1 = the chroot)
    hooks+=(--customize-hook='APT_CONFIG="$MMDEBSTRAP_APT_CONFIG" apt-get install -y -q --download-only --no-install-recommends '"$(paste -sd' ' <<<"$late")"
            --customize-hook='chroot "$1" env DEBIAN_FRONTEND=noninteractive APT_LISTCHANGES_FRONTEND=none apt-get install -y -q --no-download --no-install-recommends '"$(paste -sd' ' <<<"$late")")
  fi
  mmdebstrap --quiet --variant=minbase --architectures="$ARCH" --components="$components" \
    --include="$(paste -sd, <<<"$pkgs")" \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --aptopt='Acquire::Retries "3"' \
    "${hooks[@]}" \
    --format=tar \
    "$SUITE" "$tarball.tmp" \
    "deb $MIRROR $SUITE ${components//,/ }" \
    "deb $MIRROR $SUITE-updates ${components//,/ }" \
    "deb $SECURITY_MIRROR $SUITE-security ${components//,/ }"
  mv "$tarball.tmp" "$tarball"
fi
printf '%s\n' "$tarball" >"$WORK_DIR/rootfs.tar.path"

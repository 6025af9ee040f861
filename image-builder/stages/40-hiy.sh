#!/usr/bin/env bash
# Stage 40: hiy itself: the one native binary (SQLite linked in) as /usr/lib/hiy/hiy, /usr/bin/hiy
# for the CLI, hiy.service enabled. --no-hiy skips it.
set -euo pipefail
# shellcheck source=image-builder/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
: "${WORK_DIR:?}" "${HIY_ROOT:?}" "${TARGET:?}" "${ARCH:?}" "${NO_HIY:?}"
root="$WORK_DIR/rootfs"
rm -rf "$root/usr/lib/hiy/hiy" "$root/usr/bin/hiy" \
       "$root/etc/systemd/system/hiy.service.d"

if (( NO_HIY )); then
  systemctl --root="$root" disable hiy.service >/dev/null 2>&1 || true
  info "--no-hiy: the OS layer only"
  exit 0
fi

bin=${HIY_BINARY:-}
if [[ -z $bin ]]; then
  command -v dotnet >/dev/null || fail "dotnet is not on PATH; install the .NET SDK or pass --hiy-binary"
  pub="$WORK_DIR/hiy-publish"
  rid=linux-x64
  [[ $ARCH == arm64 ]] && rid=linux-arm64
  info "scripts/publish-hiy.sh $rid (NativeAOT), a few minutes"
  bash "$HIY_ROOT/scripts/publish-hiy.sh" "$rid" "$pub" || fail "publishing hiy for $rid failed"
  bin="$pub/hiy"
fi
want=$(arch_machine "$ARCH")
got=$(elf_machine "$bin")
[[ $got == "$want" ]] || fail "$bin is a '$got' binary; $TARGET needs $want"

install -d "$root/usr/lib/hiy"
install -m 0755 "$bin" "$root/usr/lib/hiy/hiy"
ln -sfn ../lib/hiy/hiy "$root/usr/bin/hiy"
install -d -m 0755 "$root/etc/hiy"

# hiy.service is Type=notify with a watchdog; a binary without sd_notify would be killed as
# "timed out", so an older binary gets a drop-in (and a warning) instead of a restart loop.
if ! speaks_sd_notify "$bin"; then
  info "WARNING: this hiy binary does not speak sd_notify; hiy.service runs as Type=exec without watchdog"
  install -d "$root/etc/systemd/system/hiy.service.d"
  printf '# %s\n[Service]\nType=exec\nWatchdogSec=0\n' \
    "added by build-image.sh: the binary has no sd_notify support (no NOTIFY_SOCKET)" \
    >"$root/etc/systemd/system/hiy.service.d/10-no-sd-notify.conf"
fi
systemctl --root="$root" enable hiy.service >/dev/null 2>&1 || fail "systemctl enable hiy.service failed"
info "installed $(basename "$bin") ($(du -h "$bin" | cut -f1)) as /usr/lib/hiy/hiy"

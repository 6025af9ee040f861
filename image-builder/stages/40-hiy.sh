#!/usr/bin/env bash
# Stage 40: hiy itself: the native binary and libe_sqlite3.so in /usr/lib/hiy (AOT looks for the
# library beside the executable), /usr/bin/hiy for the CLI, hiy.service enabled. --no-hiy skips it.
set -euo pipefail
# shellcheck source=image-builder/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
: "${WORK_DIR:?}" "${HIY_ROOT:?}" "${TARGET:?}" "${ARCH:?}" "${NO_HIY:?}"
root="$WORK_DIR/rootfs"
rm -rf "$root/usr/lib/hiy/hiy" "$root/usr/lib/hiy/libe_sqlite3.so" "$root/usr/bin/hiy" \
       "$root/etc/systemd/system/hiy.service.d"

if (( NO_HIY )); then
  systemctl --root="$root" disable hiy.service >/dev/null 2>&1 || true
  info "--no-hiy: the OS layer only"
  exit 0
fi

bin=${HIY_BINARY:-}
if [[ -z $bin ]]; then
  [[ $ARCH == amd64 ]] || fail "no hiy binary for $TARGET (pass --hiy-binary or --no-hiy)"
  command -v dotnet >/dev/null || fail "dotnet is not on PATH; install the .NET SDK or pass --hiy-binary"
  pub="$WORK_DIR/hiy-publish"
  rm -rf "$pub"
  info "dotnet publish appliance/Hiy.csproj (NativeAOT linux-x64), about a minute"
  dotnet publish "$HIY_ROOT/appliance/Hiy.csproj" -c Release -r linux-x64 -p:HiyAot=true \
    -p:HiyTargetFramework=net9.0 -o "$pub" -nologo >"$WORK_DIR/hiy-publish.log" 2>&1 \
    || { tail -n 30 "$WORK_DIR/hiy-publish.log" >&2; fail "dotnet publish failed (log: $WORK_DIR/hiy-publish.log)"; }
  bin="$pub/hiy"
fi
want=$(arch_machine "$ARCH")
got=$(elf_machine "$bin")
[[ $got == "$want" ]] || fail "$bin is a '$got' binary; $TARGET needs $want"
lib="$(dirname "$bin")/libe_sqlite3.so"
[[ -f $lib ]] || fail "$lib is missing: hiy needs libe_sqlite3.so beside the binary"

install -d "$root/usr/lib/hiy"
install -m 0755 "$bin" "$root/usr/lib/hiy/hiy"
install -m 0644 "$lib" "$root/usr/lib/hiy/libe_sqlite3.so"
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

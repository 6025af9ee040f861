#!/usr/bin/env bash
# Publishes the native-AOT `hiy` for one CPU, the one way every script builds it:
#   scripts/publish-hiy.sh linux-x64|linux-arm64 OUT_DIR
# OUT_DIR then holds `hiy` alone (plus hiy.dbg, its stripped debug symbols). SQLite is linked in
# statically from Debian's libsqlite3.a, so nothing ships beside it.
#   1. what the publish links against: libsqlite3-dev; for linux-arm64 the cross binutils, libc and
#      libgcc (Debian's *-arm64-cross packages) and an arm64 sysroot with libsqlite3.a
#   2. dotnet publish with the AOT/trim analyzers as errors; any IL/AOT warning fails the publish
#   3. checks the result: one file, the right ELF machine, ldd naming only libraries the images carry
# The arm64 sysroot ($HIY_ARM64_ROOT, scripts/lib.sh) is also what qemu-user runs the arm64 binary
# against (-L); it is built once with mmdebstrap and reused.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RID=${1:?usage: publish-hiy.sh linux-x64|linux-arm64 OUT_DIR}
OUT=${2:?usage: publish-hiy.sh linux-x64|linux-arm64 OUT_DIR}
LOG="${OUT%/}.publish.log"
ARM64_ROOT="$HIY_ARM64_ROOT"
# Libraries the appliance images install (libc6, libssl3, zlib1g come with every Debian system).
ALLOWED_LIBS='^(linux-vdso|libc|libm|libdl|libpthread|librt|libgcc_s|libssl|libcrypto|libz|ld-linux[-a-z0-9_]*)\.so'

# The arm64 root: libc and friends for qemu-user, libsqlite3.a for the link. Rebuilt when its
# package list changes (the stamp holds the list).
ARM64_PACKAGES=libc6,libgcc-s1,libssl3,zlib1g,ca-certificates,libsqlite3-0,libsqlite3-dev
arm64_root() {
  if [ -f "$ARM64_ROOT/.hiy-root" ] && [ "$(cat "$ARM64_ROOT/.hiy-root")" = "$ARM64_PACKAGES" ]; then
    return
  fi
  need_packages mmdebstrap
  step "building the arm64 root $ARM64_ROOT (mmdebstrap, extract only)"
  as_root rm -rf "$ARM64_ROOT"
  mkdir -p "$(dirname "$ARM64_ROOT")"
  as_root mmdebstrap --quiet --variant=extract --architectures=arm64 --include="$ARM64_PACKAGES" \
    bookworm "$ARM64_ROOT" >/dev/null || fail "mmdebstrap could not build the arm64 root in $ARM64_ROOT"
  printf '%s' "$ARM64_PACKAGES" | as_root tee "$ARM64_ROOT/.hiy-root" >/dev/null
}

publish_args=()
case $RID in
  linux-x64)
    need_packages libsqlite3-dev file binutils
    elf_machine="x86-64"
    ;;
  linux-arm64)
    need_packages libsqlite3-dev file binutils binutils-aarch64-linux-gnu libc6-dev-arm64-cross libgcc-12-dev-arm64-cross clang-14 llvm
    arm64_root
    # clang cross-links against the *-cross packages' libc; llvm-objcopy strips (GNU objcopy cannot).
    publish_args+=(-p:CppCompilerAndLinker=clang-14 -p:ObjCopyName=llvm-objcopy -p:HiySysroot="$ARM64_ROOT")
    elf_machine="ARM aarch64"
    ;;
  *) fail "publish-hiy.sh: RID must be linux-x64 or linux-arm64, not '$RID'" ;;
esac

step "publishing hiy for $RID (native AOT)"
rm -rf "$OUT"
mkdir -p "$OUT"
if ! dotnet publish "$HIY_ROOT/appliance/Hiy.csproj" -c Release -r "$RID" -p:HiyAot=true "${publish_args[@]}" \
     -o "$OUT" -nologo >"$LOG" 2>&1; then
  tail -n 40 "$LOG" >&2
  fail "AOT publish for $RID failed (log: $LOG)"
fi
if grep -E "warning (IL|CS|NU|NETSDK)[0-9]+" "$LOG"; then
  fail "AOT publish for $RID produced warnings (above); the binary must be AOT/trim clean"
fi

extra=$(find "$OUT" -mindepth 1 -maxdepth 1 ! -name hiy ! -name hiy.dbg -printf '%f ')
[ -z "$extra" ] || fail "the $RID release folder must hold hiy alone, but also has: $extra"
file -b "$OUT/hiy" | grep -q "ELF 64-bit LSB .*$elf_machine" || fail "$OUT/hiy is not an $elf_machine ELF: $(file -b "$OUT/hiy")"
# The NEEDED entries of the ELF itself (ldd would need the target's loader for arm64).
needed=$(LC_ALL=C readelf -d "$OUT/hiy" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
for lib in $needed; do
  [[ $lib =~ $ALLOWED_LIBS ]] || fail "$OUT/hiy needs $lib, which the appliance images do not install"
done
info "hiy for $RID: $(du -h "$OUT/hiy" | cut -f1), needs $(echo "$needed" | tr '\n' ' ')"

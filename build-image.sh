#!/usr/bin/env bash
# Builds a flashable hiy disk image. See --help.
set -euo pipefail
HIY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILDER_DIR="$HIY_ROOT/image-builder"
# shellcheck source=image-builder/lib/common.sh
source "$BUILDER_DIR/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: build-image.sh [options]        (run as root: the rootfs is built with mmdebstrap)

Builds a raw disk image of the hiy appliance (Debian 13 trixie + hiy + docker), plus FILE.sha256.
Flash it with `dd`/Raspberry Pi Imager/balenaEtcher, boot, open http://hiy.local/ and enter the
setup code printed at the end of the build.

  --target rpi-arm64|amd64  Raspberry Pi 4/5 (MBR: FAT firmware partition + ext4) or x86-64 PCs
                            (GPT: BIOS boot + EFI system partition + ext4; GRUB for BIOS and UEFI,
                            Debian's signed shim for Secure Boot). Default: amd64.
  --hiy-binary PATH         use this hiy binary (a native build for the target: one file, SQLite
                            linked in). Without it, hiy is published from appliance/ for the
                            target's CPU with scripts/publish-hiy.sh (NativeAOT linux-x64, or
                            linux-arm64 cross-compiled with clang and Debian's arm64 cross libc).
  --no-hiy                  the OS layer alone, without hiy (for testing the image).
  --out FILE                the image to write. Default: out/hiy-TARGET.img
  --setup-code CODE         the wizard's setup code (8-64 of A-Z a-z 0-9 -). Default: random per image.
                            It is written into hiy.toml on the boot partition and printed.
  --xz                      also write FILE.xz (and its .sha256).
  --cache DIR               where the rootfs tarball is cached (keyed by the package lists).
                            Default: /var/cache/hiy-image
  --mirror URL              Debian mirror. Default: the first deb.debian.org-style URI in apt's sources,
                            else http://deb.debian.org/debian
  -h, --help                this text.

Boot-partition pre-seed: before the first boot, edit hiy.toml on the FAT partition (any laptop):
  setup_code = "..."          domain = "pi.example.com"      timezone = "Europe/Berlin"
  ssh_authorized_keys = ["ssh-ed25519 AAAA... me@laptop"]    (SSH stays off without keys)
  cloudflare_api_token = "..."
  [wifi]
  ssid = "..."  psk = "..."  country = "DE"
Secrets (wifi.psk, cloudflare_api_token) are moved off the FAT partition at first boot.

Stages (image-builder/stages/NN-*.sh) print "-----> stage NN: ..."; a failure names its stage.
USAGE
}

TARGET=amd64 HIY_BINARY="" NO_HIY=0 OUT="" SETUP_CODE="" XZ=0 CACHE_DIR=/var/cache/hiy-image MIRROR=""
while (( $# )); do
  case $1 in
    --target) TARGET=${2:?--target needs a value}; shift 2 ;;
    --target=*) TARGET=${1#*=}; shift ;;
    --hiy-binary) HIY_BINARY=${2:?--hiy-binary needs a path}; shift 2 ;;
    --hiy-binary=*) HIY_BINARY=${1#*=}; shift ;;
    --no-hiy) NO_HIY=1; shift ;;
    --out) OUT=${2:?--out needs a file}; shift 2 ;;
    --out=*) OUT=${1#*=}; shift ;;
    --setup-code) SETUP_CODE=${2:?--setup-code needs a value}; shift 2 ;;
    --setup-code=*) SETUP_CODE=${1#*=}; shift ;;
    --xz) XZ=1; shift ;;
    --cache) CACHE_DIR=${2:?--cache needs a directory}; shift 2 ;;
    --mirror) MIRROR=${2:?--mirror needs a URL}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "unknown option: $1" ;;
  esac
done

case $TARGET in
  amd64) ARCH=amd64 ;;
  rpi-arm64) ARCH=arm64 ;;
  *) fail "--target must be rpi-arm64 or amd64, not '$TARGET'" ;;
esac
if [[ -n $HIY_BINARY && $NO_HIY == 1 ]]; then fail "--hiy-binary and --no-hiy exclude each other"; fi
if [[ -n $HIY_BINARY ]]; then
  [[ -f $HIY_BINARY ]] || fail "--hiy-binary $HIY_BINARY: no such file"
  HIY_BINARY=$(readlink -f "$HIY_BINARY")
fi
if [[ -z $SETUP_CODE ]]; then SETUP_CODE=$(gen_setup_code); fi
valid_setup_code "$SETUP_CODE" || fail "--setup-code: 8-64 characters of A-Z a-z 0-9 and '-'"
OUT=$(readlink -m "${OUT:-$HIY_ROOT/out/hiy-$TARGET.img}")
if [[ -z $MIRROR ]]; then
  MIRROR=$(grep -rhoE '(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
           | awk '{print $2}' | head -n1 || true)
  MIRROR=${MIRROR%/}
  MIRROR=${MIRROR:-http://deb.debian.org/debian}
fi
SECURITY_MIRROR=${MIRROR%/debian}/debian-security
(( EUID == 0 )) || fail "build-image.sh must run as root (mmdebstrap, file ownership in the image)"

WORK_DIR=${HIY_IMAGE_WORK:-$(dirname "$OUT")/.work-$TARGET}
mkdir -p "$WORK_DIR" "$(dirname "$OUT")"
# The Debian release of every image (the build machine itself may run an older one).
SUITE=trixie
export SUITE TARGET ARCH HIY_ROOT BUILDER_DIR HIY_BINARY NO_HIY OUT SETUP_CODE XZ CACHE_DIR MIRROR SECURITY_MIRROR WORK_DIR

started=$SECONDS
for stage in "$BUILDER_DIR"/stages/[0-9][0-9]-*.sh; do
  name=$(basename "$stage" .sh)
  num=${name%%-*} what=${name#*-}
  case $what in
    boot-*) [[ $what == "boot-$TARGET" ]] || continue ;;
  esac
  t=$SECONDS
  step "stage $num: $what"
  if ! bash "$stage"; then
    fail "stage $num ($what) failed for target $TARGET after $((SECONDS - t)) s"
  fi
  info "stage $num done in $((SECONDS - t)) s"
done

step "image ready in $((SECONDS - started)) s"
info "$OUT ($(du -h --apparent-size "$OUT" | cut -f1))"
info "$OUT.sha256"
if (( XZ )); then info "$OUT.xz"; fi
info "setup code: $SETUP_CODE   (the wizard at http://hiy.local/ asks for it; also in hiy.toml on the boot partition)"

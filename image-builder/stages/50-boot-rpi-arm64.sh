#!/usr/bin/env bash
# Stage 50 (rpi-arm64): the Raspberry Pi firmware partition. Debian's raspi-firmware hook already
# copied start4.elf, fixup4.dat, the Pi DTBs, kernel and initrd into /boot/firmware of the rootfs;
# they move to the FAT tree here, with our config.txt and a cmdline.txt naming the root PARTUUID.
# Pi 5 note: trixie's 6.12 kernel ships the Pi 5 DTB (bcm2712-rpi-5-b.dtb) but no RP1 driver
# (Ethernet, USB, GPIO header): a Pi 5 boots, and needs a newer kernel for those.
set -euo pipefail
# shellcheck source=image-builder/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
: "${WORK_DIR:?}"
# shellcheck disable=SC1091
source "$WORK_DIR/ids.env"
root="$WORK_DIR/rootfs" fat="$WORK_DIR/fat"
rm -rf "$fat"
mkdir -p "$fat"

src="$root/boot/firmware"
[[ -f $src/start4.elf ]] || fail "raspi-firmware did not fill /boot/firmware (no start4.elf)"
cp -r "$src/." "$fat/"
find "$src" -mindepth 1 -delete   # the FAT partition is mounted there at boot

kernel=$(find "$fat" -maxdepth 1 -name "vmlinuz-*" -printf "%f\n" | sort -V | tail -n1)
initrd=$(find "$fat" -maxdepth 1 -name "initrd.img-*" -printf "%f\n" | sort -V | tail -n1)
[[ -n $kernel && -n $initrd ]] || fail "no kernel/initrd in the firmware partition"
cat >"$fat/config.txt" <<CFG
# hiy: Raspberry Pi 4 / 5, 64-bit Debian kernel
arm_64bit=1
enable_uart=1
upstream_kernel=1
kernel=$kernel
initramfs $initrd followkernel
# I2C for UPS HATs (INA219, MAX17048)
dtparam=i2c_arm=on
dtparam=audio=off
disable_overscan=1
[pi4]
dtoverlay=vc4-kms-v3d
[pi5]
dtoverlay=vc4-kms-v3d-pi5
CFG
# raspi-firmware's own hooks rewrite cmdline.txt on kernel updates from /etc/default/raspi-firmware
echo "console=serial0,115200 console=tty1 root=PARTUUID=$ROOT_PARTUUID rw fsck.repair=yes rootwait quiet" >"$fat/cmdline.txt"
sed -i "s|^#\?ROOTPART=.*|ROOTPART=PARTUUID=$ROOT_PARTUUID|" "$root/etc/default/raspi-firmware" 2>/dev/null || true
for f in start4.elf fixup4.dat bcm2711-rpi-4-b.dtb bcm2712-rpi-5-b.dtb; do
  [[ -f $fat/$f ]] || info "note: $f is not in the firmware partition"
done
info "firmware partition: $(find "$fat" -type f | wc -l) files, kernel $kernel"

#!/usr/bin/env bash
# The Raspberry Pi image without hiy (--no-hiy), checked and booted here. Slow: the arm64 rootfs is
# built through qemu-user (about 25-40 minutes cold; the cached tarball makes reruns quick), and
# the boot runs under TCG. Checks:
#   - the boot partition holds config.txt (i2c on), cmdline.txt naming the root PARTUUID of the
#     partition table, start4.elf, fixup4.dat, the Pi 4 DTB (the Pi 5 DTB is reported), kernel, initrd
#   - qemu-system-aarch64 -M virt boots the root filesystem (kernel and initrd taken from the FAT)
#     to multi-user with docker, ufw and fail2ban active (the guest's status report on the serial console)
# The last line is "image-arm64: N passed, N failed". Run as root. Needs, besides build-image.sh's
# tools: qemu-user-static binfmt-support qemu-system-arm. HIY_IMAGE_BOOT_BUDGET (default 900 s).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$HIY_ROOT"

ART="$HIY_ROOT/artifacts/image-arm64"
BUDGET=${HIY_IMAGE_BOOT_BUDGET:-900}
IMG="$ART/hiy-rpi-arm64.img"
qemu_pid=""
mkdir -p "$ART"
summary() { tap_summary image-arm64; }
cleanup() {
  if [[ -n $qemu_pid ]] && kill -0 "$qemu_pid" 2>/dev/null; then kill "$qemu_pid"; wait "$qemu_pid" 2>/dev/null || true; fi
  rm -f "$ART/disk.raw"
}
trap cleanup EXIT
(( EUID == 0 )) || fail "run as root"
command -v qemu-system-aarch64 >/dev/null || fail "apt-get install qemu-system-arm"

t0=$SECONDS
step "building the rpi-arm64 image (--no-hiy)"
if ! ./build-image.sh --target rpi-arm64 --no-hiy --out "$IMG" 2>&1 | tee "$ART/build.log"; then
  bad "build-image.sh --target rpi-arm64 --no-hiy"; summary; exit 1
fi
t_build=$((SECONDS - t0))
ok "build-image.sh --target rpi-arm64 --no-hiy (${t_build} s)"

# the boot partition, read with mtools at its offset (no loop device)
fat_start=$(sfdisk -J "$IMG" | python3 -c 'import json,sys; print(json.load(sys.stdin)["partitiontable"]["partitions"][0]["start"])')
disk_id=$(sfdisk -J "$IMG" | python3 -c 'import json,sys; print(json.load(sys.stdin)["partitiontable"]["id"][2:])')
m="$IMG@@$((fat_start * 512))"
mdir -b -i "$m" ::/ >"$ART/fat.list"
for f in config.txt cmdline.txt start4.elf fixup4.dat bcm2711-rpi-4-b.dtb hiy.toml; do
  check "boot partition has $f" grep -q "/$f\$" "$ART/fat.list"
done
if grep -q 'bcm2712-rpi-5-b.dtb$' "$ART/fat.list"; then ok "boot partition has bcm2712-rpi-5-b.dtb"
else info "note: no bcm2712-rpi-5-b.dtb: bookworm's 6.1 kernel predates the Pi 5 (see 50-boot-rpi-arm64.sh)"; fi
mcopy -n -i "$m" ::/cmdline.txt ::/config.txt "$ART/"
check "cmdline.txt names the root PARTUUID $disk_id-02" grep -q "root=PARTUUID=$disk_id-02 " "$ART/cmdline.txt"
check "config.txt turns I2C on" grep -qx 'dtparam=i2c_arm=on' "$ART/config.txt"
kernel=$(sed -n 's/^kernel=//p' "$ART/config.txt")
initrd=$(sed -n 's/^initramfs \([^ ]*\).*/\1/p' "$ART/config.txt")
check "kernel $kernel is on the boot partition" grep -q "/$kernel\$" "$ART/fat.list"
check "initrd $initrd is on the boot partition" grep -q "/$initrd\$" "$ART/fat.list"
mcopy -n -i "$m" "::/$kernel" "$ART/vmlinuz"
mcopy -n -i "$m" "::/$initrd" "$ART/initrd.img"

cp --sparse=always "$IMG" "$ART/disk.raw"
truncate -s +1G "$ART/disk.raw"
step "booting under qemu-system-aarch64 -M virt (TCG)"
boot_start=$SECONDS
: >"$ART/serial.log"
qemu-system-aarch64 -M virt -cpu cortex-a72 -smp 2 -m 2048 -accel "tcg,thread=multi" \
  -kernel "$ART/vmlinuz" -initrd "$ART/initrd.img" \
  -append "root=PARTUUID=$disk_id-02 rw rootwait console=ttyAMA0 quiet" \
  -drive "file=$ART/disk.raw,format=raw,if=none,id=d0,cache=unsafe" -device virtio-blk-pci,drive=d0 \
  -netdev "user,id=n0,restrict=on" -device virtio-net-pci,netdev=n0 \
  -display none -monitor none -serial file:"$ART/serial.log" -no-reboot >"$ART/qemu.log" 2>&1 &
qemu_pid=$!
deadline=$((boot_start + BUDGET))
until grep -qa '=== hiy-status end ===' "$ART/serial.log"; do
  if (( SECONDS > deadline )) || ! kill -0 "$qemu_pid" 2>/dev/null; then break; fi
  sleep 5
done
t_boot=$((SECONDS - boot_start))
if grep -qa '=== hiy-status end ===' "$ART/serial.log"; then
  # journald forwards the unit's output as "[  12.345] hiy-status[810]: text": keep the text
  sed -n '/=== hiy-status begin ===/,/=== hiy-status end ===/p' "$ART/serial.log" | tr -d '\r' \
    | sed -E 's/^.*\[ *[0-9.]+\] [A-Za-z0-9_.@-]+\[[0-9]+\]: //' >"$ART/status.txt"
  ok "multi-user reached; status report after ${t_boot} s"
  sed 's/^/       | /' "$ART/status.txt"
  for unit in docker ufw fail2ban avahi-daemon; do
    check "unit $unit active" grep -qx "unit $unit: active" "$ART/status.txt"
  done
  check "ufw: Status: active" grep -qx 'Status: active' "$ART/status.txt"
  check "fail2ban has the hiy jail" grep -Eq 'Jail list:.*\bhiy\b' "$ART/status.txt"
else
  bad "status report within ${BUDGET} s"
  tail -n 40 "$ART/serial.log" | tr -d '\r'
fi
step "timings: build ${t_build} s, boot to status report ${t_boot} s (TCG)"
summary
(( failed == 0 ))

#!/usr/bin/env bash
# The Raspberry Pi image with the real linux-arm64 hiy inside, built and booted here. Slow: the arm64
# rootfs is built through qemu-user (about an hour cold; the cached tarball makes reruns quick), and
# the boot runs under TCG. Checks:
#   - the boot partition holds config.txt (i2c on), cmdline.txt naming the root PARTUUID of the
#     partition table, start4.elf, fixup4.dat, the Pi 4 and Pi 5 DTBs, kernel, initrd
#   - qemu-system-aarch64 -M virt boots the root filesystem (kernel and initrd taken from the FAT)
#     to multi-user; from the host, through a forward to the guest's port 80: hiy's /health, the
#     wizard refusing a wrong setup code and taking the image's, /ready (docker answers in the guest)
#   - the guest's status report (serial console): hiy, docker, ufw, fail2ban (hiy jail), avahi active
# The last line is "image-arm64: N passed, N failed". Run as root. Needs, besides build-image.sh's
# tools: qemu-user-static binfmt-support qemu-system-arm. HIY_IMAGE_BOOT_BUDGET (default 900 s);
# HIY_IMAGE_BINARY: a linux-arm64 hiy to put in (default: published now with scripts/publish-hiy.sh).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$HIY_ROOT"

ART="$HIY_ROOT/artifacts/image-arm64"
BUDGET=${HIY_IMAGE_BOOT_BUDGET:-900}
IMG="$ART/hiy-rpi-arm64.img"
PORT=${HIY_IMAGE_PORT:-$(free_port)}
BASE="http://127.0.0.1:$PORT"
qemu_pid=""
mkdir -p "$ART"
summary() { tap_summary image-arm64; }
cleanup() {
  if [[ -n $qemu_pid ]] && kill -0 "$qemu_pid" 2>/dev/null; then kill "$qemu_pid"; wait "$qemu_pid" 2>/dev/null || true; fi
  rm -f "$ART/disk.raw"
}
trap cleanup EXIT
(( EUID == 0 )) || fail "run as root"
need_packages qemu-user-static binfmt-support arch-test qemu-system-arm mmdebstrap mtools dosfstools e2fsprogs fdisk curl python3

bin=${HIY_IMAGE_BINARY:-}
if [[ -z $bin ]]; then
  bash scripts/publish-hiy.sh linux-arm64 "$ART/hiy-publish" || fail "publishing the linux-arm64 hiy failed"
  bin="$ART/hiy-publish/hiy"
fi
code="TEST-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n' | tr a-f A-F)"
t0=$SECONDS
step "building the rpi-arm64 image with hiy ($(du -h "$bin" | cut -f1))"
if ! ./build-image.sh --target rpi-arm64 --hiy-binary "$bin" --setup-code "$code" --out "$IMG" 2>&1 | tee "$ART/build.log"; then
  bad "build-image.sh --target rpi-arm64 --hiy-binary $bin"; summary; exit 1
fi
t_build=$((SECONDS - t0))
ok "build-image.sh --target rpi-arm64 --hiy-binary (${t_build} s)"

# the boot partition, read with mtools at its offset (no loop device)
fat_start=$(sfdisk -J "$IMG" | python3 -c 'import json,sys; print(json.load(sys.stdin)["partitiontable"]["partitions"][0]["start"])')
disk_id=$(sfdisk -J "$IMG" | python3 -c 'import json,sys; print(json.load(sys.stdin)["partitiontable"]["id"][2:])')
m="$IMG@@$((fat_start * 512))"
mdir -b -i "$m" ::/ >"$ART/fat.list"
for f in config.txt cmdline.txt start4.elf fixup4.dat bcm2711-rpi-4-b.dtb bcm2712-rpi-5-b.dtb hiy.toml; do
  check "boot partition has $f" grep -q "/$f\$" "$ART/fat.list"
done
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
  -netdev "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$PORT-:80" -device virtio-net-pci,netdev=n0 \
  -display none -monitor none -serial file:"$ART/serial.log" -no-reboot >"$ART/qemu.log" 2>&1 &
qemu_pid=$!
deadline=$((boot_start + BUDGET))

# hiy from the host, as a person's browser would reach it
t_health="" t_wizard=""
while (( SECONDS < deadline )) && kill -0 "$qemu_pid" 2>/dev/null; do
  if [[ -z $t_health ]] && curl -fsS -m 3 "$BASE/health" >/dev/null 2>&1; then t_health=$((SECONDS - boot_start)); fi
  if [[ -n $t_health ]] && curl -fsS -m 5 "$BASE/api/v1/setup" >"$ART/setup.json" 2>/dev/null; then
    t_wizard=$((SECONDS - boot_start)); break
  fi
  sleep 2
done
if [[ -n $t_health ]]; then ok "hiy (arm64) /health answered ${t_health} s after qemu started"; else bad "/health within ${BUDGET} s"; fi
if [[ -n $t_wizard ]]; then
  ok "wizard up: boot-to-wizard ${t_wizard} s (TCG): $(cat "$ART/setup.json")"
  post_setup() { # CODE : prints the HTTP status
    curl -sS -m 300 -o "$ART/setup-post.json" -w '%{http_code}' -H 'Content-Type: application/json' \
      -d "{\"admin_password\":\"correct horse battery staple\",\"domain\":\"pi.example.com\",\"setup_code\":\"$1\"}" \
      "$BASE/api/v1/setup" 2>/dev/null || true
  }
  s=$(post_setup "WRONG-CODE-1234")
  check "wizard refuses a wrong setup code (got $s, want 403)" test "$s" = 403
  s=$(post_setup "$code")
  check "wizard accepts the image's setup code (got $s, want 200)" test "$s" = 200
  ready=""
  for _ in $(seq 1 90); do
    ready=$(curl -sS -m 5 -o "$ART/ready.json" -w '%{http_code}' "$BASE/ready" 2>/dev/null || true)
    [[ $ready == 200 ]] && break
    sleep 2
  done
  check "/ready is 200: SQLite and docker answer in the arm64 guest (got $ready: $(cat "$ART/ready.json" 2>/dev/null))" test "$ready" = 200
else
  bad "wizard within ${BUDGET} s"
fi

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
  for unit in hiy docker ufw fail2ban avahi-daemon; do
    check "unit $unit active" grep -qx "unit $unit: active" "$ART/status.txt"
  done
  check "ufw: Status: active" grep -qx 'Status: active' "$ART/status.txt"
  check "fail2ban has the hiy jail" grep -Eq 'Jail list:.*\bhiy\b' "$ART/status.txt"
else
  bad "status report within ${BUDGET} s"
  vm_console_tail "$ART" "the guest's console ends with"
fi
step "timings: build ${t_build} s, /health ${t_health:-none} s, boot-to-wizard ${t_wizard:-none} s, status report ${t_boot} s (TCG)"
summary
(( failed == 0 ))

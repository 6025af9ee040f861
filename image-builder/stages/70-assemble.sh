#!/usr/bin/env bash
# Stage 70: the disk image, without loop devices: the FAT filesystem is made in a file and filled
# with mtools, ext4 with mke2fs -d, the partition table with sfdisk, and the pieces are copied in
# at their offsets. amd64: GPT (BIOS boot, ESP, root). rpi-arm64: MBR (firmware FAT, root).
set -euo pipefail
# shellcheck source=image-builder/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
: "${WORK_DIR:?}" "${TARGET:?}" "${OUT:?}"
# shellcheck disable=SC1091
source "$WORK_DIR/ids.env"
root="$WORK_DIR/rootfs" fat="$WORK_DIR/fat"

fat_mib=256
root_mib=$(root_fs_mib "$(dir_size_mib "$root")")
if [[ $TARGET == amd64 ]]; then fat_start_mib=2; else fat_start_mib=4; fi
root_start_mib=$(( fat_start_mib + fat_mib ))
total_mib=$(( root_start_mib + root_mib + 1 ))   # +1: the backup GPT at the end

info "FAT ${fat_mib} MiB, root ${root_mib} MiB, image ${total_mib} MiB"
rm -f "$WORK_DIR/fat.img" "$WORK_DIR/root.img"
mkfs.vfat -C -F 32 -n HIY-BOOT -i "$FAT_ID" "$WORK_DIR/fat.img" $(( fat_mib * 1024 )) >/dev/null
mcopy -s -i "$WORK_DIR/fat.img" "$fat"/* ::/ || fail "mcopy into the FAT filesystem failed"

mke2fs -q -F -t ext4 -L hiy-root -U "$ROOT_UUID" -m 1 -E root_owner=0:0 \
  -d "$root" "$WORK_DIR/root.img" "${root_mib}M" || fail "mke2fs -d failed"

tmp="$OUT.tmp"
rm -f "$tmp"
truncate -s "${total_mib}M" "$tmp"
if [[ $TARGET == amd64 ]]; then
  sfdisk -q --no-reread --no-tell-kernel "$tmp" <<TABLE
label: gpt
label-id: $DISK_ID
first-lba: 34
start=2048, size=$(mib_to_sectors 1), type=21686148-6449-6E6F-744E-656564454649, name="bios"
start=$(mib_to_sectors "$fat_start_mib"), size=$(mib_to_sectors "$fat_mib"), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name="HIY-BOOT"
start=$(mib_to_sectors "$root_start_mib"), size=$(mib_to_sectors "$root_mib"), type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=$ROOT_PARTUUID, name="hiy-root"
TABLE
  # BIOS: boot.img code (not the partition table) into the MBR, pointed at core.img in partition 1
  bios="$WORK_DIR/bios"
  core_sectors=$(( ($(stat -c %s "$bios/core.img") + 511) / 512 ))
  (( core_sectors <= 2048 )) || fail "core.img does not fit the 1 MiB BIOS boot partition"
  dd if="$bios/core.img" of="$tmp" bs=512 seek=2048 conv=notrunc status=none
  put_le "$tmp" $(( 2048 * 512 + 0x1f4 )) 8 2049                 # diskboot: rest of core at LBA 2049
  put_le "$tmp" $(( 2048 * 512 + 0x1fc )) 2 $(( core_sectors - 1 ))
  dd if="$bios/boot.img" of="$tmp" bs=440 count=1 conv=notrunc status=none
  put_le "$tmp" $(( 0x5c )) 8 2048                                # boot.img: core.img at LBA 2048
  printf '\x90\x90' | dd of="$tmp" bs=1 seek=$(( 0x66 )) conv=notrunc status=none  # trust BIOS drive number
else
  sfdisk -q --no-reread --no-tell-kernel "$tmp" <<TABLE
label: dos
label-id: 0x$DISK_ID
start=$(mib_to_sectors "$fat_start_mib"), size=$(mib_to_sectors "$fat_mib"), type=c, bootable
start=$(mib_to_sectors "$root_start_mib"), size=$(mib_to_sectors "$root_mib"), type=83
TABLE
fi
dd if="$WORK_DIR/fat.img" of="$tmp" bs=1M seek="$fat_start_mib" conv=notrunc status=none
dd if="$WORK_DIR/root.img" of="$tmp" bs=1M seek="$root_start_mib" conv=notrunc,sparse status=none
rm -f "$WORK_DIR/fat.img" "$WORK_DIR/root.img"
mv "$tmp" "$OUT"
sfdisk -l "$OUT" | sed 's/^/       /'

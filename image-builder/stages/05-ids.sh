#!/usr/bin/env bash
# Stage 05: fresh identifiers for this image (disk, partitions, filesystems), read by the boot and
# assemble stages from $WORK_DIR/ids.env. New ones on every build.
set -euo pipefail
# shellcheck source=image-builder/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
: "${WORK_DIR:?}" "${TARGET:?}"

disk_uuid=$(gen_uuid)
root_uuid=$(gen_uuid)
fat_id=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
if [[ $TARGET == rpi-arm64 ]]; then
  # MBR: PARTUUID is the disk id plus the partition number
  disk_id=${fat_id:0:8}
  fat_id=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
  root_partuuid="$disk_id-02"
else
  disk_id=$disk_uuid
  root_partuuid=$(gen_uuid)
fi
cat >"$WORK_DIR/ids.env" <<IDS
DISK_ID=$disk_id
ROOT_PARTUUID=$root_partuuid
ROOT_UUID=$root_uuid
FAT_ID=$fat_id
IDS
info "root PARTUUID $root_partuuid"

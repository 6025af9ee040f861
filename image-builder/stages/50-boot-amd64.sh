#!/usr/bin/env bash
# Stage 50 (amd64): GRUB for UEFI and BIOS. UEFI: Debian's signed shim + GRUB as the removable
# path EFI/BOOT/BOOTX64.EFI (boots with Secure Boot on). BIOS: core.img for the BIOS boot partition
# and boot.img for the MBR, written into the disk by stage 70 (grub-bios-setup refuses image files).
# GRUB loads /vmlinuz and /initrd.img, the symlinks Debian keeps current on kernel updates.
set -euo pipefail
# shellcheck source=image-builder/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
: "${WORK_DIR:?}" "${CACHE_DIR:?}"
# shellcheck disable=SC1091
source "$WORK_DIR/ids.env"
root="$WORK_DIR/rootfs" esp="$WORK_DIR/fat" bios="$WORK_DIR/bios"
rm -rf "$esp" "$bios"
mkdir -p "$esp/EFI/BOOT" "$esp/EFI/debian" "$bios"

[[ -e $root/vmlinuz && -e $root/initrd.img ]] || fail "the rootfs has no /vmlinuz or /initrd.img"

# signed shim and GRUB, from the same mirror as the rootfs (cached .debs)
debs="$CACHE_DIR/debs-amd64"
mkdir -p "$debs"
if ! ls "$debs"/shim-signed_*.deb "$debs"/grub-efi-amd64-signed_*.deb >/dev/null 2>&1; then
  (cd "$debs" && apt-get download -q -o APT::Sandbox::User=root shim-signed grub-efi-amd64-signed >/dev/null) \
    || fail "apt-get download shim-signed grub-efi-amd64-signed failed"
fi
x="$WORK_DIR/signed"
rm -rf "$x"; mkdir -p "$x"
for d in "$debs"/shim-signed_*.deb "$debs"/grub-efi-amd64-signed_*.deb; do dpkg-deb -x "$d" "$x"; done
shim=$(find "$x" -name 'shimx64.efi.signed*' | sort | head -n1)
grub=$(find "$x" -name 'grubx64.efi.signed' | head -n1)
[[ -n $shim && -n $grub ]] || fail "shimx64.efi.signed / grubx64.efi.signed not found in the .debs"
install -m 0644 "$shim" "$esp/EFI/BOOT/BOOTX64.EFI"
install -m 0644 "$grub" "$esp/EFI/BOOT/grubx64.efi"
mm=$(find "$x" -name 'mmx64.efi.signed' | head -n1)
if [[ -n $mm ]]; then install -m 0644 "$mm" "$esp/EFI/BOOT/mmx64.efi"; fi

cmdline="root=PARTUUID=$ROOT_PARTUUID ro rootwait quiet console=tty0 console=ttyS0,115200n8"
cfg=$(cat <<CFG
# written by build-image.sh; the kernel comes from the /vmlinuz symlink, so updates need no rewrite
set timeout=2
set default=0
serial --unit=0 --speed=115200
terminal_input console serial
terminal_output console serial
search --no-floppy --fs-uuid --set=root $ROOT_UUID
menuentry "hiy" {
  linux /vmlinuz $cmdline
  initrd /initrd.img
}
CFG
)
# the signed GRUB reads EFI/debian/grub.cfg (its built-in prefix); the BIOS core reads /boot/grub
printf '%s\n' "$cfg" >"$esp/EFI/debian/grub.cfg"
printf '%s\n' "$cfg" >"$esp/EFI/BOOT/grub.cfg"
install -d "$root/boot/grub"
printf '%s\n' "$cfg" >"$root/boot/grub/grub.cfg"

# BIOS: core.img finds the root filesystem by UUID and reads /boot/grub/grub.cfg from it
# shellcheck disable=SC2016  # $root is GRUB's variable, not the shell's
printf 'search --no-floppy --fs-uuid --set=root %s\nset prefix=($root)/boot/grub\n' "$ROOT_UUID" >"$bios/early.cfg"
grub-mkimage -O i386-pc -o "$bios/core.img" -c "$bios/early.cfg" -p /boot/grub \
  biosdisk part_gpt ext2 search search_fs_uuid normal configfile linux echo test serial terminal boot \
  || fail "grub-mkimage (i386-pc) failed"
cp /usr/lib/grub/i386-pc/boot.img "$bios/boot.img"
rm -rf "$root/boot/grub/i386-pc"
cp -r /usr/lib/grub/i386-pc "$root/boot/grub/i386-pc"
info "ESP: shim $(basename "$(dirname "$shim")"), GRUB $(basename "$(dirname "$grub")"); BIOS core.img $(stat -c %s "$bios/core.img") bytes"

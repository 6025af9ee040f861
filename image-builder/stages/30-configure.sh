#!/usr/bin/env bash
# Stage 30: the appliance's OS configuration, the same for every target: overlay files, systemd
# units, fstab (noatime, tmpfs /tmp), hostname, networking, enabled services; identity removed
# so every flashed card gets its own (machine-id, SSH host keys; hiy makes its master key).
set -euo pipefail
# shellcheck source=image-builder/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
: "${WORK_DIR:?}" "${BUILDER_DIR:?}" "${HIY_ROOT:?}" "${TARGET:?}"
root="$WORK_DIR/rootfs"

# overlay: image-builder/files/ mirrors the target filesystem
cp -rT --no-preserve=ownership "$BUILDER_DIR/files" "$root"
chmod 0755 "$root"/usr/lib/hiy/hiy-{firstboot,status,preseed,ops}

# firewall: the overlay brought ufw's rule files (80/tcp, 443/tcp, 5353/udp; see firstboot-lib.sh)
sed -i 's/^ENABLED=.*/ENABLED=yes/' "$root/etc/ufw/ufw.conf"
grep -q '^DEFAULT_INPUT_POLICY="DROP"' "$root/etc/default/ufw" || fail "ufw: default input policy is not DROP"

# units: one per file in systemd/
install -d "$root/usr/lib/systemd/system"
for unit in "$HIY_ROOT"/systemd/*; do
  install -m 0644 "$unit" "$root/usr/lib/systemd/system/$(basename "$unit")"
done

# the FAT partition is mounted where the pre-seed is looked for
if [[ $TARGET == rpi-arm64 ]]; then fat=/boot/firmware; else fat=/boot/efi; fi
cat >"$root/etc/fstab" <<FSTAB
# <file system>      <mount point>  <type>  <options>                                 <dump> <pass>
LABEL=hiy-root       /              ext4    defaults,noatime,commit=60,errors=remount-ro  0 1
LABEL=HIY-BOOT       $fat     vfat    defaults,noatime,umask=0077,nofail            0 2
tmpfs                /tmp           tmpfs   defaults,nosuid,nodev,size=25%,mode=1777      0 0
FSTAB
install -d "$root$fat"

echo hiy >"$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\thiy\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
# avahi answers mDNS (hiy.local); resolved must not compete for port 5353
install -d "$root/etc/systemd/resolved.conf.d"
printf '[Resolve]\nMulticastDNS=no\nLLMNR=no\n' >"$root/etc/systemd/resolved.conf.d/hiy.conf"
# mDNS answers on the LAN only, not on docker's bridge (hiy.local must not resolve to 172.30.x)
sed -i 's/^#\?deny-interfaces=.*/deny-interfaces=docker0/' "$root/etc/avahi/avahi-daemon.conf"
grep -qx 'deny-interfaces=docker0' "$root/etc/avahi/avahi-daemon.conf" || fail "avahi-daemon.conf: deny-interfaces not set"
ln -sfn ../run/systemd/resolve/stub-resolv.conf "$root/etc/resolv.conf"

# identity: generated on the device at first boot
: >"$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id" "$root"/etc/ssh/ssh_host_*
rm -f "$root/var/lib/hiy/master.key"

enable=(systemd-networkd systemd-resolved systemd-timesyncd docker fail2ban avahi-daemon ufw
        hiy-firstboot hiy-status hiy-ops.path)
systemctl --root="$root" enable "${enable[@]}" >/dev/null 2>&1 \
  || fail "systemctl enable ${enable[*]} failed"
# SSH stays off until the pre-seed gives keys (hiy-firstboot turns it on)
systemctl --root="$root" disable ssh.service >/dev/null 2>&1 || true
systemctl --root="$root" mask systemd-networkd-wait-online.service >/dev/null 2>&1 || true
info "enabled: ${enable[*]}"

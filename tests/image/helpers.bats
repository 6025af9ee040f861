#!/usr/bin/env bats
# The image builder's helpers (image-builder/lib/common.sh), the first-boot functions
# (firstboot-lib.sh) and build-image.sh's argument handling (failure paths only: no build runs).

setup() {
  REPO="$BATS_TEST_DIRNAME/../.."
  # shellcheck source=image-builder/lib/common.sh
  source "$REPO/image-builder/lib/common.sh"
  # shellcheck source=image-builder/files/usr/lib/hiy/firstboot-lib.sh
  source "$REPO/image-builder/files/usr/lib/hiy/firstboot-lib.sh"
}

@test "package_list drops comments and blanks, sorts and de-duplicates" {
  printf '# c\nzsh\n\n  git  # vcs\nzsh\n' >"$BATS_TEST_TMPDIR/a.list"
  printf 'curl\n' >"$BATS_TEST_TMPDIR/b.list"
  run package_list "$BATS_TEST_TMPDIR/a.list" "$BATS_TEST_TMPDIR/b.list"
  [ "$output" = "$(printf 'curl\ngit\nzsh')" ]
}

@test "the repository's package lists name what the issue asks for" {
  run package_list "$REPO/image-builder/packages/common.list"
  for p in systemd docker.io git ufw fail2ban python3-systemd avahi-daemon ca-certificates \
           i2c-tools unattended-upgrades systemd-timesyncd systemd-zram-generator; do
    [[ "$output" == *"$p"* ]] || { echo "missing $p"; return 1; }
  done
  grep -qx linux-image-arm64 "$REPO/image-builder/packages/rpi-arm64.late.list"
  grep -qx raspi-firmware "$REPO/image-builder/packages/rpi-arm64.late.list"
  grep -qx linux-image-amd64 "$REPO/image-builder/packages/amd64.list"
}

@test "cache_key is stable and changes with its input" {
  a=$(cache_key amd64 "git zsh")
  [ "$a" = "$(cache_key amd64 "git zsh")" ]
  [ "$a" != "$(cache_key amd64 "git zsh curl")" ]
  [[ "$a" =~ ^[0-9a-f]{16}$ ]]
}

@test "gen_setup_code makes valid, different codes without look-alike characters" {
  a=$(gen_setup_code); b=$(gen_setup_code)
  [[ "$a" =~ ^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$ ]]
  [[ "$a" != *[01OIL]* ]]
  [ "$a" != "$b" ]
  valid_setup_code "$a"
}

@test "valid_setup_code refuses short codes and TOML-breaking characters" {
  valid_setup_code ABCD-1234
  ! valid_setup_code short
  ! valid_setup_code 'ABCD"1234'
  ! valid_setup_code 'ABCD 1234'
}

@test "root_fs_mib leaves room and rounds to 64 MiB" {
  [ "$(root_fs_mib 1000)" = 1600 ]
  [ $(( $(root_fs_mib 1234) % 64 )) -eq 0 ]
  [ "$(root_fs_mib 1234)" -ge $(( 1234 * 13 / 10 + 300 )) ]
}

@test "toml_escape escapes quotes and backslashes" {
  [ "$(toml_escape 'a"b\c')" = 'a\"b\\c' ]
}

@test "mib_to_sectors" {
  [ "$(mib_to_sectors 2)" = 4096 ]
}

@test "elf_machine tells x86-64 from aarch64 and non-ELF files" {
  [ "$(elf_machine /bin/sh)" = "$(arch_machine "$(dpkg --print-architecture)")" ]
  printf '\x7fELF' >"$BATS_TEST_TMPDIR/arm"; head -c 14 /dev/zero >>"$BATS_TEST_TMPDIR/arm"; printf '\xb7\x00' >>"$BATS_TEST_TMPDIR/arm"
  [ "$(elf_machine "$BATS_TEST_TMPDIR/arm")" = aarch64 ]
  echo '#!/bin/sh' >"$BATS_TEST_TMPDIR/script"
  [ "$(elf_machine "$BATS_TEST_TMPDIR/script")" = none ]
}

@test "put_le writes little-endian integers in place" {
  head -c 16 /dev/zero >"$BATS_TEST_TMPDIR/f"
  put_le "$BATS_TEST_TMPDIR/f" 4 8 2049
  put_le "$BATS_TEST_TMPDIR/f" 12 2 $(( 0x1234 ))
  [ "$(od -An -tx1 "$BATS_TEST_TMPDIR/f" | tr -d ' \n')" = "00000000010800000000000034120000" ]
  [ "$(stat -c %s "$BATS_TEST_TMPDIR/f")" = 16 ]
}

@test "the shipped ufw rules are exactly 80/tcp, 443/tcp, 5353/udp for IPv4 and IPv6, no 22" {
  d="$REPO/image-builder/files/etc/ufw"
  [ "$(grep '^### tuple' "$d/user.rules")" = "$(printf '%s\n' \
    '### tuple ### allow tcp 80 0.0.0.0/0 any 0.0.0.0/0 in' \
    '### tuple ### allow tcp 443 0.0.0.0/0 any 0.0.0.0/0 in' \
    '### tuple ### allow udp 5353 0.0.0.0/0 any 0.0.0.0/0 in')" ]
  [ "$(grep '^### tuple' "$d/user6.rules")" = "$(printf '%s\n' \
    '### tuple ### allow tcp 80 ::/0 any ::/0 in' \
    '### tuple ### allow tcp 443 ::/0 any ::/0 in' \
    '### tuple ### allow udp 5353 ::/0 any ::/0 in')" ]
  [ "$(grep -c -- '--dport' "$d/user.rules")" -eq 3 ]
  [ "$(grep -c -- '--dport' "$d/user6.rules")" -eq 3 ]
  grep -qx 'COMMIT' "$d/user.rules"
}

@test "setup_code_of reads the code from a file the TOML parser refused" {
  f="$BATS_TEST_TMPDIR/hiy.toml"
  printf 'domain = "unterminated\nsetup_code = "ABCD-EFGH-JKMN-PQRS"   # comment\n' >"$f"
  [ "$(setup_code_of "$f")" = "ABCD-EFGH-JKMN-PQRS" ]
  printf '# setup_code = "ABCD-EFGH-JKMN-PQRS"\nsetup_code = "bad code!"\n' >"$f"
  [ -z "$(setup_code_of "$f")" ]
}

@test "part_disk_and_number reads sysfs for sda3 and nvme0n1p2" {
  s="$BATS_TEST_TMPDIR/sys"
  mkdir -p "$s/devices/sda/sda3" "$s/devices/nvme0n1/nvme0n1p2" "$s/class/block"
  echo 3 >"$s/devices/sda/sda3/partition"; echo 2 >"$s/devices/nvme0n1/nvme0n1p2/partition"
  ln -s ../../devices/sda/sda3 "$s/class/block/sda3"
  ln -s ../../devices/nvme0n1/nvme0n1p2 "$s/class/block/nvme0n1p2"
  [ "$(SYSFS=$s part_disk_and_number /dev/sda3)" = "/dev/sda 3" ]
  [ "$(SYSFS=$s part_disk_and_number /dev/nvme0n1p2)" = "/dev/nvme0n1 2" ]
  mkdir -p "$s/devices/sda"; ln -s ../../devices/sda "$s/class/block/sda"
  ! SYSFS=$s part_disk_and_number /dev/sda
}

@test "find_preseed looks in /boot/firmware then /boot/efi" {
  mkdir -p "$BATS_TEST_TMPDIR/fw" "$BATS_TEST_TMPDIR/efi"
  touch "$BATS_TEST_TMPDIR/efi/hiy.toml"
  [ "$(PRESEED_DIRS="$BATS_TEST_TMPDIR/fw $BATS_TEST_TMPDIR/efi" find_preseed)" = "$BATS_TEST_TMPDIR/efi/hiy.toml" ]
  rm "$BATS_TEST_TMPDIR/efi/hiy.toml"
  ! PRESEED_DIRS="$BATS_TEST_TMPDIR/fw $BATS_TEST_TMPDIR/efi" find_preseed
}

@test "build-image.sh --help documents every option" {
  run "$REPO/build-image.sh" --help
  [ "$status" -eq 0 ]
  for o in --target --hiy-binary --no-hiy --out --setup-code --xz --help rpi-arm64 amd64 hiy.toml; do
    [[ "$output" == *"$o"* ]] || { echo "missing $o"; return 1; }
  done
}

@test "build-image.sh refuses an unknown target and option" {
  run "$REPO/build-image.sh" --target sparc
  [ "$status" -ne 0 ]; [[ "$output" == *"rpi-arm64 or amd64"* ]]
  run "$REPO/build-image.sh" --frobnicate
  [ "$status" -ne 0 ]; [[ "$output" == *"unknown option: --frobnicate"* ]]
}

@test "build-image.sh publishes hiy for the target's CPU unless given one, and names a missing binary" {
  run "$REPO/build-image.sh" --help
  [ "$status" -eq 0 ]; [[ "$output" == *"published from appliance/ for the"* && "$output" == *"linux-arm64"* ]]
  run "$REPO/build-image.sh" --target rpi-arm64 --hiy-binary "$BATS_TEST_TMPDIR/nope"
  [ "$status" -ne 0 ]; [[ "$output" == *"--hiy-binary $BATS_TEST_TMPDIR/nope: no such file"* ]]
}

@test "build-image.sh refuses a bad setup code and contradictory options" {
  run "$REPO/build-image.sh" --setup-code 'a"b'
  [ "$status" -ne 0 ]; [[ "$output" == *"--setup-code"* ]]
  run "$REPO/build-image.sh" --no-hiy --hiy-binary /bin/sh
  [ "$status" -ne 0 ]; [[ "$output" == *"exclude each other"* ]]
  run "$REPO/build-image.sh" --hiy-binary /nonexistent
  [ "$status" -ne 0 ]; [[ "$output" == *"no such file"* ]]
}

@test "every stage is numbered, strict, and shares the logging helper; only boot stages are per target" {
  for s in "$REPO"/image-builder/stages/*.sh; do
    [[ "$(basename "$s")" =~ ^[0-9]{2}-[a-z0-9-]+\.sh$ ]]
    grep -qx 'set -euo pipefail' "$s"
    grep -q 'lib/common.sh' "$s"
  done
  [ "$(ls "$REPO"/image-builder/stages/ | grep -c -- '-boot-')" -eq 2 ]
  [ -f "$REPO/image-builder/stages/50-boot-amd64.sh" ]
  [ -f "$REPO/image-builder/stages/50-boot-rpi-arm64.sh" ]
}

@test "systemd units: one per file, hiy.service is notify + watchdog + StateDirectory + sandboxed" {
  u="$REPO/systemd/hiy.service"
  grep -qx 'Type=notify' "$u"
  grep -q '^WatchdogSec=' "$u"
  grep -qx 'Restart=always' "$u"
  grep -qx 'StateDirectory=hiy' "$u"
  grep -q '^Requires=docker.service' "$u"
  grep -q '^After=.*docker.service' "$u"
  grep -qx 'ProtectSystem=strict' "$u"
  grep -qx 'NoNewPrivileges=yes' "$u"
  for f in "$REPO"/systemd/*; do [ "$(grep -c '^\[Unit\]' "$f")" -eq 1 ]; done
  if command -v systemd-analyze >/dev/null; then
    run systemd-analyze verify --man=no "$REPO"/systemd/hiy-status.service
    [[ "$output" != *"Unknown key"* && "$output" != *"Unknown section"* ]]
  fi
}

@test "docker daemon.json: capped json-file logs, live-restore, 127.0.0.1, no 192.168/10.x pools" {
  j="$REPO/image-builder/files/etc/docker/daemon.json"
  python3 - "$j" <<'PY'
import json, sys, ipaddress
d = json.load(open(sys.argv[1]))
assert d["log-driver"] == "json-file" and d["log-opts"] == {"max-size": "10m", "max-file": "3"}
assert d["live-restore"] is True and d["ip"] == "127.0.0.1"
for p in d["default-address-pools"]:
    n = ipaddress.ip_network(p["base"])
    for home in ("192.168.0.0/16", "10.0.0.0/8"):
        assert not n.overlaps(ipaddress.ip_network(home)), n
PY
}

@test "the fail2ban filter matches hiy's auth-failure line (IPv4 and IPv6)" {
  filter="$REPO/image-builder/files/etc/fail2ban/filter.d/hiy.conf"
  rootfs="$REPO/artifacts/image/.work-amd64/rootfs"   # left by the last image build
  if command -v fail2ban-regex >/dev/null; then f2b=(fail2ban-regex)
  elif [[ $EUID == 0 && -x $rootfs/usr/bin/fail2ban-regex ]]; then
    cp "$filter" "$rootfs/tmp/hiy-filter.conf"; filter=/tmp/hiy-filter.conf; f2b=(chroot "$rootfs" fail2ban-regex)
  else skip "no fail2ban-regex here (install fail2ban, or build the image once as root)"; fi
  for ip in 192.0.2.7 2001:db8::7; do
    run "${f2b[@]}" "Nov 22 02:30:00 hiy hiy[412]:       auth failure from $ip: wrong setup code" "$filter"
    [[ "$output" == *"1 matched, 0 missed"* ]]
  done
  run "${f2b[@]}" "Nov 22 02:30:00 hiy hiy[412]: login ok from 192.0.2.7" "$filter"
  [[ "$output" == *"0 matched, 1 missed"* ]]
}

@test "speaks_sd_notify finds NOTIFY_SOCKET in ASCII and in NativeAOT's UTF-16 literals" {
  printf 'xx NOTIFY_SOCKET yy' >"$BATS_TEST_TMPDIR/a"
  printf 'N\0O\0T\0I\0F\0Y\0_\0S\0O\0C\0K\0E\0T\0' >"$BATS_TEST_TMPDIR/u"
  printf 'nothing here' >"$BATS_TEST_TMPDIR/n"
  speaks_sd_notify "$BATS_TEST_TMPDIR/a"
  speaks_sd_notify "$BATS_TEST_TMPDIR/u"
  ! speaks_sd_notify "$BATS_TEST_TMPDIR/n"
}

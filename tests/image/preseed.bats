#!/usr/bin/env bats
# The boot-partition pre-seed (image-builder/files/usr/lib/hiy/hiy-preseed): parsing, validation
# (every error at once), where each key lands, and that secrets leave the FAT copy.

setup() {
  PRESEED="$BATS_TEST_DIRNAME/../../image-builder/files/usr/lib/hiy/hiy-preseed"
  ROOT="$BATS_TEST_TMPDIR/root"
  FAT="$BATS_TEST_TMPDIR/fat"
  mkdir -p "$ROOT/usr/share/zoneinfo/Europe" "$FAT"
  : >"$ROOT/usr/share/zoneinfo/Europe/Berlin"
}

write() { cat >"$FAT/hiy.toml"; }

@test "the file stage 60 writes (setup code, the rest commented) is valid and keeps the code" {
  write <<'T'
# comment
setup_code = "ABCD-EFGH-JKMN-PQRS"
# domain = "pi.example.com"
T
  run "$PRESEED" check "$FAT/hiy.toml"
  [ "$status" -eq 0 ]
  [ "$output" = "setup_code=ABCD-EFGH-JKMN-PQRS" ]
}

@test "apply: config, timezone, wifi, ssh keys and secrets land in their files" {
  write <<'T'
setup_code = "ABCD-EFGH-JKMN-PQRS"
domain = "Pi.Example.com"
timezone = "Europe/Berlin"
ssh_authorized_keys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEx me@laptop"]
cloudflare_api_token = "abcdefghijklmnopqrstuvwxyz_0123"

[wifi]
ssid = "Home Net"
psk = "hunter2hunter2"
country = "DE"
T
  run "$PRESEED" apply "$FAT/hiy.toml" --root "$ROOT"
  [ "$status" -eq 0 ]
  [[ "$output" == *"ssh=on"* && "$output" == *"wifi=on"* ]]
  grep -qx 'setup_code = "ABCD-EFGH-JKMN-PQRS"' "$ROOT/etc/hiy/hiy.toml"
  grep -qx 'domain = "pi.example.com"' "$ROOT/etc/hiy/hiy.toml"
  [ "$(stat -c %a "$ROOT/etc/hiy/hiy.toml")" = 600 ]
  [ "$(cat "$ROOT/etc/timezone")" = "Europe/Berlin" ]
  [ "$(readlink "$ROOT/etc/localtime")" = "/usr/share/zoneinfo/Europe/Berlin" ]
  grep -q 'ssid="Home Net"' "$ROOT/etc/wpa_supplicant/wpa_supplicant-wlan0.conf"
  grep -q 'psk="hunter2hunter2"' "$ROOT/etc/wpa_supplicant/wpa_supplicant-wlan0.conf"
  grep -qx 'country=DE' "$ROOT/etc/wpa_supplicant/wpa_supplicant-wlan0.conf"
  [ "$(stat -c %a "$ROOT/etc/wpa_supplicant/wpa_supplicant-wlan0.conf")" = 600 ]
  grep -qx 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEx me@laptop' "$ROOT/root/.ssh/authorized_keys"
  grep -qx 'cloudflare_api_token = "abcdefghijklmnopqrstuvwxyz_0123"' "$ROOT/var/lib/hiy/preseed/secrets.toml"
  [ "$(stat -c %a "$ROOT/var/lib/hiy/preseed")" = 700 ]
  [ "$(stat -c %a "$ROOT/var/lib/hiy/preseed/secrets.toml")" = 600 ]
}

@test "apply: the secrets are erased from the FAT copy, the rest stays and parses again" {
  write <<'T'
setup_code = "ABCD-EFGH-JKMN-PQRS"
cloudflare_api_token = "abcdefghijklmnopqrstuvwxyz_0123"
[wifi]
ssid = "Home"
psk = "hunter2hunter2"
country = "DE"
T
  run "$PRESEED" apply "$FAT/hiy.toml" --root "$ROOT"
  [ "$status" -eq 0 ]
  ! grep -q 'hunter2' "$FAT/hiy.toml"
  ! grep -q 'abcdefghij' "$FAT/hiy.toml"
  grep -qx 'setup_code = "ABCD-EFGH-JKMN-PQRS"' "$FAT/hiy.toml"
  grep -qx 'ssid = "Home"' "$FAT/hiy.toml"
  run "$PRESEED" check "$FAT/hiy.toml"
  [ "$status" -eq 0 ]
}

@test "apply without ssh keys or wifi says ssh=off wifi=off and writes no key file" {
  write <<<'setup_code = "ABCD-EFGH-JKMN-PQRS"'
  run "$PRESEED" apply "$FAT/hiy.toml" --root "$ROOT"
  [ "$status" -eq 0 ]
  [[ "$output" == *"ssh=off"* && "$output" == *"wifi=off"* ]]
  [ ! -e "$ROOT/root/.ssh/authorized_keys" ]
  [ ! -e "$ROOT/var/lib/hiy/preseed/secrets.toml" ]
}

@test "validation reports every error at once and changes nothing" {
  write <<'T'
setup_code = "short"
domain = "not a domain"
ssh_authorized_keys = ["hello world"]
[wifi]
ssid = "Home"
psk = "short"
T
  cp "$FAT/hiy.toml" "$BATS_TEST_TMPDIR/before"
  run "$PRESEED" apply "$FAT/hiy.toml" --root "$ROOT"
  [ "$status" -eq 2 ]
  [[ "$output" == *"setup_code"* ]]
  [[ "$output" == *"domain"* ]]
  [[ "$output" == *"ssh_authorized_keys[0]"* ]]
  [[ "$output" == *"wifi.psk"* ]]
  [[ "$output" == *"wifi.country"* ]]
  cmp "$FAT/hiy.toml" "$BATS_TEST_TMPDIR/before"
  [ ! -e "$ROOT/etc/hiy/hiy.toml" ]
}

@test "a TOML syntax error names the file and line" {
  write <<'T'
setup_code = "ABCD-EFGH-JKMN-PQRS"
domain = "unterminated
T
  run "$PRESEED" check "$FAT/hiy.toml"
  [ "$status" -eq 2 ]
  [[ "$output" == *"hiy.toml"*"line 2"* ]]
}

@test "files from Windows editors (BOM, CRLF) are accepted" {
  printf '\xef\xbb\xbfsetup_code = "ABCD-EFGH-JKMN-PQRS"\r\ntimezone = "Europe/Berlin"\r\n' >"$FAT/hiy.toml"
  run "$PRESEED" check "$FAT/hiy.toml"
  [ "$status" -eq 0 ]
  [[ "$output" == *"timezone=Europe/Berlin"* ]]
}

@test "unknown keys only warn" {
  write <<'T'
setup_code = "ABCD-EFGH-JKMN-PQRS"
colour = "blue"
T
  run "$PRESEED" check "$FAT/hiy.toml"
  [ "$status" -eq 0 ]
  [[ "$output" == *"unknown key 'colour'"* ]]
}

@test "check never prints a secret" {
  write <<'T'
cloudflare_api_token = "abcdefghijklmnopqrstuvwxyz_0123"
[wifi]
ssid = "Home"
psk = "hunter2hunter2"
country = "DE"
T
  run "$PRESEED" check "$FAT/hiy.toml"
  [ "$status" -eq 0 ]
  [[ "$output" != *"abcdefghij"* ]]
  [[ "$output" != *"hunter2"* ]]
}

@test "a timezone with .. is refused" {
  write <<<'timezone = "../../etc/passwd"'
  run "$PRESEED" check "$FAT/hiy.toml"
  [ "$status" -eq 2 ]
}

@test "an unknown timezone keeps UTC but the rest applies" {
  write <<'T'
setup_code = "ABCD-EFGH-JKMN-PQRS"
timezone = "Mars/Olympus"
T
  run "$PRESEED" apply "$FAT/hiy.toml" --root "$ROOT"
  [ "$status" -eq 0 ]
  [ ! -e "$ROOT/etc/timezone" ]
  [ -f "$ROOT/etc/hiy/hiy.toml" ]
}

@test "a missing file is an error, not a crash" {
  run "$PRESEED" check "$FAT/nope.toml"
  [ "$status" -eq 2 ]
  [[ "$output" == *"nope.toml"* ]]
}

#!/usr/bin/env bash
# Stage 60: hiy.toml on the boot partition: this image's setup code, and the other keys commented
# out for the owner to fill in on a laptop before the first boot.
set -euo pipefail
# shellcheck source=image-builder/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
: "${WORK_DIR:?}" "${SETUP_CODE:?}"

cat >"$WORK_DIR/fat/hiy.toml" <<TOML
# hiy pre-seed - read once, at the first boot. Edit it on any computer before that boot.
# Secrets (wifi psk, cloudflare_api_token) are moved into the appliance and erased from here.

# The setup wizard at http://hiy.local/ asks for this code, so nobody else on your network can
# claim the box first.
setup_code = "$(toml_escape "$SETUP_CODE")"

# domain = "pi.example.com"
# timezone = "Europe/Berlin"
# SSH stays off unless you give keys:
# ssh_authorized_keys = ["ssh-ed25519 AAAA... you@laptop"]
# cloudflare_api_token = "..."

# [wifi]
# ssid = "MyNetwork"
# psk = "my wifi password"
# country = "DE"
TOML
info "hiy.toml with setup code written to the boot partition"

#!/usr/bin/env bash
# Shared helpers for hiy's shell scripts: one way to log, one way to fail.
# shellcheck disable=SC2034  # variables here are used by the scripts that source this file

step() { printf -- '-----> %s\n' "$*"; }
info() { printf -- '       %s\n' "$*"; }
fail() { printf -- ' !     %s\n' "$*" >&2; exit 1; }

# TAP-style checks for the image tests: ok/bad count, check runs a command; tap_summary LABEL prints
# the "LABEL: N passed, N failed" line the test command sums up.
passed=0 failed=0
ok()  { passed=$((passed + 1)); printf 'ok - %s\n' "$*"; }
bad() { failed=$((failed + 1)); printf 'not ok - %s\n' "$*"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }
tap_summary() { printf '%s: %d passed, %d failed\n' "$1" "$passed" "$failed"; }

# repo root, wherever the caller lives
HIY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The native AOT hiy: $1 when given and executable, else artifacts/native/hiy (published when missing).
native_hiy() {
  local bin="${1:-$HIY_ROOT/artifacts/native/hiy}"
  if [ ! -x "$bin" ]; then
    step "publishing the native binary" >&2
    dotnet publish "$HIY_ROOT/appliance/Hiy.csproj" -c Release -r linux-x64 -p:HiyAot=true -p:HiyTargetFramework=net9.0 \
      -o "$HIY_ROOT/artifacts/native" -nologo >/dev/null
    bin="$HIY_ROOT/artifacts/native/hiy"
  fi
  printf '%s\n' "$bin"
}

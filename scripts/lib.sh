#!/usr/bin/env bash
# Shared helpers for hiy's shell scripts: one way to log, one way to fail.
# shellcheck disable=SC2034  # variables here are used by the scripts that source this file

step() { printf -- '-----> %s\n' "$*"; }
info() { printf -- '       %s\n' "$*"; }
fail() { printf -- ' !     %s\n' "$*" >&2; exit 1; }

# repo root, wherever the caller lives
HIY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

#!/usr/bin/env bash
# Runs every hiy test on this machine, the same way CI does:
#   1. installs and starts the real components (scripts/test-deps.sh: apt packages, dockerd, images, Pebble)
#   2. builds the solution (warnings are errors, AOT/trim analyzers on)
#   3. publishes the native AOT binary for linux-x64 and fails on any AOT/trim warning
#   4. runs every test project against that binary and the real components
#   5. builds the amd64 appliance image and boots it in QEMU (scripts/test-image.sh), checking it from the host
#   6. prints the totals, last, as "tests: N passed, N failed[, N skipped]"
# Exit status is non-zero when anything failed. Set HIY_KEEP_DEPS=1 to leave dockerd running afterwards.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$HIY_ROOT"

ARTIFACTS="$HIY_ROOT/artifacts"
RESULTS="$ARTIFACTS/test-results"
NATIVE="$ARTIFACTS/native"
started=$SECONDS

stage_0_toolchain() {
  command -v dotnet >/dev/null || fail "the .NET SDK 10 is needed (dotnet not on PATH); see README.md"
  step "dotnet $(dotnet --version)"
}

stage_1_components() {
  step "starting the real components the tests use"
  bash scripts/test-deps.sh up
  set -a
  # shellcheck disable=SC1091
  source "${HIY_TEST_STATE:-/tmp/hiy-test}/env"
  set +a
}

stage_2_build() {
  step "building hiy.sln (Release)"
  dotnet build hiy.sln -c Release -nologo -clp:ErrorsOnly -v:quiet || fail "build failed"
}

stage_3_native() {
  step "publishing the native AOT binary (linux-x64, net9.0 toolchain)"
  rm -rf "$NATIVE"
  local log="$ARTIFACTS/aot-publish.log"
  mkdir -p "$ARTIFACTS"
  if ! dotnet publish appliance/Hiy.csproj -c Release -r linux-x64 -p:HiyAot=true -p:HiyTargetFramework=net9.0 \
       -o "$NATIVE" -nologo >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    fail "AOT publish failed (log: $log)"
  fi
  if grep -E "warning (IL|CS|NU|NETSDK)[0-9]+" "$log"; then
    fail "AOT publish produced warnings (above); the binary must be AOT/trim clean"
  fi
  info "native binary: $(du -h "$NATIVE/hiy" | cut -f1) at $NATIVE/hiy"
  export HIY_BINARY="$NATIVE/hiy"
  export HIY_REQUIRE_NATIVE=1
}

stage_4_tests() {
  rm -rf "$RESULTS"
  mkdir -p "$RESULTS"
  local status=0 project
  for project in $(test_projects); do
    local name
    name="$(basename "$project" .csproj)"
    step "testing $name"
    dotnet test "$project" -c Release --no-build -nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
      --results-directory "$RESULTS" >"$RESULTS/$name.log" 2>&1 || status=1
    grep -E "^\s+(Failed|Skipped) |toml-test:|Passed!|Failed!|Total tests" "$RESULTS/$name.log" || true
    [ -f "$RESULTS/$name.trx" ] || { info "no results from $name (log: $RESULTS/$name.log)"; status=1; }
  done
  return $status
}

# Sums the TRX counters of every project; a project that produced no TRX counts as one failure.
totals() {
  local passed=0 failed=0 skipped=0 trx project name
  for project in $(test_projects); do
    name="$(basename "$project" .csproj)"
    trx="$RESULTS/$name.trx"
    if [ ! -f "$trx" ]; then failed=$((failed + 1)); continue; fi
    local counters
    counters="$(grep -o '<Counters [^>]*>' "$trx")"
    passed=$((passed + $(attr passed "$counters")))
    failed=$((failed + $(attr failed "$counters") + $(attr error "$counters") + $(attr timeout "$counters") + $(attr aborted "$counters")))
    skipped=$((skipped + $(attr notExecuted "$counters")))
  done
  passed=$((passed + ${IMAGE_PASSED:-0}))
  failed=$((failed + ${IMAGE_FAILED:-0}))
  local line="tests: $passed passed, $failed failed"
  [ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
  TOTAL_FAILED=$failed
  TOTAL_LINE="$line"
}

# The appliance image: built with the native binary published above and booted under QEMU. Its
# checks ("image: N passed, N failed") count towards the totals.
stage_5_image() {
  step "building and booting the amd64 appliance image"
  HIY_IMAGE_BINARY="$NATIVE/hiy" bash scripts/test-image.sh 2>&1 | tee "$RESULTS/image.log" | grep -E "^(ok|not ok|-----> | !  )|image:" || true
  local counts
  counts="$(grep -E '^image: [0-9]+ passed, [0-9]+ failed' "$RESULTS/image.log" | tail -n 1)"
  [ -n "$counts" ] || { info "the image test printed no totals (log: $RESULTS/image.log)"; IMAGE_PASSED=0; IMAGE_FAILED=1; return 1; }
  IMAGE_PASSED="$(printf '%s' "$counts" | sed -E 's/image: ([0-9]+) passed.*/\1/')"
  IMAGE_FAILED="$(printf '%s' "$counts" | sed -E 's/.* ([0-9]+) failed.*/\1/')"
  [ "$IMAGE_FAILED" -eq 0 ]
}

# Every project under tests/ that declares itself a test project (ProxyBenchHost is a bench, not a test).
test_projects() { grep -l '<IsTestProject>true</IsTestProject>' tests/*/*.csproj; }

attr() { printf '%s' "$2" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }

cleanup() {
  if [ "${HIY_KEEP_DEPS:-0}" != "1" ]; then bash scripts/test-deps.sh down >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

stage_0_toolchain
stage_1_components
stage_2_build
stage_3_native
test_status=0
stage_4_tests || test_status=1
if [ "${HIY_SKIP_IMAGE:-0}" = "1" ] && [ "${CI:-}" != "true" ]; then
  info "HIY_SKIP_IMAGE=1: the appliance image test was not run (never allowed in CI)"
else
  stage_5_image || test_status=1
fi
totals
info "took $((SECONDS - started)) s; results in $RESULTS"
echo "$TOTAL_LINE"
if [ "$test_status" -ne 0 ] || [ "$TOTAL_FAILED" -ne 0 ]; then exit 1; fi

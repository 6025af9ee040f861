#!/usr/bin/env bash
# Runs every hiy test on this machine, the same way CI does:
#   1. installs and starts the real components (scripts/test-deps.sh: apt packages, dockerd, images, Pebble)
#   2. builds the solution (warnings are errors, AOT/trim analyzers on)
#   3. publishes the native AOT binary for linux-x64 and linux-arm64 (scripts/publish-hiy.sh): one file
#      each, any AOT/trim warning fails
#   4. runs every test project against the x64 binary and the real components, and the arm64 binary
#      under qemu-user (scripts/test-arm64.sh) beside them
#   5. builds the amd64 appliance image and boots it in QEMU (scripts/test-image.sh), checking it from the host
#   6. prints the totals, last, as "tests: N passed, N failed[, N skipped]"
# Exit status is non-zero when anything failed. State (dockerd, pebble, sockets) lives in a per-run
# directory, $HIY_TEST_STATE (made fresh unless given); HIY_KEEP_DEPS=1 leaves its services running.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$HIY_ROOT"

ARTIFACTS="$HIY_ROOT/artifacts"
RESULTS="$ARTIFACTS/test-results"
NATIVE="$ARTIFACTS/native"
NATIVE_ARM64="$ARTIFACTS/native-arm64"
started=$SECONDS
if [ -z "${HIY_TEST_STATE:-}" ]; then
  HIY_TEST_STATE="$(mktemp -d /tmp/hiy-test.XXXXXX)"
  made_state=1
fi
export HIY_TEST_STATE

stage_0_toolchain() {
  command -v dotnet >/dev/null || fail "the .NET SDK 10 is needed (dotnet not on PATH); see README.md"
  step "dotnet $(dotnet --version)"
}

stage_1_components() {
  step "starting the real components the tests use"
  bash scripts/test-deps.sh up
  set -a
  # shellcheck disable=SC1091
  source "$HIY_TEST_STATE/env"
  set +a
}

stage_2_build() {
  step "building hiy.sln (Release)"
  dotnet build hiy.sln -c Release -nologo -clp:ErrorsOnly -v:quiet || fail "build failed"
}

stage_3_native() {
  rm -rf "$NATIVE" "$NATIVE_ARM64"
  mkdir -p "$ARTIFACTS"
  bash scripts/publish-hiy.sh linux-x64 "$NATIVE" || fail "the linux-x64 native binary could not be published"
  export HIY_BINARY="$NATIVE/hiy"
  export HIY_REQUIRE_NATIVE=1
}

# The last "LABEL: N passed, N failed" line of LOG into COUNT_PASSED/COUNT_FAILED; without one,
# 0 passed and 1 failed (a test that printed no totals failed), and the status is non-zero.
tap_counts() {
  local counts
  counts="$(grep -E "^$1: [0-9]+ passed, [0-9]+ failed" "$2" | tail -n 1)"
  if [ -z "$counts" ]; then COUNT_PASSED=0; COUNT_FAILED=1; return 1; fi
  COUNT_PASSED="$(printf '%s' "$counts" | sed -E "s/$1: ([0-9]+) passed.*/\\1/")"
  COUNT_FAILED="$(printf '%s' "$counts" | sed -E 's/.* ([0-9]+) failed.*/\1/')"
}

# The linux-arm64 binary, cross-compiled and smoke-tested under qemu-user, in the background while
# the test projects run (it needs little of the machine once compiled). Its checks
# ("arm64: N passed, N failed") count towards the totals.
stage_3b_arm64_start() {
  step "cross-compiling hiy for linux-arm64 and smoke-testing it under qemu-user (in the background)"
  mkdir -p "$RESULTS"
  # niced: the test projects have timeouts, the cross-compile has none
  ( nice -n 10 bash scripts/publish-hiy.sh linux-arm64 "$NATIVE_ARM64" && bash scripts/test-arm64.sh "$NATIVE_ARM64/hiy" ) \
    >"$RESULTS/arm64.log" 2>&1 &
  ARM64_PID=$!
}

stage_3b_arm64_finish() {
  local status=0
  wait "$ARM64_PID" || status=$?
  grep -E "^(ok|not ok|-----> | !  )|^arm64:|hiy for linux-arm64" "$RESULTS/arm64.log" || true
  if ! tap_counts arm64 "$RESULTS/arm64.log"; then
    tail -n 30 "$RESULTS/arm64.log"
    info "the arm64 build or smoke test printed no totals (exit $status; log: $RESULTS/arm64.log)"
  fi
  ARM64_PASSED=$COUNT_PASSED ARM64_FAILED=$COUNT_FAILED
  [ "$ARM64_FAILED" -eq 0 ] && [ "$status" -eq 0 ]
}

stage_4_tests() {
  local status=0 project
  for project in $(test_projects); do
    local name
    name="$(basename "$project" .csproj)"
    step "testing $name"
    HIY_RESILIENCE_LOG="$RESULTS/resilience.log" dotnet test "$project" -c Release --no-build -nologo \
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
  # The resilience suite's scenarios ("resilience: N passed, N failed", issue 13) count beside the test it runs in.
  local res_passed=0 res_failed=0
  if tap_counts resilience "$RESULTS/resilience.log" 2>/dev/null; then res_passed=$COUNT_PASSED res_failed=$COUNT_FAILED; fi
  grep -E "^resilience:" "$RESULTS/resilience.log" 2>/dev/null || info "the resilience suite printed no totals (counted as 1 failure)"
  [ -f "$RESULTS/resilience.log" ] || res_failed=1
  passed=$((passed + ${IMAGE_PASSED:-0} + ${ARM64_PASSED:-0} + res_passed))
  failed=$((failed + ${IMAGE_FAILED:-0} + ${ARM64_FAILED:-0} + res_failed))
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
  tap_counts image "$RESULTS/image.log" || info "the image test printed no totals (log: $RESULTS/image.log)"
  IMAGE_PASSED=$COUNT_PASSED IMAGE_FAILED=$COUNT_FAILED
  [ "$IMAGE_FAILED" -eq 0 ]
}

# Every project under tests/ that declares itself a test project.
test_projects() { grep -l '<IsTestProject>true</IsTestProject>' tests/*/*.csproj; }

attr() { printf '%s' "$2" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }

cleanup() {
  if [ -n "${ARM64_PID:-}" ]; then kill "$ARM64_PID" 2>/dev/null || true; fi
  if [ "${HIY_KEEP_DEPS:-0}" != "1" ]; then
    bash scripts/test-deps.sh down >/dev/null 2>&1 || true
    # only the state this run made (its dockerd's data root is large)
    if [ "${made_state:-0}" = "1" ]; then rm -rf "$HIY_TEST_STATE"; fi
  fi
}
trap cleanup EXIT

rm -rf "$RESULTS"
mkdir -p "$RESULTS"
stage_0_toolchain
stage_1_components
stage_2_build
stage_3_native
stage_3b_arm64_start
test_status=0
stage_4_tests || test_status=1
stage_3b_arm64_finish || test_status=1
if [ "${HIY_SKIP_IMAGE:-0}" = "1" ] && [ "${CI:-}" != "true" ]; then
  info "HIY_SKIP_IMAGE=1: the appliance image test was not run (never allowed in CI)"
else
  stage_5_image || test_status=1
fi
totals
info "took $((SECONDS - started)) s; results in $RESULTS"
echo "$TOTAL_LINE"
if [ "$test_status" -ne 0 ] || [ "$TOTAL_FAILED" -ne 0 ]; then exit 1; fi

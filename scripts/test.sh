#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the full build in build/, then the
# poolcore tests again under AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/, then
# each libFuzzer harness for a few seconds in build-fuzz/.
# Each phase says how long it took, so a slow CI run shows where its time went.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
phase_start=$SECONDS
phase() {
    echo "test: $1 took $((SECONDS - phase_start)) s" >&2
    phase_start=$SECONDS
}

scripts/setup.sh
phase "setup"
scripts/build.sh
phase "build (build/)"
(cd build && ctest --output-on-failure --parallel "$jobs" --timeout 600)
phase "tests (build/)"

if [ ! -f build-asan/build.ninja ]; then
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
        -DPOOLSCOPE_WITH_GUI=OFF -DPOOLSCOPE_SANITIZE=ON
fi
# What the poolcore tests need (the sanitizer build runs no others), and poolscope, which
# without the window must still build with run, lab and probe.
cmake --build build-asan --parallel "$jobs" --target poolscope_poolcore_tests poolscope
phase "sanitizer build (build-asan/)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure --parallel "$jobs" --timeout 600 -L poolcore)
phase "sanitizer tests (build-asan/)"
# A few seconds each keep the harnesses building and alive; finding things takes longer runs
# (scripts/fuzz.sh 600).
scripts/fuzz.sh 5
phase "fuzz build and 5 s per harness (build-fuzz/)"
echo "test: all tests passed (build/, the sanitizer build in build-asan/ and the fuzzers in" \
    "build-fuzz/) in $SECONDS s"

#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the full build in build/, then the
# poolcore tests again under AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/ (clang),
# then each libFuzzer harness of that build for a few seconds.
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

# The second build is clang's, with AddressSanitizer and UndefinedBehaviorSanitizer and the
# libFuzzer coverage hooks: one build serves the poolcore tests under the sanitizers, a second
# compiler's view of the code, and the fuzz harnesses. It builds while build/'s tests run:
# they mostly wait on sockets and timers (a third of a core between them), so the build takes
# the cores at a lower priority and the tests still get one whenever they are ready to run.
if [ ! -f build-asan/build.ninja ]; then
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
        -DPOOLSCOPE_WITH_GUI=OFF -DPOOLSCOPE_SANITIZE=ON -DPOOLSCOPE_FUZZ=ON >/dev/null
fi
# What the poolcore tests need (the sanitizer build runs no others); poolscope, which without
# the window must still build with run, lab and probe; and the fuzz harnesses.
asan_log=build-asan/build.log
nice -n 10 cmake --build build-asan --parallel "$jobs" --target poolscope_poolcore_tests \
    poolscope poolscope_fuzzers >"$asan_log" 2>&1 &
asan_build=$!
trap 'kill "$asan_build" 2>/dev/null || true' EXIT

(cd build && ctest --output-on-failure --parallel $((jobs * 2)) --timeout 600)
phase "tests (build/), with build-asan/ building beside them"
if ! wait "$asan_build"; then
    tail -n 60 "$asan_log" >&2
    echo "test: the sanitizer build failed; its whole log is $asan_log" >&2
    exit 1
fi
trap - EXIT
phase "the rest of the sanitizer and fuzzer build (build-asan/, clang)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure --parallel "$jobs" --timeout 600 -L poolcore)
phase "sanitizer tests (build-asan/)"
# A few seconds each keep the harnesses building and alive; finding things takes longer runs
# (scripts/fuzz.sh 600, in build-fuzz/ with optimisation).
POOLSCOPE_FUZZ_DIR=build-asan scripts/fuzz.sh 3
phase "3 s per fuzz harness (build-asan/)"
echo "test: all tests passed (build/, and the sanitizer and fuzz build in build-asan/) in" \
    "$SECONDS s"

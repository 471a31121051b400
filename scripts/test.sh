#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the full build in build/, then the
# poolcore tests again under AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
jobs=$(nproc)

scripts/build.sh
(cd build && ctest --output-on-failure --parallel "$jobs" --timeout 600)

if [ ! -f build-asan/build.ninja ]; then
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
        -DPOOLSCOPE_WITH_GUI=OFF -DPOOLSCOPE_SANITIZE=ON
fi
cmake --build build-asan --parallel "$jobs"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure --parallel "$jobs" --timeout 600 -L poolcore)
echo "test: all tests passed (build/ and the sanitizer build in build-asan/)"

#!/usr/bin/env bash
# Builds the libFuzzer harnesses (tests/fuzz) with clang in build-fuzz/ and runs each for
# SECONDS (default 60) on a work copy of its seed corpus, so the tree stays clean and what one
# run learns the next run starts from. Prints each harness's executions and whether it found
# anything; exits 1 on a finding (the input is kept in build-fuzz/fuzz/findings/HARNESS/).
#   scripts/fuzz.sh [SECONDS] [HARNESS...]     e.g. scripts/fuzz.sh 600 http_parser
set -euo pipefail
cd "$(dirname "$0")/.."
all=(echo_parser line_parser http_parser redis_parser memcached_parser settings_file profile_file
    sockdiag_answer)
seconds=${1:-60}
[ $# -gt 0 ] && shift
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=("${all[@]}")
if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
    echo "fuzz: \"$seconds\" is not a number of seconds;" \
        "usage: scripts/fuzz.sh [SECONDS] [HARNESS...]" >&2
    exit 2
fi
targets=()
for h in "${harnesses[@]}"; do
    if [[ " ${all[*]} " != *" $h "* ]]; then
        echo "fuzz: \"$h\" is not a harness; accepted: ${all[*]}" >&2
        exit 2
    fi
    targets+=("fuzz_$h")
done

dir=${POOLSCOPE_FUZZ_DIR:-build-fuzz}
if [ ! -f $dir/build.ninja ]; then
    cmake -S . -B $dir -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
        -DPOOLSCOPE_FUZZ=ON -DPOOLSCOPE_WITH_GUI=OFF
fi
cmake --build $dir --parallel "$(nproc)" --target "${targets[@]}"

# A parser's input may be longer than the 8 KiB HTTP and memcached lines may take; a settings
# file needs less. 2 GiB is far above any bound the readers document (16 MiB a response), so
# running out of it is a finding too, as is one input that takes 10 s.
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
found=0
for h in "${harnesses[@]}"; do
    corpus=$dir/fuzz/corpus/$h
    findings=$dir/fuzz/findings/$h
    log=$dir/fuzz/$h.log
    mkdir -p "$corpus" "$findings"
    cp -n tests/fuzz/corpus/$h/* "$corpus/"
    max_len=16384
    [[ $h == *_file ]] && max_len=8192
    status=0
    $dir/tests/fuzz/fuzz_$h -max_total_time="$seconds" -max_len=$max_len -rss_limit_mb=2048 \
        -timeout=10 -print_final_stats=1 -artifact_prefix="$findings/" "$corpus" >"$log" 2>&1 ||
        status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    [ -n "$runs" ] || runs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
    inputs=$(find "$corpus" -type f | wc -l)
    if [ $status -ne 0 ]; then
        found=1
        echo "fuzz: $h: FOUND a problem after ${runs:-?} executions (exit $status); see $log" >&2
        grep -E '^(fuzz: invariant|==[0-9]+==ERROR|SUMMARY)' "$log" | head -3 >&2 || true
        grep -o "Test unit written to .*" "$log" >&2 || true
    else
        echo "fuzz: $h: ${runs:-?} executions in $seconds s, $inputs inputs in the corpus," \
            "nothing found" >&2
    fi
done
exit $found

#!/usr/bin/env bash
# Builds and runs bench_cpu: poolscope's window at the default workload (100 requests/s on the
# embedded lab) under an Xvfb of its own, then the same workload without the window, about a
# minute in all. Prints each thread's CPU share and the process's (target: at most 5 % of one
# core), the ratio to the headless run, and the window's memory. Without Xvfb it skips.
# Arguments go to bench_cpu, e.g.
#   bench/cpu.sh --seconds 600       # the ten-minute memory check, a line a minute on stderr
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null
build/bench/bench_cpu "$@"

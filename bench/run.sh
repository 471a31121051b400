#!/usr/bin/env bash
# Builds and runs the benchmarks: bench_pool (the pool's own cost), bench_record (opening and
# scrubbing a recording), bench_observe (observing 2,000 sockets), bench_load (pooled and unpooled against nginx, redis-server and the
# lab, next to wrk), bench_ui (the window fed 20,000 events a second) and bench_cpu (the
# window's CPU share at the default workload, under Xvfb). Run on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null
echo "== bench_pool"
build/bench/bench_pool
echo
echo "== bench_record (a synthetic 10-minute recording)"
build/bench/bench_record
echo
echo "== bench_observe (2,000 sockets, ten readings a second)"
build/bench/bench_observe
echo
echo "== bench_load (BENCH_DURATION_S=${BENCH_DURATION_S:-2} s per measurement)"
build/bench/bench_load
echo
echo "== bench_ui (30 s, offscreen)"
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} build/bench/bench_ui
echo
echo "== bench_cpu (about a minute, the window under Xvfb)"
build/bench/bench_cpu

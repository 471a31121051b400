#!/usr/bin/env bash
# Builds and runs the benchmarks: bench_pool (the pool's own cost) and bench_load (pooled and
# unpooled against nginx, redis-server and the lab, next to wrk). Run on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null
echo "== bench_pool"
build/bench/bench_pool
echo
echo "== bench_load (BENCH_DURATION_S=${BENCH_DURATION_S:-2} s per measurement)"
build/bench/bench_load

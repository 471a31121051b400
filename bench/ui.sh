#!/usr/bin/env bash
# Builds and runs bench_ui: the inspector window (offscreen) fed 20,000 events a second over
# 1,000 connections. Prints ui_refresh_ms_p99 (apply one delivery and repaint the window; target
# at most 16 ms) and ui_peak_rss_mb (target at most 300 MB). Arguments go to bench_ui, e.g.
#   bench/ui.sh --seconds 600        # the ten-minute memory run
#   bench/ui.sh --tab events         # with the event log in front instead of the table
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} build/bench/bench_ui "$@"

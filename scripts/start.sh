#!/usr/bin/env bash
# Installs what is missing, builds, and starts PoolScope on its embedded lab backend.
# Arguments are passed to poolscope.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != offscreen ]; then
    echo "start: no display (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot open." >&2
    echo "start: running the headless embedded default instead: poolscope run --lab --compare" >&2
    exec build/app/poolscope run --lab --compare
fi
exec build/app/poolscope "$@"

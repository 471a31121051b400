#!/usr/bin/env bash
# Installs what is missing, builds, and starts PoolScope on its embedded lab backend.
# Arguments are passed to poolscope. Without a display the window cannot open; the binary says
# so (exit status 2), and this script then runs the headless embedded default instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null
case "${1:-}" in
'' | -*)
    # The window (with Qt's options, if any). poolscope itself decides whether a display is
    # there: it also notices one that DISPLAY names but that does not answer.
    status=0
    build/app/poolscope "$@" || status=$?
    if [ "$status" -eq 2 ]; then
        echo "start: no window without a display (see above)." >&2
        echo "start: running the headless embedded default instead: poolscope run --lab --compare" >&2
        exec build/app/poolscope run --lab --compare
    fi
    exit "$status"
    ;;
esac
exec build/app/poolscope "$@"

#!/usr/bin/env bash
# Installs the Debian 12 packages PoolScope needs, and only those that are missing, so a second
# run costs a few dpkg queries. Run as root (or with sudo available).
#   scripts/setup.sh          what building, running and testing need
set -euo pipefail

packages=(
    # build
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-charts-dev libqt6opengl6-dev libgl-dev
    # metrics: Qt's HTTP server; its CMake package needs Qt WebSockets', which Debian 12's
    # qt6-httpserver-dev does not pull in
    qt6-httpserver-dev qt6-websockets-dev
    # run: the X11 platform plugin's runtime and the window's fonts
    qt6-qpa-plugins fonts-dejavu-core
    # tests and benchmarks: real servers and a load generator to compare with
    nginx-light redis-server memcached wrk openssl
    # the metrics tests: a real Prometheus scrapes /metrics, promtool checks the exposition
    prometheus
    # looking at the window (../shared/tools/window-shot) and the screenshot test
    xvfb imagemagick
    # installing and packaging (tests/install, scripts/package.sh, scripts/render-icons.sh):
    # the desktop entry's, metadata's and manual page's checkers, CPack's dpkg-shlibdeps and
    # file, the icon's renderer
    desktop-file-utils appstream man-db dpkg-dev file librsvg2-bin
    # fuzzing (scripts/fuzz.sh, which scripts/test.sh runs): clang, and libFuzzer's and the
    # sanitizers' runtime, which clang only recommends
    clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
    if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
# Debian starts a daemon when its package is installed; the tests start their own servers on
# free ports, so keep the package scripts from starting any.
policy=/usr/sbin/policy-rc.d
added_policy=""
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    added_policy=1
fi
trap '[ -n "$added_policy" ] && $sudo rm -f "$policy"' EXIT
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Builds the Debian package: a release build of the binary alone in build-pkg/ (or
# $POOLSCOPE_PACKAGE_DIR), then cpack -G DEB; prints the .deb's path. Install it with
#   apt install ./build-pkg/poolscope_*.deb
# Extra arguments go to cmake's configure (e.g. -DPOOLSCOPE_MAINTAINER="Name <mail>").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dir=${POOLSCOPE_PACKAGE_DIR:-build-pkg}
# Only what the package holds is built (cpack itself builds nothing, it installs what is
# there), not the tests and benchmarks.
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$dir" --parallel "$(nproc)" --target poolscope poolscope_man >&2
rm -f "$dir"/poolscope_*.deb
(cd "$dir" && cpack -G DEB >&2)
deb=$(ls "$dir"/poolscope_*.deb)
echo "$deb"

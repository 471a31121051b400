#!/usr/bin/env bash
# Renders the icon's PNG sizes from resources/icons/*.svg into resources/icons/hicolor/, where
# they are committed (a build needs no SVG renderer). Run it after changing an SVG. The 16 px
# size has its own drawing, poolscope-16.svg: the large one scaled down blurs its lines there.
# Needs rsvg-convert (Debian: librsvg2-bin, which scripts/setup.sh installs).
set -euo pipefail
cd "$(dirname "$0")/../resources/icons"
command -v rsvg-convert >/dev/null || {
    echo "render-icons: rsvg-convert is missing (Debian: apt-get install librsvg2-bin)" >&2
    exit 1
}
for size in 16 32 48 64 128 256; do
    source=poolscope.svg
    [ "$size" -eq 16 ] && source=poolscope-16.svg
    mkdir -p "hicolor/${size}x${size}/apps"
    rsvg-convert --width "$size" --height "$size" "$source" \
        --output "hicolor/${size}x${size}/apps/poolscope.png"
    echo "render-icons: hicolor/${size}x${size}/apps/poolscope.png from $source"
done

#!/bin/sh
# Regenerates the README's screenshots (issue 14): runs the tour, which writes
# target/memlayout/tour.html, tour-drop.html, student.svg and s1-orders.svg, and the flamegraph
# example (feature `flamegraph`), which writes flamegraph.svg and flamegraph.html, then has
# headless Chromium (Debian's `chromium` package) screenshot each into docs/pictures/.
#
#     scripts/pictures.sh
set -eu
cd "$(dirname "$0")/.."
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    echo "no chromium: apt-get install -y chromium" >&2
    exit 1
fi
cargo run -q --example tour >/dev/null
cargo run -q --example flamegraph --features flamegraph >/dev/null
target=${CARGO_TARGET_DIR:-target}
mkdir -p docs/pictures
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
for page in tour.html:report.png:1200,1400 tour-drop.html:drop.png:1000,500 \
    student.svg:student.png:880,330 s1-orders.svg:orders.png:960,160 \
    flamegraph.svg:flamegraph.png:1110,180 flamegraph.html:flamegraph-page.png:1200,760; do
    file=${page%%:*}
    rest=${page#*:}
    png=${rest%%:*}
    size=${rest#*:}
    "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
        --user-data-dir="$profile" --screenshot="docs/pictures/$png" --window-size="$size" \
        "file://$(realpath "$target/memlayout/$file")" 2>/dev/null
    echo "docs/pictures/$png"
done

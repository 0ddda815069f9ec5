#!/usr/bin/env bash
# memlayout's public API, listed in public-api.txt so that a change to it shows in review.
#
#   scripts/public_api.sh --check   regenerate the list and diff it against public-api.txt
#                                   (the default); fails on a difference
#   scripts/public_api.sh --bless   rewrite public-api.txt after a deliberate API change
#
# The list comes from rustdoc's JSON output, which only nightly has: without a nightly toolchain
# the check prints a skip line and passes. All features are on, so feature-gated items are
# listed too. Built in target/public-api, apart from the stable builds.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:---check}"
case "$mode" in
  --check | --bless) ;;
  *)
    echo "usage: scripts/public_api.sh [--check | --bless]" >&2
    exit 2
    ;;
esac

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "skipping public API check: no nightly toolchain on this machine"
  exit 0
fi

target_dir="${CARGO_TARGET_DIR:-target}/public-api"
cargo +nightly rustdoc --quiet -p memlayout --all-features --target-dir "$target_dir" \
  -- -Z unstable-options --output-format json
listed="$(mktemp)"
trap 'rm -f "$listed"' EXIT
python3 scripts/public_api.py "$target_dir/doc/memlayout.json" >"$listed"

if [ "$mode" = --bless ]; then
  cp "$listed" public-api.txt
  echo "public-api.txt: $(grep -c . "$listed") lines written"
elif diff -u --label public-api.txt --label "the API as built" public-api.txt "$listed"; then
  echo "public API unchanged"
else
  echo "the public API differs from public-api.txt (above: - listed, + built);" \
    "if the change is deliberate, run scripts/public_api.sh --bless and commit public-api.txt" >&2
  exit 1
fi

#!/usr/bin/env bash
# Both crates as crates.io would receive them: packages memlayout-derive and memlayout, builds
# memlayout against the packaged derive (through cargo's temporary local registry), uploads
# nothing.
#
#   scripts/publish_check.sh
#
# Needs cargo 1.90+ (several packages in one `cargo publish`) and the crates.io index for the
# other dependencies. `cargo publish --dry-run -p memlayout` alone cannot pass before
# memlayout-derive is on crates.io: memlayout names it with an exact `=` version.
#
# A fresh target directory every time: cargo treats a registry crate as immutable, so in a
# reused one the derive built by an earlier check (same name, same version, same temporary
# registry) would be linked again instead of the one just packaged.
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir="$(mktemp -d)"
trap 'rm -rf "$target_dir"' EXIT
cargo publish --dry-run -p memlayout-derive -p memlayout --target-dir "$target_dir" "$@"

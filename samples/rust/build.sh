#!/bin/sh
# Builds main.wasm with Debian's rustc and its std for wasm32-wasi
# (apt-get install rustc libstd-rust-dev-wasm32; rustc 1.63 in bookworm).
# RUSTC overrides the compiler.
set -e
cd "$(dirname "$0")"
"${RUSTC:-/usr/bin/rustc}" --edition 2021 --target wasm32-wasi -C opt-level=2 -C strip=symbols \
    -o "${1:-main.wasm}" main.rs
echo "built ${1:-main.wasm}"

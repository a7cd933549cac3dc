#!/bin/sh
# Builds guest.wasm (Debian's clang-14 and lld-14).
set -e
cd "$(dirname "$0")"
clang-14 --target=wasm32 -O2 -nostdlib \
    -Wl,--no-entry -Wl,--export-all -Wl,--allow-undefined \
    -o guest.wasm guest.c

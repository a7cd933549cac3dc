#!/bin/sh
# Builds hello.wasm against the builtin libc headers (Debian's clang-14 and lld-14).
set -e
cd "$(dirname "$0")"
clang-14 --target=wasm32 -O2 -nostdlib \
    -I../../app-sdk/libc-builtin/include \
    -z stack-size=4096 -Wl,--initial-memory=65536 \
    -Wl,--no-entry -Wl,--allow-undefined \
    -Wl,--export=main -Wl,--export=__heap_base -Wl,--export=__data_end \
    -o hello.wasm hello.c

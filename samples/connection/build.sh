#!/bin/sh
# Rebuilds connection.wasm with the SDK's build-applet.sh (Debian's clang-14 and lld-14).
set -e
cd "$(dirname "$0")"
../../app-sdk/build-applet.sh connection.c -o connection.wasm
echo "built connection.wasm"

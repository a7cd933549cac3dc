#!/bin/sh
# Rebuilds sensor.wasm with the SDK's build-applet.sh (Debian's clang-14 and lld-14).
set -e
cd "$(dirname "$0")"
../../app-sdk/build-applet.sh sensor.c -o sensor.wasm
echo "built sensor.wasm"

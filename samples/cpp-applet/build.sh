#!/bin/sh
# Builds counter.wasm with the SDK's build-applet.sh (Debian's clang-14 and
# lld-14; C++ sources are compiled freestanding, no libc++ needed).
set -e
cd "$(dirname "$0")"
../../app-sdk/build-applet.sh counter.cpp -o "${1:-counter.wasm}"
echo "built ${1:-counter.wasm}"

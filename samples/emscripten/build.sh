#!/bin/sh
# Builds side.wasm (-s SIDE_MODULE=1) and standalone.wasm (-s STANDALONE_WASM) with Debian's
# emscripten 3.1.6 (apt-get install emscripten). OUT (default: this folder) is where they go.
set -e
cd "$(dirname "$0")"
out="${1:-.}"
"${EMCC:-emcc}" -O2 -s SIDE_MODULE=1 -o "$out/side.wasm" side.c
"${EMCC:-emcc}" -O2 -s STANDALONE_WASM -o "$out/standalone.wasm" standalone.c
echo "built $out/side.wasm $out/standalone.wasm"

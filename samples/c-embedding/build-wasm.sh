#!/usr/bin/env bash
# Rebuilds embed.wasm from embed.wat with wabt's wat2wasm (the .wasm is checked in).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
wat2wasm embed.wat -o embed.wasm
echo "samples/c-embedding: embed.wasm, $(stat -c %s embed.wasm) bytes"

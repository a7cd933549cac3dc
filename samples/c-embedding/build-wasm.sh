#!/usr/bin/env bash
# Rebuilds embed.wasm from embed.wat with Microwasm's own assembler (`microwasm wat2wasm`; wabt's
# wat2wasm gives the same bytes). The .wasm is checked in. MICROWASM_EXE picks the microwasm to use.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if [ -n "${MICROWASM_EXE:-}" ]; then
  "$MICROWASM_EXE" wat2wasm embed.wat -o embed.wasm
else
  dotnet run --project ../../src/Microwasm.Cli -c Release -- wat2wasm embed.wat -o embed.wasm
fi
echo "samples/c-embedding: embed.wasm, $(stat -c %s embed.wasm) bytes"

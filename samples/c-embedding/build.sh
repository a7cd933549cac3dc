#!/usr/bin/env bash
# samples/c-embedding/build.sh [LIBDIR]: builds the C host c-embedding against include/wasm_export.h
# and libmicrowasm.so in LIBDIR (default: build/capi, where tools/capi.sh publishes it), with an
# rpath to LIBDIR so that ./c-embedding runs without LD_LIBRARY_PATH.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
libdir="$(cd "${1:-$root/build/capi}" && pwd)"
[ -f "$libdir/libmicrowasm.so" ] || { echo "samples/c-embedding: $libdir/libmicrowasm.so is missing (run tools/capi.sh)" >&2; exit 1; }
gcc -std=c99 -Wall -Wextra -Werror -O2 -I "$root/include" "$here/main.c" \
  -L "$libdir" -lmicrowasm -Wl,-rpath,"$libdir" -o "$here/c-embedding"
echo "samples/c-embedding: built $here/c-embedding"

#!/bin/sh
# Builds main.wasm: clang++-14 for wasm32-wasi with Debian's wasi-libc and
# libc++ (apt-get install clang-14 lld-14 wasi-libc libc++-14-dev-wasm32
# libc++abi-14-dev-wasm32 libclang-rt-14-dev-wasm32). CXX and WASI_SYSROOT
# override the compiler and the sysroot (default /usr).
set -e
cd "$(dirname "$0")"
"${CXX:-clang++-14}" --target=wasm32-wasi --sysroot="${WASI_SYSROOT:-/usr}" \
    -std=c++17 -O2 -fno-exceptions -Wall -Wextra -Werror \
    -Wl,--strip-all -o "${1:-main.wasm}" main.cpp
echo "built ${1:-main.wasm}"

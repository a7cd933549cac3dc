#!/bin/sh
# Builds rust_service.wasm (Debian's rustc 1.63 with libstd-rust-dev-wasm32,
# target wasm32-unknown-unknown; no cargo, no crates) and requester.wasm (C,
# with app-sdk/build-applet.sh). RUSTC overrides the compiler; OUT the output
# directory (default: here).
set -e
cd "$(dirname "$0")"
out=${OUT:-.}
rustc=${RUSTC:-/usr/bin/rustc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
flags="--edition 2021 --target wasm32-unknown-unknown -C opt-level=s -C panic=abort"
# the binding, as a library crate
$rustc $flags --crate-type rlib --crate-name wasm_app -o "$tmp/libwasm_app.rlib" ../../app-sdk/rust/src/lib.rs
# the applet: a cdylib exports on_init/on_destroy (its own) and on_request,
# on_response, on_timer_callback (the binding's); a 16 KiB stack, and
# __heap_base/__data_end exported so the runtime places the app heap there
$rustc $flags --crate-type cdylib --extern wasm_app="$tmp/libwasm_app.rlib" \
    -C link-arg=-zstack-size=16384 -C link-arg=--export=__heap_base -C link-arg=--export=__data_end \
    -C strip=symbols -o "$out/rust_service.wasm" rust_service.rs
echo "built $out/rust_service.wasm"
../../app-sdk/build-applet.sh requester.c -o "$out/requester.wasm"
echo "built $out/requester.wasm"

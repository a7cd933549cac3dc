#!/usr/bin/env bash
# The bench runner's RUNTIME-COMMAND: runs K.wasm with the native executable build.sh made for it.
# NATIVEMOD_OUT: build.sh's OUT (default /tmp/nativemod).
wasm=$1; shift
exec "${NATIVEMOD_OUT:-/tmp/nativemod}/$(basename "$wasm" .wasm)" "$wasm" "$@"

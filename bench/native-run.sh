#!/usr/bin/env bash
# `microwasm compile --native` for ../shared/bench (one native executable per kernel):
#   bench/native-run.sh --build DIR K.wasm...  compiles each module to DIR/K, printing compile -v's line
#                                              (the size, the time of the CIL and of dotnet publish/ILC)
#   bench/native-run.sh K.wasm ARGS...         runs DIR/K ARGS...: the bench runner's RUNTIME-COMMAND, e.g.
#       BENCH_NATIVE=/tmp/benchnative ../shared/bench/run --no-node -- bench/native-run.sh
# DIR is MICROWASM_NATIVE_DIR when running (default /tmp/microwasm-native-bench). MICROWASM names the
# microwasm that compiles (default: this tree's Release build, `dotnet build src/Microwasm.Cli -c Release`).
set -euo pipefail
if [ "${1:-}" = --build ]; then
  out=$2; shift 2
  mkdir -p "$out"
  root=$(cd "$(dirname "$0")/.." && pwd)
  if [ -n "${MICROWASM:-}" ]; then
    mw=("$MICROWASM")
  else
    mw=(dotnet "$root/src/Microwasm.Cli/bin/Release/net10.0/Microwasm.Cli.dll")
  fi
  for wasm in "$@"; do
    "${mw[@]}" compile --native -v "$wasm" -o "$out/$(basename "$wasm" .wasm)"
  done
  exit 0
fi
wasm=$1; shift
exec "${MICROWASM_NATIVE_DIR:-/tmp/microwasm-native-bench}/$(basename "$wasm" .wasm)" "$@"

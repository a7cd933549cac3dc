#!/bin/sh
# Builds applet.wasm with the AssemblyScript compiler: ASC (default: asc on the PATH, else
# npx --no-install asc). --runtime incremental: AssemblyScript's own allocator and garbage
# collector, inside the applet's linear memory (an applet runs for long: nothing may leak);
# --use abort=...: AssemblyScript's abort prints and traps
# through the binding instead of importing env.abort, which the runtime does not provide.
set -e
cd "$(dirname "$0")"
asc="${ASC:-$(command -v asc || echo "npx --no-install asc")}"
$asc assembly/applet.ts --outFile "${1:-applet.wasm}" -O3 --runtime incremental --noAssert \
    --use abort=../../app-sdk/assemblyscript/assembly/index/appletAbort \
    --initialMemory 1 --maximumMemory 16
echo "built ${1:-applet.wasm}"

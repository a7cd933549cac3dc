#!/usr/bin/env bash
# bench/nativemod/build.sh OUT KERNEL.wasm...: for each module, `microwasm compile` (JIT build of this
# tree), extract the assembly from the .mwasm, and publish NativeMod with PublishAot against it:
# OUT/KERNEL is then a native executable that runs KERNEL.wasm on its precompiled code.
# Prints the ILC (publish) time and the binary's size per module.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd); shift
cli="$root/src/Microwasm.Cli/bin/Release/net10.0/Microwasm.Cli.dll"
[ -f "$cli" ] || dotnet build "$root/src/Microwasm.Cli" -c Release >/dev/null
for wasm in "$@"; do
  k=$(basename "$wasm" .wasm); work="$out/work/$k"; mkdir -p "$work"
  dotnet "$cli" compile "$wasm" -o "$work/$k.mwasm"
  name=$(python3 "$here/extract.py" "$work/$k.mwasm" "$work")
  python3 "$here/gen-types.py" "$wasm" "$name" > "$here/ModuleAssembly.g.cs"
  s=$(date +%s%N)
  # NATIVEMOD_PUBLISH_ARGS: more publish options, e.g. -p:IlcInstructionSet=native
  dotnet publish "$here/NativeMod.csproj" -c Release -r linux-x64 -p:MwasmAssembly="$work/$name.dll" ${NATIVEMOD_PUBLISH_ARGS:-} \
    -o "$work/pub" >"$work/publish.log" 2>&1 \
    || { tail -30 "$work/publish.log"; exit 1; }
  e=$(date +%s%N)
  cp "$work/pub/NativeMod" "$out/$k"
  printf '%-11s publish %6.1f s  binary %s bytes  assembly %s bytes\n' "$k" "$(awk -v a=$s -v b=$e 'BEGIN{print (b-a)/1e9}')" \
    "$(stat -c %s "$out/$k")" "$(stat -c %s "$work/$name.dll")"
done

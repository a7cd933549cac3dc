#!/usr/bin/env bash
# tools/native-diff/run.sh [--first N] [--count N] [--scripts DIR | --spec] [--work DIR] [--jit]
#
# The differential fuzz on the code `microwasm compile --native` runs: wasm-opt -ttf modules of the
# differential fuzz's seeds (default 0..199), each compiled by the JIT build to its precompiled
# assembly, ALL linked into one NativeAOT executable (one ILC run), which runs every module on the
# interpreter and on its precompiled code and compares the transcripts (results, traps, imported
# calls, memory, exported globals). Prints the times and the check's summary; exit status 1 on a
# mismatch. The same executable runs the .wast scripts of --scripts DIR (default: the fuzz's
# regression scripts, tests/Microwasm.SpecTests/Fuzz/Regressions; --spec: ../shared/spec-testsuite)
# with every module on its precompiled code. --jit also runs the same checks on the JIT (the
# assemblies loaded from files), a control.
# The work folder (default: a temp folder, deleted) keeps modules, assemblies, the generated project,
# publish.log and, for a mismatch, both transcripts (mismatches/).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
first=0 count=200 work="" jit=0 scripts="$root/tests/Microwasm.SpecTests/Fuzz/Regressions"
while [ $# -gt 0 ]; do
  case "$1" in
    --first) first="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --scripts) scripts="$2"; shift 2 ;;
    --spec) scripts="$root/../shared/spec-testsuite"; shift ;;
    --jit) jit=1; shift ;;
    *) echo "usage: $0 [--first N] [--count N] [--scripts DIR | --spec] [--work DIR] [--jit]" >&2; exit 2 ;;
  esac
done
if [ -z "$work" ]; then
  work="$(mktemp -d /tmp/native-diff.XXXXXX)"
  trap 'rm -rf "$work"' EXIT
else
  rm -rf "$work" && mkdir -p "$work"
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

t=$(now)
dotnet build "$root/tools/native-diff" -c Release -nologo -v q --disable-build-servers >"$work/build.log" 2>&1 \
  || { tail -20 "$work/build.log" >&2; exit 1; }
echo "native-diff: tool built in $(elapsed "$t") s"
tool="$root/tools/native-diff/bin/Release/net10.0/Microwasm.NativeDiff.dll"

t=$(now)
dotnet "$tool" prepare "$work" --first "$first" --count "$count" --scripts "$scripts"
echo "native-diff: modules and assemblies in $(elapsed "$t") s"

t=$(now)
# as `microwasm compile --native` publishes (NativeCompiler.Publish): no Directory.Build.* from above
dotnet publish "$work/Microwasm.NativeDiffProgram.csproj" -c Release -o "$work/publish" -nologo --disable-build-servers \
  -p:ImportDirectoryBuildProps=false -p:ImportDirectoryBuildTargets=false -p:ImportDirectoryPackagesProps=false \
  >"$work/publish.log" 2>&1 || { grep -i error "$work/publish.log" | tail -20 >&2; exit 1; }
exe="$work/publish/Microwasm.NativeDiffProgram"
echo "native-diff: dotnet publish (NativeAOT, ILC) in $(elapsed "$t") s, $(stat -c %s "$exe") bytes"

status=0
if [ "$jit" = 1 ]; then
  t=$(now)
  dotnet "$tool" check "$work" || status=1
  echo "native-diff: JIT check in $(elapsed "$t") s"
fi
t=$(now)
"$exe" "$work" || status=1
echo "native-diff: native check in $(elapsed "$t") s"
exit $status

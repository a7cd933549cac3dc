#!/usr/bin/env bash
# tools/aot.sh [--test] [--out DIR]: the native microwasm (NativeAOT), without make.
#
#   tools/aot.sh             publishes build/aot/microwasm: one self-contained executable (plus
#                            microwasm.dbg, its native symbols, and libSystem.IO.Ports.Native.so,
#                            loaded only by --serial)
#   tools/aot.sh --no-tls    the same without TLS (serve --tls-cert, app --tls say so): .NET's TLS
#                            and certificate code is about 4 MB of the executable
#   tools/aot.sh --test      then runs it: samples/hello, --version, --engine compiler (refused),
#                            the executable copied alone (hello; --serial names the missing
#                            library), the core spec suite, and the CLI tests that run the
#                            command as a process (Category=Executable) with MICROWASM_EXE
#                            pointing at it
#
# The same as `dotnet publish src/Microwasm.Cli -c Release -r linux-x64 -p:PublishAot=true -o DIR`,
# except that this script fails on any warning (the build already treats trimming and AOT
# warnings as errors), builds in its own folders (build/aot-artifacts) and prints the size. Needs
# the NativeAOT packages (ILCompiler) from NuGet or the NuGet cache, and clang or gcc (with
# objcopy) as the linker. Publishing takes 1-2 minutes on two idle cores, 50 s when up to date.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

out=build/aot
test=false
props=()
while [ $# -gt 0 ]; do
  case "$1" in
    --test) test=true ;;
    --no-tls) props+=(-p:MicrowasmTls=false) ;;
    --out) out="$2"; shift ;;
    --out=*) out="${1#--out=}" ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "tools/aot.sh: unknown argument $1 (see: tools/aot.sh --help)" >&2; exit 2 ;;
  esac
  shift
done

rid=linux-x64
case "$(uname -m)" in
  aarch64|arm64) rid=linux-arm64 ;;
esac

seconds() { echo $(( ($(date +%s%N) - $1) / 1000000 )) | awk '{ printf "%.1f s", $1 / 1000 }'; }

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

start=$(date +%s%N)
set +e
# its own obj and bin folders (--artifacts-path): the NuGet restore for NativeAOT (ILCompiler, a RID)
# differs from the ordinary build's, and sharing obj/ would make each restore undo the other and
# rebuild every project
dotnet publish src/Microwasm.Cli -c Release -r "$rid" -p:PublishAot=true "${props[@]}" --artifacts-path build/aot-artifacts -o "$out" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "tools/aot.sh: dotnet publish failed (exit status $status)" >&2
  exit 1
fi
if grep -E ': warning [A-Z]+[0-9]+' "$log" >/dev/null; then
  echo "tools/aot.sh: the NativeAOT build has warnings (it must have none):" >&2
  grep -E ': warning [A-Z]+[0-9]+' "$log" | sort -u >&2
  exit 1
fi
exe="$out/microwasm"
[ -x "$exe" ] || { echo "tools/aot.sh: $exe was not made" >&2; exit 1; }
echo "tools/aot.sh: $exe, $(stat -c %s "$exe") bytes, published in $(seconds "$start")"

if [ "$test" != true ]; then
  exit 0
fi

fail() { echo "tools/aot.sh: FAILED: $*" >&2; exit 1; }

# the hello sample, exactly as README shows it (argv[0] is this relative path: the buffer's address depends on it)
start=$(date +%s%N)
hello="$("$exe" run samples/hello/hello.wasm)" || fail "microwasm run samples/hello/hello.wasm: exit status $?"
[ "$hello" = "$(printf 'Hello world!\nbuf ptr: 0x1468\nbuf: 1234')" ] || fail "samples/hello printed: $hello"
echo "tools/aot.sh: samples/hello OK ($(seconds "$start"))"

version="$("$exe" --version)"
grep -q '^microwasm [0-9.]* (NativeAOT, ' <<<"$version" || fail "--version does not name NativeAOT: $version"
grep -q '^engines: interp, auto (default auto; auto = interp only, no run-time code generation); not in this NativeAOT build: compiler' <<<"$version" || fail "--version engines: $version"
echo "tools/aot.sh: --version OK"

set +e
refused="$("$exe" run --engine compiler samples/hello/hello.wasm 2>&1)"
status=$?
set -e
[ "$status" -eq 2 ] && grep -q '^microwasm: the compiler engine is not part of this NativeAOT build' <<<"$refused" ||
  fail "--engine compiler: exit status $status: $refused"
echo "tools/aot.sh: --engine compiler refused with exit status 2 OK"

# the executable alone (copied without libSystem.IO.Ports.Native.so): everything but --serial works,
# and --serial says in one line what is missing
alone="$(mktemp -d)"
cp "$exe" "$alone/microwasm"
hello="$("$alone/microwasm" run samples/hello/hello.wasm)" || fail "microwasm alone: run samples/hello/hello.wasm: exit status $?"
set +e
serial="$("$alone/microwasm" serve --serial /dev/null 2>&1)"
status=$?
set -e
rm -rf "$alone"
[ "$status" -eq 1 ] && [ "$serial" = "microwasm: cannot open the serial device /dev/null: the serial port library libSystem.IO.Ports.Native.so was not found (a NativeAOT microwasm needs it beside the executable)" ] ||
  fail "microwasm alone: serve --serial: exit status $status: $serial"
echo "tools/aot.sh: the executable alone runs hello; --serial names the missing library OK"

# the core spec suite (all 146 top-level scripts, read from .wast by Microwasm's own parser; the
# 2022 suite is WebAssembly 2.0's, so judged as 2.0: --spec 2.0)
suite=../shared/spec-testsuite
[ -d "$suite" ] || fail "$suite is missing (the shared folder beside the repository)"
start=$(date +%s%N)
set +e
total="$("$exe" wast --spec 2.0 "$suite"/*.wast | grep '^total: ')"
status=$?
set -e
[ "$status" -eq 0 ] && grep -Eq '^total: [1-9][0-9]* passed, 0 failed, 0 skipped$' <<<"$total" || fail "spec suite: $total"
echo "tools/aot.sh: spec suite: $total ($(seconds "$start"))"

start=$(date +%s%N)
MICROWASM_EXE="$PWD/$exe" dotnet test tests/Microwasm.Cli.Tests -c Release --filter "Category=Executable" ||
  fail "CLI tests against $exe"
echo "tools/aot.sh: CLI tests (Category=Executable) against $exe OK ($(seconds "$start"))"

#!/usr/bin/env bash
# tools/aot.sh [--tls | --no-app] [--test] [--out DIR]: the native microwasm (NativeAOT), without make.
#
#   tools/aot.sh             publishes build/aot/microwasm: one self-contained executable (plus
#                            microwasm.dbg, its native symbols, and libSystem.IO.Ports.Native.so,
#                            loaded only by --serial), every command, without TLS (serve --tls-cert
#                            and app --tls say that TLS is not in this build)
#   tools/aot.sh --tls       the same with TLS, for gateways (2.5 MB more: .NET's TLS and
#                            certificate code)
#   tools/aot.sh --no-app    the same without the application framework (serve, app and run with a
#                            display option say that they are not in this build): the smallest, 1.9 MB
#                            less, for running modules (run, wast, validate, inspect, wat, wat2wasm);
#                            no libSystem.IO.Ports.Native.so beside it
#   tools/aot.sh --no-tls    the default (kept for older scripts)
#   tools/aot.sh --test      then runs it: samples/hello, --version, --engine compiler (refused),
#                            the executable copied alone (hello; --serial names the missing
#                            library), the core spec suite, and the CLI tests that run the
#                            command as a process (Category=Executable) with MICROWASM_EXE
#                            pointing at it (with --no-app: not those of serve, which say instead
#                            that they are not in this build)
#
# The same as `dotnet publish src/Microwasm.Cli -c Release -r linux-x64 -p:PublishAot=true -o DIR`
# (-p:MicrowasmTls=true for --tls, -p:MicrowasmAppFramework=false for --no-app), except that this
# script fails on any warning (the build already treats trimming and AOT warnings as errors),
# builds in its own folders (build/aot-artifacts) and prints the size. Needs the NativeAOT packages
# (ILCompiler) from NuGet or the NuGet cache, and clang or gcc (with objcopy) as the linker.
# Publishing takes 1-2 minutes on two idle cores, 30 s when only the native step is redone.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

out=build/aot
test=false
tls=false
app=true
while [ $# -gt 0 ]; do
  case "$1" in
    --test) test=true ;;
    --tls) tls=true ;;
    --no-tls) tls=false ;;
    --no-app) app=false ;;
    --out) out="$2"; shift ;;
    --out=*) out="${1#--out=}" ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "tools/aot.sh: unknown argument $1 (see: tools/aot.sh --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ "$tls" = true ] && [ "$app" = false ]; then
  echo "tools/aot.sh: --tls is for the application framework, which --no-app leaves out" >&2
  exit 2
fi
# both switches every time: the publish is then the same whatever the previous one was
props=(-p:MicrowasmTls="$tls" -p:MicrowasmAppFramework="$app")

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
# without the application framework nothing opens a serial port
[ "$app" = true ] || rm -f "$out/libSystem.IO.Ports.Native.so"
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
# its last line names what the build was published without
expected_left_out="not in this build: TLS (serve --tls-cert, app --tls)"
[ "$app" = true ] || expected_left_out="$expected_left_out, the application framework (serve, app, run --display)"
if [ "$tls" = true ]; then
  ! grep -q '^not in this build: ' <<<"$version" || fail "--version says something is not in this build: $version"
else
  [ "$(tail -n 1 <<<"$version")" = "$expected_left_out" ] || fail "--version does not end with: $expected_left_out"
fi
echo "tools/aot.sh: --version OK"

if [ "$app" = false ]; then
  # the commands stay on the command line and refuse in one line, exit status 2
  for command in "serve -a request_handler=samples/simple/request_handler.wasm" "app list" "run --display-png /dev/null samples/hello/hello.wasm"; do
    set +e
    refused="$("$exe" $command 2>&1)"
    status=$?
    set -e
    [ "$status" -eq 2 ] && grep -q '^microwasm: .* is not part of this build: it was built without the application framework' <<<"$refused" ||
      fail "microwasm $command: exit status $status: $refused"
  done
  echo "tools/aot.sh: serve, app and run --display say that they are not in this build OK"
fi

set +e
refused="$("$exe" run --engine compiler samples/hello/hello.wasm 2>&1)"
status=$?
set -e
[ "$status" -eq 2 ] && grep -q '^microwasm: the compiler engine is not part of this NativeAOT build' <<<"$refused" ||
  fail "--engine compiler: exit status $status: $refused"
echo "tools/aot.sh: --engine compiler refused with exit status 2 OK"

# the executable alone (copied without libSystem.IO.Ports.Native.so): everything but --serial works,
# and --serial says in one line what is missing (a --no-app build has no --serial to try)
alone="$(mktemp -d)"
cp "$exe" "$alone/microwasm"
hello="$("$alone/microwasm" run samples/hello/hello.wasm)" || fail "microwasm alone: run samples/hello/hello.wasm: exit status $?"
if [ "$app" = true ]; then
  set +e
  serial="$("$alone/microwasm" serve --serial /dev/null 2>&1)"
  status=$?
  set -e
  [ "$status" -eq 1 ] && [ "$serial" = "microwasm: cannot open the serial device /dev/null: the serial port library libSystem.IO.Ports.Native.so was not found (a NativeAOT microwasm needs it beside the executable)" ] ||
    fail "microwasm alone: serve --serial: exit status $status: $serial"
  echo "tools/aot.sh: the executable alone runs hello; --serial names the missing library OK"
else
  echo "tools/aot.sh: the executable alone runs hello OK"
fi
rm -rf "$alone"

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
filter="Category=Executable"
[ "$app" = true ] || filter="$filter&FullyQualifiedName!~Microwasm.Cli.Tests.Serve"
MICROWASM_EXE="$PWD/$exe" dotnet test tests/Microwasm.Cli.Tests -c Release --filter "$filter" ||
  fail "CLI tests against $exe"
echo "tools/aot.sh: CLI tests (Category=Executable) against $exe OK ($(seconds "$start"))"

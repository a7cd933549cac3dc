#!/usr/bin/env bash
# tools/capi.sh [--test] [--out DIR]: libmicrowasm.so, WAMR's C embedding API (include/wasm_export.h).
#
#   tools/capi.sh           publishes build/capi/libmicrowasm.so (NativeAOT shared library; its native
#                           symbols in libmicrowasm.so.dbg) and prints its size
#   tools/capi.sh --test    then checks it with gcc: the functions the header declares are exactly
#                           those the library exports, and tests/c-api/test_c_api.c names every one;
#                           the structs and enums a host shares have WAMR's layout (tests/c-api/layout.c
#                           compiled against our header and against WAMR's, outputs compared);
#                           samples/c-embedding builds, runs and prints its expected output, and its
#                           source also compiles against WAMR's own header; tests/c-api/test_c_api.c
#                           (every exported function with valid and hostile arguments) passes, also
#                           under AddressSanitizer and UBSan.
#                           The last line is "capi: N checks passed, M failed" (each script check
#                           counts one, and each check of test_c_api.c one).
#
# The same as `dotnet publish src/Microwasm.Native -c Release -r linux-x64 -p:PublishAot=true -o DIR`,
# except that this script fails on any warning, builds in its own folders (build/capi-artifacts),
# and fails when the library is larger than 6,000,000 bytes (issue #17). Needs what tools/aot.sh
# needs (the NativeAOT packages, clang or gcc as the linker), and for --test gcc, nm (binutils) and
# WAMR's header in ../shared/third_party/wamr-b9db23b.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"

out=build/capi
test=false
while [ $# -gt 0 ]; do
  case "$1" in
    --test) test=true ;;
    --out) out="$2"; shift ;;
    --out=*) out="${1#--out=}" ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "tools/capi.sh: unknown argument $1 (see: tools/capi.sh --help)" >&2; exit 2 ;;
  esac
  shift
done

rid=linux-x64
case "$(uname -m)" in
  aarch64|arm64) rid=linux-arm64 ;;
esac

seconds() { echo $(( ($(date +%s%N) - $1) / 1000000 )) | awk '{ printf "%.1f s", $1 / 1000 }'; }
max_size=6000000

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

begin=$(date +%s%N)
start=$begin
set +e
dotnet publish src/Microwasm.Native -c Release -r "$rid" -p:PublishAot=true --artifacts-path build/capi-artifacts -o "$out" 2>&1 | tee "$tmp/publish.log"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "tools/capi.sh: dotnet publish failed (exit status $status)" >&2
  exit 1
fi
if grep -E ': warning [A-Z]+[0-9]+' "$tmp/publish.log" >/dev/null; then
  echo "tools/capi.sh: the NativeAOT build has warnings (it must have none):" >&2
  grep -E ': warning [A-Z]+[0-9]+' "$tmp/publish.log" | sort -u >&2
  exit 1
fi
lib="$out/libmicrowasm.so"
[ -f "$lib" ] || { echo "tools/capi.sh: $lib was not made" >&2; exit 1; }
size=$(stat -c %s "$lib")
echo "tools/capi.sh: $lib, $size bytes, published in $(seconds "$start")"

if [ "$test" != true ]; then
  [ "$size" -le "$max_size" ] || { echo "tools/capi.sh: $lib is larger than $max_size bytes" >&2; exit 1; }
  exit 0
fi

lib="$(cd "$out" && pwd)/libmicrowasm.so"
libdir="$(dirname "$lib")"
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "tools/capi.sh: ok: $*"; }
bad() { failed=$((failed + 1)); echo "tools/capi.sh: FAILED: $*"; }
wamr=../shared/third_party/wamr-b9db23b/core/iwasm/include

if [ "$size" -le "$max_size" ]; then ok "size $size bytes (at most $max_size)"; else bad "size $size bytes (more than $max_size)"; fi

# the header declares exactly what the library exports
nm -D --defined-only "$lib" | awk '$2 == "T" { sub(/@.*/, "", $3); print $3 }' | grep -v '^_' | sort > "$tmp/exported"
grep -A1 '^WASM_RUNTIME_API_EXTERN' include/wasm_export.h | grep -oE '^[a-z_]+\(' | tr -d '(' | sort > "$tmp/declared"
if diff "$tmp/declared" "$tmp/exported" > "$tmp/diff"; then
  ok "include/wasm_export.h declares the $(wc -l < "$tmp/declared") functions libmicrowasm.so exports"
else
  bad "declared (<) and exported (>) functions differ: $(tr '\n' ' ' < "$tmp/diff")"
fi
missing=""
while read -r name; do
  grep -q "\\b$name(" tests/c-api/test_c_api.c || missing="$missing $name"
done < "$tmp/exported"
if [ -z "$missing" ]; then ok "tests/c-api/test_c_api.c calls every exported function"; else bad "test_c_api.c does not call:$missing"; fi

# layout: the same bytes as WAMR's header
if [ -f "$wamr/wasm_export.h" ]; then
  gcc -std=c99 -Wall -Werror -I include tests/c-api/layout.c -o "$tmp/layout-microwasm" &&
    gcc -std=c99 -Wall -Werror -I "$wamr" tests/c-api/layout.c -o "$tmp/layout-wamr" &&
    "$tmp/layout-microwasm" > "$tmp/layout-microwasm.txt" && "$tmp/layout-wamr" > "$tmp/layout-wamr.txt" || true
  if [ -s "$tmp/layout-microwasm.txt" ] && diff "$tmp/layout-microwasm.txt" "$tmp/layout-wamr.txt" > "$tmp/diff"; then
    ok "structs and enums have WAMR's layout and values ($(wc -l < "$tmp/layout-wamr.txt") facts compared)"
  else
    bad "layout differs from WAMR's header: $(head -c 600 "$tmp/diff")"
  fi
  if gcc -std=c99 -Wall -Wextra -Werror -fsyntax-only -I "$wamr" samples/c-embedding/main.c; then
    ok "samples/c-embedding/main.c compiles unchanged against WAMR's header ($wamr)"
  else
    bad "samples/c-embedding/main.c does not compile against WAMR's header"
  fi
else
  bad "WAMR's header is missing ($wamr): the shared folder beside the repository"
  bad "the sample cannot be compiled against WAMR's header"
fi

# the sample
start=$(date +%s%N)
if samples/c-embedding/build.sh "$libdir" && (cd samples/c-embedding && timeout 60 ./c-embedding embed.wasm) > "$tmp/sample.txt" &&
   diff samples/c-embedding/expected-output.txt "$tmp/sample.txt" > "$tmp/diff"; then
  ok "samples/c-embedding builds, runs and prints its expected output ($(seconds "$start"))"
else
  bad "samples/c-embedding: $(cat "$tmp/sample.txt" "$tmp/diff" 2>/dev/null | head -c 600)"
fi

# the C test
start=$(date +%s%N)
# the test modules are assembled by Microwasm's own text format (wat2wasm): the native microwasm
# when tools/aot.sh has made it (or MICROWASM_EXE), else the CLI through dotnet
if [ -n "${MICROWASM_EXE:-}" ]; then
  assemble=("$MICROWASM_EXE")
elif [ -x build/aot/microwasm ]; then
  assemble=(build/aot/microwasm)
else
  assemble=(dotnet run --project src/Microwasm.Cli -c Release --)
fi
for wat in tests/c-api/*.wat; do
  "${assemble[@]}" wat2wasm "$wat" -o "$tmp/$(basename "${wat%.wat}").wasm"
done
gcc -std=c99 -Wall -Wextra -Werror -O1 -g -pthread -I include tests/c-api/test_c_api.c -L "$libdir" -lmicrowasm -Wl,-rpath,"$libdir" -o "$tmp/test_c_api"
set +e
timeout 120 "$tmp/test_c_api" "$tmp" > "$tmp/test.txt" 2>&1
status=$?
set -e
cat "$tmp/test.txt"
counts="$(grep -E '^[0-9]+ checks passed, [0-9]+ failed$' "$tmp/test.txt" | tail -1)"
if [ -n "$counts" ]; then
  read -r test_passed _ _ test_failed _ <<<"$counts"
  passed=$((passed + test_passed))
  failed=$((failed + test_failed))
fi
if [ "$status" -ne 0 ] && { [ -z "$counts" ] || [ "$test_failed" -eq 0 ]; }; then
  bad "test_c_api exited with status $status (a crash or a timeout) after: $(tail -3 "$tmp/test.txt")"
fi
echo "tools/capi.sh: test_c_api: ${counts:-no count printed} ($(seconds "$start"))"

# the same test under AddressSanitizer and UBSan: the library's own native allocations (exception
# texts, names) go through malloc and free, which ASan watches too
start=$(date +%s%N)
if gcc -std=c99 -Wall -Wextra -Werror -O1 -g -pthread -fsanitize=address,undefined -fno-sanitize-recover=undefined -I include \
     tests/c-api/test_c_api.c -L "$libdir" -lmicrowasm -Wl,-rpath,"$libdir" -o "$tmp/test_c_api_asan" &&
   ASAN_OPTIONS=detect_leaks=0 timeout 180 "$tmp/test_c_api_asan" "$tmp" > "$tmp/asan.txt" 2>&1 &&
   grep -q "^${counts:-none}\$" "$tmp/asan.txt"; then
  ok "test_c_api under AddressSanitizer and UBSan: ${counts} ($(seconds "$start"))"
else
  bad "test_c_api under AddressSanitizer and UBSan: $(tail -20 "$tmp/asan.txt" 2>/dev/null)"
fi

echo "tools/capi.sh: done in $(seconds "$begin")"
echo "capi: $passed checks passed, $failed failed"
[ "$failed" -eq 0 ]

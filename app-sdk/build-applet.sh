#!/usr/bin/env bash
# build-applet.sh SRC.c|SRC.cpp [MORE ...] -o OUT.wasm [extra clang flags]
#
# Builds a Microwasm/WAMR applet: clang-14 for wasm32, the builtin libc's
# headers (no libc is linked: its functions are imports from "env"), this SDK
# (a static library built once and cached), WAMR's link flags and exports.
# -O3 unless the extra flags say otherwise (a later -O wins).
#
# C++ sources (.cpp, .cc, .cxx) are compiled as freestanding C++17 without
# exceptions or RTTI, and cpp/runtime.cpp (operator new/delete) is linked.
#
# Environment: CLANG (default clang-14), LLVM_AR (default llvm-ar-14),
# WASM_LD (default wasm-ld-14 when it exists), MICROWASM_APP_SDK_CACHE (where
# the library is cached; default ${XDG_CACHE_HOME:-~/.cache}/microwasm-app-sdk).
set -euo pipefail

sdk=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
usage() { echo "usage: $(basename "$0") SRC.c|SRC.cpp [MORE ...] -o OUT.wasm [extra clang flags]" >&2; exit 2; }

srcs=() cxx_srcs=() extra=() out=
while [ $# -gt 0 ]; do
  case $1 in
    -o) [ $# -ge 2 ] || usage; out=$2; shift 2 ;;
    -o*) out=${1#-o}; shift ;;
    -h|--help) usage ;;
    -*) extra+=("$1"); shift ;;
    *.c|*.o|*.a) srcs+=("$1"); shift ;;
    *.cpp|*.cc|*.cxx) cxx_srcs+=("$1"); shift ;;
    *) extra+=("$1"); shift ;;
  esac
done
[ -n "$out" ] && [ $(( ${#srcs[@]} + ${#cxx_srcs[@]} )) -gt 0 ] || usage

pick() { for t in "$@"; do if command -v "$t" >/dev/null 2>&1; then command -v "$t"; return; fi; done; }
clang=${CLANG:-$(pick clang-14 clang)}
ar=${LLVM_AR:-$(pick llvm-ar-14 llvm-ar)}
[ -n "$clang" ] || { echo "build-applet: clang-14 not found (apt-get install clang-14 lld-14)" >&2; exit 2; }
[ -n "$ar" ] || { echo "build-applet: llvm-ar-14 not found (apt-get install llvm-14)" >&2; exit 2; }
# Debian's clang-14 finds wasm-ld in its own bin directory; name lld's wasm
# driver explicitly anyway, so a clang without it still links.
ld=${WASM_LD:-$(pick wasm-ld-14 wasm-ld)}
ld_flag=(); [ -n "$ld" ] && ld_flag=(-fuse-ld="$ld")

cflags=(--target=wasm32 -nostdlibinc -isystem "$sdk/libc-builtin/include" -I "$sdk/include")

# The SDK library, keyed by its sources, the compiler and these flags.
lib_srcs=(bh_platform restful_utils attr_container request timer sensor connection)
key=$( { "$clang" --version; echo "${cflags[*]} -O3 v1";
         cd "$sdk" && cat src/*.c src/*.h include/*.h include/*/*.h libc-builtin/include/*.h; } \
       | sha256sum | cut -c1-16 )
cache=${MICROWASM_APP_SDK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/microwasm-app-sdk}/$key
lib=$cache/libapp_framework.a
cleanup=()
trap 'rm -rf "${cleanup[@]}"' EXIT
if [ ! -f "$lib" ] && ! mkdir -p "$cache" 2>/dev/null; then
  cache=$(mktemp -d); lib=$cache/libapp_framework.a   # no writable cache: build for this run only
  cleanup+=("$cache")
fi
if [ ! -f "$lib" ]; then
  tmp=$(mktemp -d "$cache/tmp.XXXXXX")
  cleanup+=("$tmp")
  objs=()
  for s in "${lib_srcs[@]}"; do
    "$clang" "${cflags[@]}" -O3 -Wall -Wextra -Werror -c "$sdk/src/$s.c" -o "$tmp/$s.o"
    objs+=("$tmp/$s.o")
  done
  "$ar" rcs "$tmp/libapp_framework.a" "${objs[@]}"
  mv -f "$tmp/libapp_framework.a" "$lib"   # atomic: concurrent builds are safe
fi

# C++: each source (and the runtime support) to an object of its own, with
# the extra flags; the C headers are C++-ready (extern "C").
if [ ${#cxx_srcs[@]} -gt 0 ]; then
  objdir=$(mktemp -d); cleanup+=("$objdir")
  cxx_srcs+=("$sdk/cpp/runtime.cpp")
  for i in "${!cxx_srcs[@]}"; do
    "$clang" -x c++ "${cflags[@]}" -I "$sdk/cpp" -std=c++17 -O3 -fno-exceptions -fno-rtti \
      -fno-threadsafe-statics -Qunused-arguments "${extra[@]}" -c "${cxx_srcs[$i]}" -o "$objdir/$i.o"
    srcs+=("$objdir/$i.o")
  done
fi

# on_init/on_destroy are the applet's own (exported when present); the other
# callbacks come from the SDK and are exported always, as WAMR's samples do.
exports=(-Wl,--export-if-defined=on_init -Wl,--export-if-defined=on_destroy
         -Wl,--export=on_request -Wl,--export=on_response
         -Wl,--export=on_sensor_event -Wl,--export=on_timer_callback
         -Wl,--export=on_connection_data
         -Wl,--export=__heap_base -Wl,--export=__data_end)

"$clang" "${cflags[@]}" -O3 -nostdlib -Qunused-arguments "${ld_flag[@]}" \
  -z stack-size=4096 -Wl,--initial-memory=65536 \
  -Wl,--allow-undefined-file="$sdk/defined-symbols.txt" \
  -Wl,--strip-all,--no-entry "${exports[@]}" \
  "${extra[@]}" -o "$out" "${srcs[@]}" "$lib"

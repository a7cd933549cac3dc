#!/usr/bin/env bash
# Runs the SDK's C unit tests natively with AddressSanitizer and UBSan
# (gcc by default; CC=clang-14 needs Debian's libclang-rt-14-dev for the
# sanitizer runtimes; stub natives in native_test.c). Exit status 0 = all pass.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sdk=$here/..
cc=${CC:-gcc}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$cc" -std=gnu11 -O1 -g -Wall -Wextra -Wno-unused-parameter -fsanitize=address,undefined \
  -fno-sanitize-recover=undefined -I"$sdk/include" -I"$sdk/src" \
  "$here/native_test.c" "$sdk"/src/{bh_platform,restful_utils,attr_container,request,timer,sensor,connection}.c \
  -o "$out/native_test"
"$out/native_test" | grep -v -e '^Set attr' -e '^Get attr' -e '^Check contain' -e '^Set attribute'

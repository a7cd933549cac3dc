#!/usr/bin/env bash
# Builds ui.wasm: LittlevGL 5.3 (from shared/third_party/lvgl-5.3, or $LVGL_DIR) and ui.c, with the
# app SDK's build-applet.sh (Debian's clang-14 and lld-14, the builtin libc's headers). The display
# natives (ui_natives.h) stay imports from "env", like the SDK's own natives.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lvgl=${LVGL_DIR:-$here/../../../shared/third_party/lvgl-5.3}
[ -f "$lvgl/lvgl.h" ] || { echo "build.sh: LittlevGL 5.3 not found at $lvgl (set LVGL_DIR)" >&2; exit 2; }
lvgl=$(cd "$lvgl" && pwd)
undefined=$(mktemp)
trap 'rm -f "$undefined"' EXIT
# lld keeps one --allow-undefined-file: the SDK's list and the display natives together
{ cat "$here/../../app-sdk/defined-symbols.txt"
  printf '%s\n' display_flush display_fill display_map display_input_read display_vdb_write time_get_ms; } > "$undefined"
mapfile -t sources < <(find "$lvgl/lv_core" "$lvgl/lv_draw" "$lvgl/lv_hal" "$lvgl/lv_misc" "$lvgl/lv_objx" \
    "$lvgl/lv_themes" "$lvgl/lv_fonts" -name '*.c' | sort)
# 256 KiB of memory: LittlevGL's 30 KiB drawing buffer and 24 KiB pool, a 32 KiB stack, the rest spare.
"$here/../../app-sdk/build-applet.sh" "$here/ui.c" "${sources[@]}" -o "$here/ui.wasm" \
    -DLV_CONF_INCLUDE_SIMPLE -I "$here" -I "$lvgl" -Oz -w \
    -z stack-size=32768 -Wl,--initial-memory=262144 \
    -Wl,--allow-undefined-file="$undefined"
echo "built $here/ui.wasm ($(stat -c %s "$here/ui.wasm") bytes)"

#!/bin/sh
# Rebuilds the five sample applets with the SDK's build-applet.sh
# (Debian's clang-14 and lld-14).
set -e
cd "$(dirname "$0")"
for app in timer request_handler request_sender event_publisher event_subscriber; do
    ../../app-sdk/build-applet.sh "$app.c" -o "$app.wasm"
    echo "built $app.wasm"
done

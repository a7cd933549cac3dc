#!/usr/bin/env bash
# run-in-wamr.sh APPS_DIR [PORT]: runs the samples/simple applets in APPS_DIR
# (timer, request_handler, request_sender, event_publisher, event_subscriber
# .wasm) under WAMR's own sample runtime and host_tool, printing each
# host_tool result and then the runtime's output. Used to hold applets built
# with this SDK against WAMR's SDK-built ones (WAMR_TOOLS: build-wamr-tools
# output, default /work/wamr-tools). WAMR allows three applets at a time.
set -uo pipefail
apps=$(cd "${1:?usage: run-in-wamr.sh APPS_DIR [PORT]}" && pwd)
port=${2:-$(( 20000 + RANDOM % 20000 ))}
tools=${WAMR_TOOLS:-/work/wamr-tools}
log=$(mktemp)
stdbuf -oL -eL "$tools/simple" -s -p "$port" >>"$log" 2>&1 &
rt=$!
trap 'kill $rt 2>/dev/null; wait $rt 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 50); do grep -q "App Manager started" "$log" && break; sleep 0.1; done
sleep 0.3

ht() {
  echo "\$ host_tool $*"
  timeout 20 "$tools/host_tool" -P "$port" "$@"
  echo "[exit $?]"
}
mark() { echo "--- $*" >>"$log"; }

ht -q
mark "install request_handler"; ht -i request_handler -f "$apps/request_handler.wasm"
mark "GET /app/request_handler/url1"; ht -r /app/request_handler/url1 -A GET
mark "GET /url1"; ht -r /url1 -A GET
mark "DELETE /app/request_handler/url2"; ht -r /app/request_handler/url2 -A DELETE
mark "GET /app/request_handler/nothing"; ht -r /app/request_handler/nothing -A GET -t 2000
mark "install request_sender"; ht -i request_sender -f "$apps/request_sender.wasm"
sleep 1
mark "uninstall request_sender"; ht -u request_sender
mark "install event_publisher"; ht -i event_publisher -f "$apps/event_publisher.wasm"
mark "subscribe /alert/overheat"; ht -s /alert/overheat -a 3000
mark "install event_subscriber"; ht -i event_subscriber -f "$apps/event_subscriber.wasm"
sleep 2.5
mark "uninstall event_subscriber"; ht -u event_subscriber
mark "uninstall event_publisher"; ht -u event_publisher
mark "install timer"; ht -i timer -f "$apps/timer.wasm"
sleep 3.5
ht -q
mark "uninstall timer"; ht -u timer
mark "uninstall request_handler"; ht -u request_handler
sleep 0.3
echo "=== runtime output"
cat "$log"

;; An applet that paints the whole 320x240 display with one color per frame and flushes it, on a
;; periodic timer (first 100 ms). A request to /app/NAME/rate with a 4-byte little-endian payload
;; restarts the timer with that interval in ms. For the display benchmark (DisplayLatency.cs).
(module
  (import "env" "wasm_response_send" (func $respond (param i32 i32) (result i32)))
  (import "env" "wasm_create_timer" (func $create_timer (param i32 i32 i32) (result i32)))
  (import "env" "wasm_timer_restart" (func $restart (param i32 i32)))
  (import "env" "display_flush" (func $flush (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 6)
  (global $timer (mut i32) (i32.const 0))
  (global $frame (mut i32) (i32.const 0))
  ;; the response: version 1, status 2.04, fmt 0, mid, receiver, no payload
  (data (i32.const 32) "\01\44\00\00\00\00\00\00\00\00\00\00\00\00\00\00")
  (func (export "on_init")
    (global.set $timer (call $create_timer (i32.const 100) (i32.const 1) (i32.const 1))))
  (func (export "on_timer_callback") (param i32)
    (local $p i32) (local $color i32)
    (global.set $frame (i32.add (global.get $frame) (i32.const 1)))
    (local.set $color (i32.or (i32.const 0xFF000000) (i32.mul (global.get $frame) (i32.const 0x00030507))))
    (local.set $p (i32.const 65536))
    (loop $fill
      (i32.store (local.get $p) (local.get $color))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $fill (i32.lt_u (local.get $p) (i32.const 372736))))   ;; 65536 + 320 * 240 * 4
    (call $flush (i32.const 0) (i32.const 0) (i32.const 319) (i32.const 239) (i32.const 65536)))
  (func (export "on_request") (param $buf i32) (param $len i32)
    (local $payload i32)
    (local.set $payload (i32.add (i32.add (local.get $buf) (i32.const 18))
      (i32.or (i32.shl (i32.load8_u (i32.add (local.get $buf) (i32.const 12))) (i32.const 8))
              (i32.load8_u (i32.add (local.get $buf) (i32.const 13))))))
    (call $restart (global.get $timer) (i32.load (local.get $payload)))
    (i32.store (i32.const 36) (i32.load (i32.add (local.get $buf) (i32.const 4))))
    (i32.store (i32.const 40) (i32.load (i32.add (local.get $buf) (i32.const 8))))
    (drop (call $respond (i32.const 32) (i32.const 16)))))

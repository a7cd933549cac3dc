;; The smallest applet that answers: registers /echo and answers every request 2.05 with no payload.
;; Subscribed to bench/tick, it answers each event by publishing bench/ack (for the fan-out benchmark).
(module
  (import "env" "wasm_register_resource" (func $register (param i32)))
  (import "env" "wasm_response_send" (func $respond (param i32 i32) (result i32)))
  (import "env" "wasm_post_request" (func $post (param i32 i32)))
  (import "env" "wasm_sub_event" (func $subscribe (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "/echo\00")
  (data (i32.const 24) "bench/tick\00")
  ;; response: version 1, 2.05, fmt 0, mid, receiver, payload_len 0
  (data (i32.const 64) "\01\45\00\00\00\00\00\00\00\00\00\00\00\00\00\00")
  ;; event: version 1, action 6, fmt 0, mid 0, sender 0, url_len 10, payload_len 0, "bench/ack"
  (data (i32.const 96) "\01\06\00\00\00\00\00\00\00\00\00\00\00\0a\00\00\00\00bench/ack\00")
  (func (export "on_init")
    (call $register (i32.const 16))
    (call $subscribe (i32.const 24)))
  (func (export "on_request") (param $buf i32) (param $len i32)
    (if (i32.eq (i32.load8_u offset=1 (local.get $buf)) (i32.const 6))
      (then (call $post (i32.const 96) (i32.const 28)) (return)))
    (i32.store offset=4 (i32.const 64) (i32.load offset=4 (local.get $buf)))
    (i32.store offset=8 (i32.const 64) (i32.load offset=8 (local.get $buf)))
    (drop (call $respond (i32.const 64) (i32.const 16)))))

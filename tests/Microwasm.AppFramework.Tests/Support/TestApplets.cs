using Microwasm.TestSupport;

namespace Microwasm.AppFramework.Tests.Support;

/// <summary>
/// Small applets written in the text format, for tests that need an applet to misbehave on purpose.
/// The echo applet registers <c>/x</c> and answers a request by its URL's last character:
/// <c>x/ok</c> → 2.05 with its timer tick count as a 4-byte payload, <c>x/trap</c> → unreachable,
/// <c>x/hang</c> → never returns, <c>x/recurse</c> → unbounded recursion. Its on_init creates a periodic timer when
/// <c>timerInterval</c> is not 0.
/// </summary>
internal static class TestApplets
{
    public static byte[] Echo(int timerInterval = 0, string initBody = "") => Wat.ToWasm($$"""
        (module
          (import "env" "wasm_register_resource" (func $register (param i32)))
          (import "env" "wasm_response_send" (func $respond (param i32 i32) (result i32)))
          (import "env" "wasm_create_timer" (func $create_timer (param i32 i32 i32) (result i32)))
          (import "env" "wasm_post_request" (func $post (param i32 i32)))
          (import "env" "wasm_sub_event" (func $subscribe (param i32)))
          (import "env" "wasm_timer_restart" (func $restart (param i32 i32)))
          (import "env" "wasm_timer_cancel" (func $cancel (param i32)))
          (import "env" "wasm_timer_destroy" (func $destroy (param i32)))
          (memory (export "memory") 1)
          (global $ticks (mut i32) (i32.const 0))
          (global $timer (mut i32) (i32.const 0))
          (data (i32.const 16) "/x\00")
          ;; the response: version 1, status 2.05, fmt 0, mid, receiver, payload_len 4 (big-endian), the tick count
          (data (i32.const 32) "\01\45\00\00\00\00\00\00\00\00\00\00\00\00\00\04")
          (func (export "on_init") (local $i i32)
            (call $register (i32.const 16))
            (if (i32.ne (i32.const {{timerInterval}}) (i32.const 0))
              (then (global.set $timer (call $create_timer (i32.const {{timerInterval}}) (i32.const 1) (i32.const 1)))))
            {{initBody}})
          (func $deep (param i32) (result i32)
            (i32.add (call $deep (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
          (func (export "on_request") (param $buf i32) (param $len i32)
            (local $c i32)
            ;; the URL's last character: buf + 18 + url_len - 2 (url_len is big-endian and counts the NUL)
            (local.set $c (i32.load8_u (i32.add (i32.add (local.get $buf) (i32.const 16))
              (i32.or (i32.shl (i32.load8_u (i32.add (local.get $buf) (i32.const 12))) (i32.const 8))
                      (i32.load8_u (i32.add (local.get $buf) (i32.const 13)))))))
            (if (i32.eq (local.get $c) (i32.const 112)) (then unreachable))                        ;; x/trap
            (if (i32.eq (local.get $c) (i32.const 103)) (then (loop $forever (br $forever))))     ;; x/hang
            (if (i32.eq (local.get $c) (i32.const 101)) (then (drop (call $deep (i32.const 0)))))  ;; x/recurse
            ;; mid and sender are big-endian in both packets: copy the bytes as they are
            (i32.store (i32.const 36) (i32.load (i32.add (local.get $buf) (i32.const 4))))
            (i32.store (i32.const 40) (i32.load (i32.add (local.get $buf) (i32.const 8))))
            (i32.store (i32.const 48) (global.get $ticks))
            (drop (call $respond (i32.const 32) (i32.const 20))))
          (func (export "on_timer_callback") (param i32)
            (global.set $ticks (i32.add (global.get $ticks) (i32.const 1))))
          (func (export "on_destroy")))
        """);

    /// <summary>The tick count an echo applet's 2.05 response carries.</summary>
    public static int Ticks(Microwasm.AppFramework.Messaging.Response response) => BitConverter.ToInt32(response.Payload.Span);
}

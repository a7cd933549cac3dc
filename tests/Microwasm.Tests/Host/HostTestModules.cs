using Microwasm.TestSupport;

namespace Microwasm.Tests.Host;

/// <summary>Test modules in the text format, assembled by wat2wasm (<see cref="Wat"/>).</summary>
internal static class HostTestModules
{
    public static readonly byte[] Basics = Wat.ToWasm(
        """
        (module
          (memory (export "memory") 1 4)
          (global $counter (mut i32) (i32.const 0))
          (func $fib (export "fib") (param i32) (result i32)
            (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
              (then (local.get 0))
              (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                             (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "add64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
          (func (export "mulf") (param f32 f32) (result f32) (f32.mul (local.get 0) (local.get 1)))
          (func (export "muld") (param f64 f64) (result f64) (f64.mul (local.get 0) (local.get 1)))
          (func (export "inc") (result i32)
            (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
            (global.get $counter))
          (func (export "nothing"))
          (func (export "two") (result i32 i32) (i32.const 1) (i32.const 2))
          (func (export "crash") (unreachable))
          ;; sum of the bytes [ptr, ptr+len)
          (func (export "sum") (param $p i32) (param $n i32) (result i32) (local $s i32)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $p))))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
            (local.get $s))
          ;; adds 1 to every byte of [ptr, ptr+len)
          (func (export "increment") (param $p i32) (param $n i32)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (i32.store8 (local.get $p) (i32.add (i32.load8_u (local.get $p)) (i32.const 1)))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next))))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
        """);

    public static readonly byte[] Natives = Wat.ToWasm(
        """
        (module
          (import "env" "buffer" (func $buffer (param i32 i32) (result i32)))
          (import "env" "pointer" (func $pointer (param i32) (result i32)))
          (import "env" "string" (func $string (param i32) (result i32)))
          (import "env" "mixed" (func $mixed (param i32 i32 i32 i32) (result i32)))
          (import "env" "add" (func $add (param i32 i32) (result i32)))
          (import "env" "callback" (func $callback (param i32) (result i32)))
          (import "env" "fail" (func $fail (param i32)))
          (memory (export "memory") 1 4)
          (func (export "call_buffer") (param i32 i32) (result i32) (call $buffer (local.get 0) (local.get 1)))
          (func (export "call_pointer") (param i32) (result i32) (call $pointer (local.get 0)))
          (func (export "call_string") (param i32) (result i32) (call $string (local.get 0)))
          (func (export "call_mixed") (param i32 i32 i32 i32) (result i32)
            (call $mixed (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
          (func (export "call_add") (param i32 i32) (result i32) (call $add (local.get 0) (local.get 1)))
          ;; calls add n times: the host-call benchmark
          (func (export "add_loop") (param $n i32) (result i32) (local $s i32)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $s (call $add (local.get $s) (i32.const 1)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
            (local.get $s))
          (func (export "call_callback") (param i32) (result i32) (call $callback (local.get 0)))
          (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
          (func (export "call_fail") (param i32) (call $fail (local.get 0)))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
        """);
}

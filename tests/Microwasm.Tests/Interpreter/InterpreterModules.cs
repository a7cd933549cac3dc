using Microwasm.TestSupport;

namespace Microwasm.Tests.Interpreter;

/// <summary>Test modules in the text format, assembled by wat2wasm (<see cref="Wat"/>).</summary>
internal static class InterpreterModules
{
    public static readonly byte[] Basic = Wat.ToWasm(
        """
        (module
          (func $fib (export "fib") (param $n i32) (result i32)
            (if (result i32) (i32.lt_s (local.get $n) (i32.const 2))
              (then (local.get $n))
              (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                             (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
          (func (export "sum") (param $n i32) (result i64) (local $i i32) (local $s i64)
            (block $done (loop $l
              (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
              (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (local.get $i))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $l)))
            (local.get $s))
          (func $rec (export "rec") (param $n i32) (result i32)
            (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 0))
              (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get $n) (i32.const 1)))))))
          (func (export "switch") (param $i i32) (result i32)
            (block $d (block $c (block $b (block $a
              (br_table $a $b $c $d (local.get $i)))
              (return (i32.const 100)))
              (return (i32.const 101)))
              (return (i32.const 102)))
            (i32.const 103))
          (func (export "table_value") (param $i i32) (result i32)
            (block $b (result i32) (block $a (result i32)
              (br_table $a $b $b (i32.const 7) (local.get $i)))
              (i32.const 1) (i32.add))
            (i32.const 1000) (i32.add))
          (func (export "swap_sub") (param i32 i32) (result i32 i32)
            (local.get 1) (local.get 0))
          (func $pair (param i32) (result i32 i32) (local.get 0) (i32.add (local.get 0) (i32.const 1)))
          (func (export "multi") (param $x i32) (result i32)
            (call $pair (local.get $x))
            (block (param i32 i32) (result i32) (i32.sub))
            (if (param i32) (result i32) (local.get $x)
              (then (i32.const 10) (i32.mul))
              (else (i32.const 20) (i32.mul)))
            (loop (param i32) (result i32)
              (local.tee $x)
              (i32.const 3) (i32.add)
              (br_if 0 (i32.lt_s (local.get $x) (i32.const 5)))))
          (func (export "select") (param i32 i32 i32) (result i32)
            (select (local.get 0) (local.get 1) (local.get 2)))
          (func (export "tee_order") (param $x i32) (result i32)
            (local.get $x) (local.set $x (i32.const 5)) (local.get $x) (i32.sub))
          (func (export "early") (param $x i32) (result i32 i64)
            (br_if 0 (i32.const 7) (i64.const 8) (local.get $x))
            (drop) (drop) (i32.const 1) (i64.const 2))
          (func (export "ltu_imm") (param i32) (result i32)
            (if (result i32) (i32.lt_u (local.get 0) (i32.const -2)) (then (i32.const 1)) (else (i32.const 0))))
          (func (export "ge_s_imm") (param i32) (result i32) (i32.ge_s (local.get 0) (i32.const -5)))
          (func (export "sub_imm") (param i32) (result i32) (i32.sub (local.get 0) (i32.const -2147483648)))
          (func (export "imm_ops") (param i32) (result i32)
            (i32.xor
              (i32.add (i32.shl (local.get 0) (i32.const 33)) (i32.shr_u (local.get 0) (i32.const -1)))
              (i32.add (i32.rotr (local.get 0) (i32.const 36)) (i32.mul (local.get 0) (i32.const -3)))))
        )
        """, debugNames: true);

    public static readonly byte[] Memory = Wat.ToWasm(
        """
        (module
          (memory (export "mem") 1 3)
          (data $d "\01\02\03\04\05\06\07\08")
          (func (export "store_load") (param $a i32) (param $v i64) (result i64)
            (i64.store (local.get $a) (local.get $v))
            (i64.load (local.get $a)))
          (func (export "load8_s") (param $a i32) (result i32) (i32.load8_s (local.get $a)))
          (func (export "load8_u") (param $a i32) (result i32) (i32.load8_u (local.get $a)))
          (func (export "load16_s64") (param $a i32) (result i64) (i64.load16_s offset=2 (local.get $a)))
          (func (export "load32_u64") (param $a i32) (result i64) (i64.load32_u (local.get $a)))
          (func (export "store8") (param $a i32) (param $v i32) (i32.store8 (local.get $a) (local.get $v)))
          (func (export "load_f32") (param $a i32) (result f32) (f32.load (local.get $a)))
          (func (export "size") (result i32) (memory.size))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
          (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
          (func (export "init") (param i32 i32 i32) (memory.init $d (local.get 0) (local.get 1) (local.get 2)))
          (func (export "drop") (data.drop $d))
          (func (export "load_last") (result i32)
            (i32.load (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4))))
        )
        """, debugNames: true);

    public static readonly byte[] Traps = Wat.ToWasm(
        """
        (module
          (type $i2i (func (param i32) (result i32)))
          (type $v2v (func))
          (table 4 funcref)
          (elem (i32.const 0) $inc $nop)
          (memory 1)
          (global $g (mut i32) (i32.const 40))
          (func $inc (type $i2i) (i32.add (local.get 0) (i32.const 1)))
          (func $nop (type $v2v))
          (func (export "unreachable") (unreachable))
          (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
          (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
          (func (export "oob_load") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
          (func (export "oob_table") (param i32) (result funcref) (table.get 0 (local.get 0)))
          (func (export "call_indirect") (param $f i32) (param $x i32) (result i32)
            (call_indirect (type $i2i) (local.get $x) (local.get $f)))
          (func (export "global") (result i32)
            (global.set $g (i32.add (global.get $g) (i32.const 2))) (global.get $g))
          (func (export "ref") (result i32 i32)
            (ref.is_null (ref.func $inc)) (ref.is_null (ref.null func)))
          (func (export "grow_table") (param i32) (result i32 i32)
            (table.grow 0 (ref.func $nop) (local.get 0)) (table.size 0))
          (func $deep (export "deep") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
              (else (i32.add (i32.const 1) (call $deep (i32.sub (local.get 0) (i32.const 1)))))))
        )
        """, debugNames: true);

    public static readonly byte[] Host = Wat.ToWasm(
        """
        (module
          (import "env" "host" (func $host (param i32) (result i32)))
          (func $down (export "down") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
              (else (i32.add (i32.const 1) (call $host (i32.sub (local.get 0) (i32.const 1)))))))
          (func (export "fail") (call $inner))
          (func $inner (unreachable))
        )
        """, debugNames: true);

    public static readonly byte[] Lib = Wat.ToWasm(
        """
        (module
          (memory 1)
          (data (i32.const 0) "\2a")
          (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))
          (func (export "grow") (result i32) (memory.grow (i32.const 1)))
          (func $boom (export "boom") (unreachable))
        )
        """, debugNames: true);

    public static readonly byte[] User = Wat.ToWasm(
        """
        (module
          (import "lib" "peek" (func $peek (param i32) (result i32)))
          (import "lib" "grow" (func $grow (result i32)))
          (import "lib" "boom" (func $boom))
          (memory 1)
          (data (i32.const 0) "\07")
          (func (export "both") (result i32)
            (i32.add (i32.mul (call $peek (i32.const 0)) (i32.const 100)) (i32.load8_u (i32.const 0))))
          (func (export "grow_other") (result i32)
            (drop (call $grow)) (memory.size))
          (func $outer (export "outer") (call $boom))
        )
        """, debugNames: true);
}

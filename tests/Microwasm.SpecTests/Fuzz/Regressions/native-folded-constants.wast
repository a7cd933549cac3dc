;; tools/native-diff, the spec suite inside a NativeAOT executable (microwasm compile --native's
;; code): float_exprs.wast failed 12 assertions there. The compiler reads the constants +-0.0 and
;; +-1.0 from static fields so that RyuJIT cannot fold x - 0.0, x + -0.0, x * 1.0, x / 1.0 or
;; x * -1.0 into x or -x, which would let a signalling NaN through where wasm gives an arithmetic
;; NaN. NativeAOT's compiler (ILC) sees the whole program and took fields that no reachable code
;; wrote for constants, so the folds came back (and with them the rotate and narrow-load bugs of
;; rotate-zero-flag.wast and narrow-load-reinterpret.wast, whose guard is a never-written zero).
;; CompiledCode.KeepConstantsUnknown now writes all of them at run time. The functions take and
;; return bits (i32/i64), which a native executable's host entry can pass; the result is masked
;; to the exponent and the quiet bit, so any arithmetic NaN passes and the unquieted one does not.
(module
  (func (export "f32_sub_zero") (param i32) (result i32)
    (i32.and (i32.reinterpret_f32 (f32.sub (f32.reinterpret_i32 (local.get 0)) (f32.const 0))) (i32.const 0x7fc00000)))
  (func (export "f32_add_neg_zero") (param i32) (result i32)
    (i32.and (i32.reinterpret_f32 (f32.add (f32.reinterpret_i32 (local.get 0)) (f32.const -0))) (i32.const 0x7fc00000)))
  (func (export "f32_mul_one") (param i32) (result i32)
    (i32.and (i32.reinterpret_f32 (f32.mul (f32.reinterpret_i32 (local.get 0)) (f32.const 1))) (i32.const 0x7fc00000)))
  (func (export "f32_div_one") (param i32) (result i32)
    (i32.and (i32.reinterpret_f32 (f32.div (f32.reinterpret_i32 (local.get 0)) (f32.const 1))) (i32.const 0x7fc00000)))
  (func (export "f32_mul_minus_one") (param i32) (result i32)
    (i32.and (i32.reinterpret_f32 (f32.mul (f32.reinterpret_i32 (local.get 0)) (f32.const -1))) (i32.const 0x7fc00000)))
  (func (export "f64_sub_zero") (param i64) (result i64)
    (i64.and (i64.reinterpret_f64 (f64.sub (f64.reinterpret_i64 (local.get 0)) (f64.const 0))) (i64.const 0x7ff8000000000000)))
  (func (export "f64_add_neg_zero") (param i64) (result i64)
    (i64.and (i64.reinterpret_f64 (f64.add (f64.reinterpret_i64 (local.get 0)) (f64.const -0))) (i64.const 0x7ff8000000000000)))
  (func (export "f64_mul_one") (param i64) (result i64)
    (i64.and (i64.reinterpret_f64 (f64.mul (f64.reinterpret_i64 (local.get 0)) (f64.const 1))) (i64.const 0x7ff8000000000000)))
  (func (export "f64_div_one") (param i64) (result i64)
    (i64.and (i64.reinterpret_f64 (f64.div (f64.reinterpret_i64 (local.get 0)) (f64.const 1))) (i64.const 0x7ff8000000000000)))
  (func (export "f64_mul_minus_one") (param i64) (result i64)
    (i64.and (i64.reinterpret_f64 (f64.mul (f64.reinterpret_i64 (local.get 0)) (f64.const -1))) (i64.const 0x7ff8000000000000)))
)
;; signalling NaNs (quiet bit clear) of either sign: every result is quieted
(assert_return (invoke "f32_sub_zero" (i32.const 0x7fa00000)) (i32.const 0x7fc00000))
(assert_return (invoke "f32_add_neg_zero" (i32.const 0x7fa00000)) (i32.const 0x7fc00000))
(assert_return (invoke "f32_mul_one" (i32.const 0xff812345)) (i32.const 0x7fc00000))
(assert_return (invoke "f32_div_one" (i32.const 0x7fa00000)) (i32.const 0x7fc00000))
(assert_return (invoke "f32_mul_minus_one" (i32.const 0x7fa00000)) (i32.const 0x7fc00000))
(assert_return (invoke "f64_sub_zero" (i64.const 0x7ff4000000000000)) (i64.const 0x7ff8000000000000))
(assert_return (invoke "f64_add_neg_zero" (i64.const 0x7ff4000000000000)) (i64.const 0x7ff8000000000000))
(assert_return (invoke "f64_mul_one" (i64.const 0xfff0000000000001)) (i64.const 0x7ff8000000000000))
(assert_return (invoke "f64_div_one" (i64.const 0x7ff4000000000000)) (i64.const 0x7ff8000000000000))
(assert_return (invoke "f64_mul_minus_one" (i64.const 0x7ff4000000000000)) (i64.const 0x7ff8000000000000))
;; ordinary values are unchanged by the identities (masked: 1.5 keeps its exponent bits)
(assert_return (invoke "f32_mul_one" (i32.const 0x3fc00000)) (i32.const 0x3fc00000))
(assert_return (invoke "f64_div_one" (i64.const 0x3ff8000000000000)) (i64.const 0x3ff8000000000000))

;; Differential fuzz seeds 1157, 1267 and 1274 (before --denan), and 14726 (SIMD, which binaryen
;; 108's --denan does not cover): an f64.add (f32x4.mul) of two NaNs gave the
;; first operand's payload on the interpreter and the second's on the compiler (RyuJIT commutes the
;; operands: the constant into a register, the other from memory). Wasm allows either, so this is
;; not a bug: both engines must return some arithmetic NaN (quiet, any payload), and the fuzzer
;; turns NaN results into zeros (wasm-opt --denan) so that what it compares is deterministic.
(module
  (global $g (mut f64) (f64.const nan:0xfffffffad5004))
  (memory 1)
  (func (export "global_plus_const") (result f64)
    (f64.add (global.get $g) (f64.const -nan:0xf604effffff80)))
  (func (export "load_plus_const") (result f32)
    (f32.store (i32.const 4) (f32.const nan:0x200001))
    (f32.add (f32.load (i32.const 4)) (f32.const -nan:0x7ffff)))
  (func (export "seed14726") (result v128)
    (f32x4.mul (v128.const i32x4 0x00000000 0xfff80000 0xff800001 0xffffffff)
               (v128.const i32x4 0xff874722 0xffffffff 0xffffff9a 0xffffffff)))
  (func (export "v128_mul") (result v128)
    (f64x2.mul (v128.const f64x2 nan:0x1 -nan:0x2) (v128.const f64x2 -nan:0x3 nan:0x4)))
)
(assert_return (invoke "global_plus_const") (f64.const nan:arithmetic))
(assert_return (invoke "load_plus_const") (f32.const nan:arithmetic))
(assert_return (invoke "seed14726") (v128.const f32x4 nan:arithmetic nan:arithmetic nan:arithmetic nan:arithmetic))
(assert_return (invoke "v128_mul") (v128.const f64x2 nan:arithmetic nan:arithmetic))

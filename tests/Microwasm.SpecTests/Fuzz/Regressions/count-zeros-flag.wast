;; tools/native-diff, fuzz seeds 1101 and 1833 in a NativeAOT executable (microwasm compile
;; --native's code): `(if (i32.ctz x) ...)` and `(i32.eqz (i32.ctz x))` took the wrong branch.
;; ILC compiles for a baseline x64 without BMI1, where a trailing (leading) zero count is a bsf
;; (bsr), whose zero flag says whether the operand was zero, not the count; the branch on the
;; count tested that stale flag, as with the rotates of rotate-zero-flag.wast. The compiler or-s
;; the count with an opaque zero, as it does a rotate, so the compare tests the or's flags.
(module
  (func (export "ctz_eqz") (param i32) (result i32) (i32.eqz (i32.ctz (local.get 0))))
  (func (export "ctz_if") (param i32) (result i32) (if (result i32) (i32.ctz (local.get 0)) (then (i32.const 1)) (else (i32.const 2))))
  (func (export "ctz_br_if") (param i32) (result i32)
    (block (result i32) (br_if 0 (i32.const 10) (i32.ctz (local.get 0))) (drop) (i32.const 20)))
  (func (export "clz_eqz") (param i32) (result i32) (i32.eqz (i32.clz (local.get 0))))
  (func (export "clz_if") (param i32) (result i32) (if (result i32) (i32.clz (local.get 0)) (then (i32.const 1)) (else (i32.const 2))))
  (func (export "ctz_eq") (param i32) (result i32) (i32.eq (i32.ctz (local.get 0)) (i32.const 0)))
  (func (export "i64_ctz_eqz") (param i64) (result i32) (i64.eqz (i64.ctz (local.get 0))))
  (func (export "i64_ctz_if") (param i64) (result i32) (if (result i32) (i32.wrap_i64 (i64.ctz (local.get 0))) (then (i32.const 1)) (else (i32.const 2))))
  (func (export "i64_clz_eqz") (param i64) (result i32) (i64.eqz (i64.clz (local.get 0))))
  (func (export "i64_clz_ne") (param i64) (result i32) (i64.ne (i64.clz (local.get 0)) (i64.const 0)))
)
;; an odd number: no trailing zero, a non-zero operand
(assert_return (invoke "ctz_eqz" (i32.const 7)) (i32.const 1))
(assert_return (invoke "ctz_if" (i32.const 7)) (i32.const 2))
(assert_return (invoke "ctz_br_if" (i32.const 7)) (i32.const 20))
(assert_return (invoke "ctz_eq" (i32.const 7)) (i32.const 1))
(assert_return (invoke "ctz_eqz" (i32.const 8)) (i32.const 0))
(assert_return (invoke "ctz_if" (i32.const 8)) (i32.const 1))
(assert_return (invoke "ctz_br_if" (i32.const 8)) (i32.const 10))
(assert_return (invoke "ctz_eqz" (i32.const 0)) (i32.const 0))
(assert_return (invoke "ctz_if" (i32.const 0)) (i32.const 1))
;; the top bit set: no leading zero, a non-zero operand
(assert_return (invoke "clz_eqz" (i32.const 0x80000000)) (i32.const 1))
(assert_return (invoke "clz_if" (i32.const 0x80000000)) (i32.const 2))
(assert_return (invoke "clz_eqz" (i32.const 1)) (i32.const 0))
(assert_return (invoke "clz_if" (i32.const 0)) (i32.const 1))
(assert_return (invoke "i64_ctz_eqz" (i64.const 0x8000000000000001)) (i32.const 1))
(assert_return (invoke "i64_ctz_if" (i64.const 3)) (i32.const 2))
(assert_return (invoke "i64_ctz_if" (i64.const 0)) (i32.const 1))
(assert_return (invoke "i64_clz_eqz" (i64.const 0x8000000000000000)) (i32.const 1))
(assert_return (invoke "i64_clz_ne" (i64.const 0x8000000000000000)) (i32.const 0))
(assert_return (invoke "i64_clz_ne" (i64.const 1)) (i32.const 1))

;; tools/native-diff, fuzz seed 3674 in a NativeAOT executable (microwasm compile --native's code):
;; a call_indirect of a type with several results has no typed delegate, so compiled code calls
;; the function through slots (CompiledCode.InvokeSlots), whose entry into compiled code is made by
;; reflection where no code can be generated, and that entry refuses several results: the call
;; inside wasm ended in NotSupportedException ("an entry with several results needs run-time code
;; generation") instead of returning. The exports take and return one number, so the host's own
;; call is one the entry can make; what fails is the call inside the module.
(module
  (type $pair (func (param i32) (result i32 i64)))
  (type $quad (func (result f32 f32 f64 f32)))
  (table funcref (elem $split $spread))
  (func $split (type $pair) (i32.add (local.get 0) (i32.const 1)) (i64.extend_i32_u (local.get 0)))
  (func $spread (type $quad) (f32.const 1.5) (f32.const 2.5) (f64.const 4) (f32.const 8))
  (func (export "pair") (param i32) (result i64)
    (local i64)
    (call_indirect (type $pair) (local.get 0) (i32.const 0))
    (local.set 1)
    (i64.extend_i32_u)
    (i64.add (local.get 1)))
  (func (export "quad") (result f64)
    (local f32 f32 f64 f32)
    (call_indirect (type $quad) (i32.const 1))
    (local.set 3) (local.set 2) (local.set 1) (local.set 0)
    (f64.add (local.get 2)
      (f64.promote_f32 (f32.add (local.get 0) (f32.add (local.get 1) (local.get 3))))))
  (func (export "wrong_type") (result i32)
    (call_indirect (type $pair) (i32.const 0) (i32.const 1)) (drop))
)
(assert_return (invoke "pair" (i32.const 41)) (i64.const 83))
(assert_return (invoke "quad") (f64.const 16))
(assert_trap (invoke "wrong_type") "indirect call type mismatch")

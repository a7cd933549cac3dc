;; The module tests/c-api/test_c_api.c drives: every kind of native signature, every value type
;; through both call forms, traps, memory, references.
(module
  (import "env" "n_add" (func $n_add (param i32 i32) (result i32)))
  (import "env" "n_ptr" (func $n_ptr (param i32 i32) (result i32)))        ;; (*~)i
  (import "env" "n_str" (func $n_str (param i32) (result i32)))            ;; ($)i
  (import "env" "n_star" (func $n_star (param i32) (result i32)))          ;; (*)i
  (import "env" "n_float" (func $n_float (param f32 f64) (result f64)))    ;; (fF)F
  (import "env" "n_f32" (func $n_f32 (param f32) (result f32)))            ;; (f)f
  (import "env" "n_i64" (func $n_i64 (param i64) (result i64)))            ;; (I)I
  (import "env" "n_callback" (func $n_callback (param i32) (result i32)))  ;; (i)i, calls "square"
  (import "env" "n_raise" (func $n_raise))                                 ;; (), sets an exception
  (import "env" "n_att" (func $n_att (result i32)))                        ;; ()i, the attachment
  (import "env" "n_many" (func $n_many (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32
                                              f64 f64 f64 f64 f64 f64 f64 f64 f32 f64) (result f64)))
  (import "env" "n_ref" (func $n_ref (param externref) (result externref))) ;; (r)r
  (import "env" "n_nosig" (func $n_nosig (param i32 i64) (result i64)))     ;; NULL signature
  (import "env" "r_add" (func $r_add (param i32 i32) (result i32)))         ;; raw (ii)i
  (import "env" "r_str" (func $r_str (param i32) (result i32)))             ;; raw ($)i
  (import "env" "n_deep" (func $n_deep (param i32) (result i32)))           ;; (i)i, recursion wasm<->native
  (import "env" "n_mem" (func $n_mem (param i32) (result i32)))             ;; (i)i, memory API inside a native

  (memory (export "memory") 1 4)
  (data (i32.const 16) "hello\00")
  (data (i32.const 32) "\01\02\03\04")
  (table 2 funcref)
  (elem (i32.const 0) $square)   ;; element 1 stays null

  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "add64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "addf") (param f32 f32) (result f32) (f32.add (local.get 0) (local.get 1)))
  (func (export "addd") (param f64 f64) (result f64) (f64.add (local.get 0) (local.get 1)))
  (func (export "mixed") (param i32 i64 f32 f64) (result f64)
    (f64.add (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i64_s (local.get 1)))
             (f64.add (f64.promote_f32 (local.get 2)) (local.get 3))))
  (func (export "none"))
  (func (export "two") (result i32 i64) (i32.const 7) (i64.const -8))
  (func $square (export "square") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func (export "unreachable") unreachable)
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func $recurse (export "recurse") (param i32) (result i32) (i32.add (call $recurse (local.get 0)) (i32.const 1)))
  (func (export "oob") (result i32) (i32.load (i32.const 0x7fffffff)))
  (func (export "spin") (loop $forever (br $forever)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "ref_id") (param externref) (result externref) (local.get 0))
  (func (export "takes_funcref") (param funcref))
  (func (export "v128_id") (param v128) (result v128) (local.get 0))

  (func (export "call_n_add") (param i32 i32) (result i32) (call $n_add (local.get 0) (local.get 1)))
  (func (export "call_n_ptr") (param i32 i32) (result i32) (call $n_ptr (local.get 0) (local.get 1)))
  (func (export "call_n_str") (param i32) (result i32) (call $n_str (local.get 0)))
  (func (export "call_n_star") (param i32) (result i32) (call $n_star (local.get 0)))
  (func (export "call_n_float") (param f32 f64) (result f64) (call $n_float (local.get 0) (local.get 1)))
  (func (export "call_n_f32") (param f32) (result f32) (call $n_f32 (local.get 0)))
  (func (export "call_n_i64") (param i64) (result i64) (call $n_i64 (local.get 0)))
  (func (export "call_n_callback") (param i32) (result i32) (call $n_callback (local.get 0)))
  (func (export "call_n_raise") (result i32) (call $n_raise) (i32.const 99))
  (func (export "call_n_att") (result i32) (call $n_att))
  (func (export "call_n_many") (result f64)
    (call $n_many (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5)
                  (i32.const 6) (i32.const 7) (i32.const 8) (i32.const 9) (i32.const 10)
                  (f64.const 0.5) (f64.const 1.5) (f64.const 2.5) (f64.const 3.5)
                  (f64.const 4.5) (f64.const 5.5) (f64.const 6.5) (f64.const 7.5)
                  (f32.const 100.25) (f64.const 1000.125)))
  (func (export "call_n_ref") (param externref) (result externref) (call $n_ref (local.get 0)))
  (func (export "call_n_nosig") (param i32 i64) (result i64) (call $n_nosig (local.get 0) (local.get 1)))
  (func (export "call_r_add") (param i32 i32) (result i32) (call $r_add (local.get 0) (local.get 1)))
  (func (export "call_r_str") (param i32) (result i32) (call $r_str (local.get 0)))
  (func (export "call_n_mem") (param i32) (result i32) (call $n_mem (local.get 0)))
  ;; deep(n): n == 0 ? 0 : 1 + n_deep(n - 1), the native calling deep again
  (func (export "deep") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $n_deep (i32.sub (local.get 0) (i32.const 1))))))))

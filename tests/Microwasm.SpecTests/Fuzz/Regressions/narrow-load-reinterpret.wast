;; Differential fuzz seeds 9246, 9253 and 10423: f32.reinterpret_i32 of a narrow load. RyuJIT
;; (.NET 10, x64) turned the bit cast of an 8- or 16-bit load into a 4-byte float load, so the
;; compiler's f32 got the bytes after the loaded ones (0xB7A9402B instead of 0x0000402B). The
;; compiler now or-s the integer with an opaque zero before the cast (dotnet/runtime#133580).
(module
  (memory 1)
  (data (i32.const 0) "\2b\40\a9\b7\76\70\f2\5a\ff\ff\ff\ff\ff\ff\ff\ff")
  (func (export "l16s") (param i32) (result f32) (f32.reinterpret_i32 (i32.load16_s (local.get 0))))
  (func (export "l16u") (param i32) (result f32) (f32.reinterpret_i32 (i32.load16_u (local.get 0))))
  (func (export "l8u") (param i32) (result f32) (f32.reinterpret_i32 (i32.load8_u (local.get 0))))
  (func (export "l8s") (param i32) (result f32) (f32.reinterpret_i32 (i32.load8_s (local.get 0))))
  (func (export "l32u") (param i32) (result f64) (f64.reinterpret_i64 (i64.load32_u (local.get 0))))
  (func (export "l16u64") (param i32) (result f64) (f64.reinterpret_i64 (i64.load16_u (local.get 0))))
  (func (export "l16s_negative") (param i32) (result f32) (f32.reinterpret_i32 (i32.load16_s (local.get 0))))
  (func (export "l16u_tee") (param i32) (result f32) (local i32)
    (f32.reinterpret_i32 (local.tee 1 (i32.load16_u (local.get 0)))))
)
(assert_return (invoke "l16s" (i32.const 0)) (f32.const 0x402Bp-149))
(assert_return (invoke "l16u" (i32.const 0)) (f32.const 0x402Bp-149))
(assert_return (invoke "l8u" (i32.const 4)) (f32.const 0x76p-149))
(assert_return (invoke "l8s" (i32.const 4)) (f32.const 0x76p-149))
(assert_return (invoke "l16s_negative" (i32.const 8)) (f32.const -nan:0x7fffff))
(assert_return (invoke "l16u_tee" (i32.const 2)) (f32.const 0xB7A9p-149))
(assert_return (invoke "l32u" (i32.const 0)) (f64.const 0xB7A9402Bp-1074))
(assert_return (invoke "l16u64" (i32.const 0)) (f64.const 0x402Bp-1074))

;; A C-style program for wasm_application_execute_main: main(argc, argv) = argc * 100 + argv[1][0].
(module
  (memory (export "memory") 1)
  (func (export "main") (param $argc i32) (param $argv i32) (result i32)
    (i32.add
      (i32.mul (local.get $argc) (i32.const 100))
      (i32.load8_u (i32.load (i32.add (local.get $argv) (i32.const 4)))))))

;; A WASI program for tests/c-api: "argc" reads argc through args_sizes_get; _start exits with 3.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "argc") (result i32)
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (i32.load (i32.const 0)))
  (func (export "_start") (call $proc_exit (i32.const 3))))

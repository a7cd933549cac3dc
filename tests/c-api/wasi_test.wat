;; A WASI program for tests/c-api: "argc" reads argc through args_sizes_get; "hello" writes "hi\n"
;; to stdout; _start exits with 3.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "hi\n")
  (func (export "hello") (result i32)
    (i32.store (i32.const 16) (i32.const 64))
    (i32.store (i32.const 20) (i32.const 3))
    (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24)))
  (func (export "argc") (result i32)
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (i32.load (i32.const 0)))
  (func (export "_start") (call $proc_exit (i32.const 3))))

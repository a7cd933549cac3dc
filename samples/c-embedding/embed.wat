;; The wasm side of samples/c-embedding: what the C host (main.c) calls, and the natives it imports.
;; Rebuild embed.wasm with ./build-wasm.sh (wabt's wat2wasm).
(module
  ;; natives the host registers with wasm_runtime_register_natives
  (import "env" "host_log" (func $host_log (param i32 i32)))        ;; "(*~)": a checked pointer and its length
  (import "env" "host_twice" (func $host_twice (param i32) (result i32))) ;; "(i)i": calls back into wasm

  (memory (export "memory") 1)
  (data (i32.const 16) "fib computed in wasm")

  ;; fib(n), recursively
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else
        (i32.add
          (call $fib (i32.sub (local.get $n) (i32.const 1)))
          (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  ;; logs the string in memory through the host, then returns fib(n)
  (func (export "fib_and_log") (param $n i32) (result i32)
    (call $host_log (i32.const 16) (i32.const 20))
    (call $fib (local.get $n)))

  ;; what the host calls back from host_twice
  (func (export "square") (param $x i32) (result i32)
    (i32.mul (local.get $x) (local.get $x)))

  ;; 1 + host_twice(x): wasm -> native -> wasm
  (func (export "twice_plus_one") (param $x i32) (result i32)
    (i32.add (call $host_twice (local.get $x)) (i32.const 1)))

  ;; traps with "integer divide by zero" when $b is 0
  (func (export "divide") (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))

  ;; the length of the NUL-terminated string at $p (the host puts one there with module malloc)
  (func (export "length") (param $p i32) (result i32)
    (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $n)))

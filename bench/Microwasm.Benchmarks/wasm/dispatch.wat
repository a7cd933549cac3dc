;; Small loops, one per kind of work the interpreter's dispatch loop must do well. Each takes an
;; iteration count and returns a value that depends on every iteration.
(module
  (memory 1)

  ;; i32 arithmetic, bitwise operators and a counted loop.
  (func (export "arith") (param $n i32) (result i32)
    (local $i i32) (local $h i32)
    (local.set $h (i32.const 5381))
    (loop $next
      (local.set $h (i32.xor (i32.add (i32.mul (local.get $h) (i32.const 33)) (local.get $i))
                             (i32.shr_u (local.get $h) (i32.const 7))))
      (local.set $h (i32.rotl (local.get $h) (i32.and (local.get $i) (i32.const 15))))
      (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $h))

  ;; loads and stores over a 4 KiB array of i32, indexed as base + (i << 2).
  (func (export "memory") (param $n i32) (result i32)
    (local $i i32) (local $j i32) (local $s i32)
    (loop $next
      (local.set $j (i32.and (local.get $i) (i32.const 1023)))
      (i32.store offset=16 (i32.shl (local.get $j) (i32.const 2))
        (i32.add (i32.load offset=16 (i32.shl (local.get $j) (i32.const 2))) (local.get $i)))
      (local.set $s (i32.add (local.get $s)
        (i32.load8_u (i32.add (local.get $j) (i32.const 100)))))
      (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $s))

  (func $step (param $a i32) (param $b i32) (result i32)
    (i32.add (i32.mul (local.get $a) (i32.const 3)) (local.get $b)))

  ;; a small function called every iteration.
  (func (export "calls") (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (loop $next
      (local.set $s (call $step (local.get $s) (local.get $i)))
      (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $s))

  ;; a switch compiled to br_table, as a bytecode VM's dispatch is.
  (func (export "brtable") (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (loop $next
      (block $d (block $c3 (block $c2 (block $c1 (block $c0
        (br_table $c0 $c1 $c2 $c3 $d (i32.rem_u (i32.mul (local.get $i) (i32.const 7)) (i32.const 5))))
        (local.set $s (i32.add (local.get $s) (i32.const 1))) (br $d))
        (local.set $s (i32.xor (local.get $s) (local.get $i))) (br $d))
        (local.set $s (i32.sub (local.get $s) (i32.const 3))) (br $d))
        (local.set $s (i32.shl (local.get $s) (i32.const 1))))
      (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $s))

  ;; i64 operators with constants (xorshift64*), a bit count and an i64 loop bound.
  (func (export "i64") (param $n i32) (result i64)
    (local $i i64) (local $x i64) (local $c i64)
    (local.set $x (i64.const 88172645463325252))
    (loop $next
      (local.set $x (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 12))))
      (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 25))))
      (local.set $x (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 27))))
      (local.set $c (i64.add (local.get $c) (i64.popcnt (i64.mul (local.get $x) (i64.const 2685821657736338717)))))
      (br_if $next (i64.lt_u (local.tee $i (i64.add (local.get $i) (i64.const 1))) (i64.extend_i32_u (local.get $n)))))
    (local.get $c))

  ;; f64 multiply-add and a compare-and-branch on doubles (a Mandelbrot-style escape test).
  (func (export "f64") (param $n i32) (result i32)
    (local $i i32) (local $x f64) (local $y f64) (local $t f64) (local $k i32)
    (loop $next
      (local.set $t (f64.add (f64.sub (f64.mul (local.get $x) (local.get $x)) (f64.mul (local.get $y) (local.get $y))) (f64.const -0.75)))
      (local.set $y (f64.add (f64.mul (f64.mul (local.get $x) (local.get $y)) (f64.const 2)) (f64.const 0.1)))
      (local.set $x (local.get $t))
      (if (f64.gt (f64.add (f64.mul (local.get $x) (local.get $x)) (f64.mul (local.get $y) (local.get $y))) (f64.const 4))
        (then
          (local.set $x (f64.const 0))
          (local.set $y (f64.const 0))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))))
      (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $k))

  ;; c[i] += a * b[i] over 512 doubles and 512 floats (matmul's inner loop): float operators
  ;; with their loads, stores, several pointers advanced per iteration and a count-down branch.
  (func (export "axpy") (param $n i32) (result i32)
    (local $pb i32) (local $pc i32) (local $pfb i32) (local $pfc i32) (local $k i32) (local $r i32)
    ;; b = 32.5... (bytes 0x40), c = 0; fb = 3.0039..., fc = 0
    (memory.fill (i32.const 0) (i32.const 0x40) (i32.const 4096))
    (memory.fill (i32.const 4096) (i32.const 0) (i32.const 4096))
    (memory.fill (i32.const 8192) (i32.const 0x40) (i32.const 2048))
    (memory.fill (i32.const 10240) (i32.const 0) (i32.const 2048))
    (loop $round
      (local.set $pb (i32.const 0))
      (local.set $pc (i32.const 4096))
      (local.set $pfb (i32.const 8192))
      (local.set $pfc (i32.const 10240))
      (local.set $k (i32.const 512))
      (loop $next
        (f64.store (local.get $pc) (f64.add (f64.mul (f64.const 1.5) (f64.load (local.get $pb))) (f64.load (local.get $pc))))
        (f32.store (local.get $pfc) (f32.add (f32.mul (f32.const 0.5) (f32.load (local.get $pfb))) (f32.load (local.get $pfc))))
        (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
        (local.set $pfb (i32.add (local.get $pfb) (i32.const 4)))
        (local.set $pc (i32.add (local.get $pc) (i32.const 8)))
        (local.set $pfc (i32.add (local.get $pfc) (i32.const 4)))
        (br_if $next (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
      (br_if $round (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 512))) (local.get $n))))
    (i32.trunc_f64_s (f64.add (f64.load (i32.const 4096)) (f64.promote_f32 (f32.load (i32.const 10240))))))

  ;; strlen over a 63-byte string, byte by byte (libc's string loops): a load feeding a branch.
  (func (export "bytes") (param $n i32) (result i32)
    (local $p i32) (local $i i32) (local $s i32)
    (memory.fill (i32.const 16384) (i32.const 97) (i32.const 63))
    (i32.store8 (i32.const 16447) (i32.const 0))
    (loop $round
      (local.set $p (i32.const 16384))
      (block $end (loop $next
        (br_if $end (i32.eqz (i32.load8_u (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next)))
      (local.set $s (i32.add (local.get $s) (i32.sub (local.get $p) (i32.const 16384))))
      (br_if $round (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 64))) (local.get $n))))
    (local.get $s)))

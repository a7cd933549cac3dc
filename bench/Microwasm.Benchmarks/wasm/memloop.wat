;; Loads and stores over a 64 KiB buffer, `rounds` times: measures memory access cost.
(module
  (memory (export "memory") 1)
  (func (export "memloop") (param $rounds i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $round
      (local.set $i (i32.const 0))
      (loop $inner
        ;; mem[i] = mem[i] + i ; sum += mem[i]
        (i32.store (local.get $i) (i32.add (i32.load (local.get $i)) (local.get $i)))
        (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $inner (i32.lt_u (local.get $i) (i32.const 65536))))
      (local.set $rounds (i32.sub (local.get $rounds) (i32.const 1)))
      (br_if $round (i32.gt_s (local.get $rounds) (i32.const 0))))
    (local.get $sum)))

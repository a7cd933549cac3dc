;; A tiny state machine driven by br_table: measures switch-style dispatch.
(module
  (func (export "brtable") (param $steps i32) (result i32)
    (local $state i32) (local $acc i32)
    (loop $next
      (block $done
        (block $s7 (block $s6 (block $s5 (block $s4 (block $s3 (block $s2 (block $s1 (block $s0
          (br_table $s0 $s1 $s2 $s3 $s4 $s5 $s6 $s7 (local.get $state)))
          (local.set $acc (i32.add (local.get $acc) (i32.const 1))) (br $done))
          (local.set $acc (i32.xor (local.get $acc) (i32.const 0x55))) (br $done))
          (local.set $acc (i32.shl (local.get $acc) (i32.const 1))) (br $done))
          (local.set $acc (i32.sub (local.get $acc) (i32.const 3))) (br $done))
          (local.set $acc (i32.mul (local.get $acc) (i32.const 5))) (br $done))
          (local.set $acc (i32.shr_u (local.get $acc) (i32.const 1))) (br $done))
          (local.set $acc (i32.or (local.get $acc) (i32.const 0x100))) (br $done))
          (local.set $acc (i32.rotl (local.get $acc) (i32.const 3))))
      ;; next state depends on the accumulator, so the branch is not predictable from the loop alone
      (local.set $state (i32.and (i32.add (local.get $state) (i32.add (i32.const 1) (i32.and (local.get $acc) (i32.const 1)))) (i32.const 7)))
      (local.set $steps (i32.sub (local.get $steps) (i32.const 1)))
      (br_if $next (i32.gt_s (local.get $steps) (i32.const 0))))
    (local.get $acc)))

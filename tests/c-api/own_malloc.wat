;; Exports its own malloc and free (a bump allocator): module malloc calls them when there is no app heap.
(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))
  (func (export "malloc") (param i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $next))
    (if (i32.eq (local.get 0) (i32.const 13)) (then unreachable))
    (global.set $next (i32.add (global.get $next) (local.get 0)))
    (local.get $p))
  (func (export "free") (param i32)))

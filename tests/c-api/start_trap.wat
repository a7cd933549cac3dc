;; Its start function traps: instantiation fails with the trap in the error buffer.
(module (func $start unreachable) (start $start))

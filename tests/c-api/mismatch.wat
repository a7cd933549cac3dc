;; Imports env.n_add with another type than the native's signature "(ii)i".
(module (import "env" "n_add" (func (param i64) (result i32))))

;; Imports a function no native provides.
(module (import "env" "no_such_native" (func)))

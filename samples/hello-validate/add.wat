;; The smallest useful module: one exported function that adds two i32 values.
;; Rebuild add.wasm with: wat2wasm --debug-names add.wat -o add.wasm
(module
  (func $add (export "add") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add))

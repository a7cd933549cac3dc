/*
 * tests/c-api/layout.c: prints the layout of the structs and the values of the enums a C host
 * shares with the runtime. tools/capi.sh compiles it against include/wasm_export.h and against
 * WAMR's own header and compares the two outputs: a host built for WAMR passes the same bytes.
 */
#include <stddef.h>
#include <stdio.h>

#include "wasm_export.h"

#define FIELD(type, field) printf("%s.%s: offset %zu size %zu\n", #type, #field, offsetof(type, field), sizeof(((type *)0)->field))
#define SIZE(type) printf("sizeof(%s) = %zu\n", #type, sizeof(type))
#define VALUE(name) printf("%s = %ld\n", #name, (long)(name))

int
main(void)
{
    SIZE(NativeSymbol);
    FIELD(NativeSymbol, symbol);
    FIELD(NativeSymbol, func_ptr);
    FIELD(NativeSymbol, signature);
    FIELD(NativeSymbol, attachment);

    SIZE(RuntimeInitArgs);
    FIELD(RuntimeInitArgs, mem_alloc_type);
    FIELD(RuntimeInitArgs, mem_alloc_option);
    FIELD(RuntimeInitArgs, mem_alloc_option.pool.heap_buf);
    FIELD(RuntimeInitArgs, mem_alloc_option.pool.heap_size);
    FIELD(RuntimeInitArgs, native_module_name);
    FIELD(RuntimeInitArgs, native_symbols);
    FIELD(RuntimeInitArgs, n_native_symbols);
    FIELD(RuntimeInitArgs, max_thread_num);
    FIELD(RuntimeInitArgs, ip_addr);
    FIELD(RuntimeInitArgs, instance_port);
    FIELD(RuntimeInitArgs, fast_jit_code_cache_size);
    FIELD(RuntimeInitArgs, gc_heap_size);
    FIELD(RuntimeInitArgs, running_mode);
    FIELD(RuntimeInitArgs, llvm_jit_opt_level);
    FIELD(RuntimeInitArgs, llvm_jit_size_level);
    FIELD(RuntimeInitArgs, segue_flags);
    FIELD(RuntimeInitArgs, enable_linux_perf);

    SIZE(MemAllocOption);
    SIZE(mem_alloc_info_t);
    FIELD(mem_alloc_info_t, total_size);
    FIELD(mem_alloc_info_t, total_free_size);
    FIELD(mem_alloc_info_t, highmark_size);

    SIZE(wasm_val_t);
    FIELD(wasm_val_t, kind);
    FIELD(wasm_val_t, of);
    FIELD(wasm_val_t, of.i32);
    FIELD(wasm_val_t, of.i64);
    FIELD(wasm_val_t, of.f32);
    FIELD(wasm_val_t, of.f64);
    FIELD(wasm_val_t, of.foreign);
    SIZE(wasm_valkind_t);

    VALUE(Alloc_With_Pool);
    VALUE(Alloc_With_Allocator);
    VALUE(Alloc_With_System_Allocator);
    VALUE(Mode_Interp);
    VALUE(Mode_Fast_JIT);
    VALUE(Mode_LLVM_JIT);
    VALUE(Mode_Multi_Tier_JIT);
    VALUE(Wasm_Module_Bytecode);
    VALUE(Wasm_Module_AoT);
    VALUE(Package_Type_Unknown);
    VALUE(WASM_I32);
    VALUE(WASM_I64);
    VALUE(WASM_F32);
    VALUE(WASM_F64);
    VALUE(WASM_FUNCREF);
    SIZE(package_type_t);
    SIZE(RunningMode);
    SIZE(mem_alloc_type_t);
    return 0;
}

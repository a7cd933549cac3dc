/*
 * wasm_export.h: WAMR's C embedding API as libmicrowasm provides it.
 *
 * Every declaration here has WAMR 2.x's name, parameter and result types and struct layout
 * (WAMR 2.4.1's core/iwasm/include/wasm_export.h), so a host program written for WAMR compiles
 * unchanged and links against Microwasm with -lmicrowasm instead of -liwasm (-lvmlib). Functions
 * libmicrowasm does not provide are not declared: a host that uses one fails to compile or link
 * instead of calling a stub. The semantics, and where they differ from WAMR's, are in
 * docs/c-api.md; the comments below are a summary. The text is Microwasm's own.
 *
 * Handles (wasm_module_t, wasm_module_inst_t, wasm_exec_env_t, wasm_function_inst_t,
 * wasm_func_type_t) are opaque numbers, not pointers to WAMR's structs. A NULL, stale (unloaded,
 * deinstantiated, destroyed) or foreign handle is an error (NULL, false, 0, or nothing done),
 * never a crash.
 */
#ifndef _WASM_EXPORT_H
#define _WASM_EXPORT_H

#include <stdint.h>
#include <stdbool.h>
#include "lib_export.h"

#ifndef WASM_RUNTIME_API_EXTERN
#if defined(__GNUC__) || defined(__clang__)
#define WASM_RUNTIME_API_EXTERN __attribute__((visibility("default")))
#else
#define WASM_RUNTIME_API_EXTERN
#endif
#endif

/* This header is Microwasm's (a host may test for it). */
#define MICROWASM_WASM_EXPORT_H 1

#ifdef __cplusplus
extern "C" {
#endif

/* Shorthands for native functions, which have a variable named module_inst in scope. */
#define get_module_inst(exec_env) wasm_runtime_get_module_inst(exec_env)
#define validate_app_addr(offset, size) wasm_runtime_validate_app_addr(module_inst, offset, size)
#define validate_app_str_addr(offset) wasm_runtime_validate_app_str_addr(module_inst, offset)
#define addr_app_to_native(offset) wasm_runtime_addr_app_to_native(module_inst, offset)
#define addr_native_to_app(ptr) wasm_runtime_addr_native_to_app(module_inst, ptr)
#define module_malloc(size, p_native_addr) wasm_runtime_module_malloc(module_inst, size, p_native_addr)
#define module_free(offset) wasm_runtime_module_free(module_inst, offset)

/* Raw natives (wasm_runtime_register_natives_raw): arguments are read from, and the result
 * written to, an array of 64-bit cells. */
#define native_raw_return_type(type, args) type *raw_ret = (type *)(args)
#define native_raw_get_arg(type, name, args) type name = *((type *)(args++))
#define native_raw_set_return(val) *raw_ret = (val)

#ifndef WASM_MODULE_T_DEFINED
#define WASM_MODULE_T_DEFINED
/* A loaded (decoded, validated, compiled) module. */
struct WASMModuleCommon;
typedef struct WASMModuleCommon *wasm_module_t;
#endif

typedef enum {
    WASM_IMPORT_EXPORT_KIND_FUNC,
    WASM_IMPORT_EXPORT_KIND_TABLE,
    WASM_IMPORT_EXPORT_KIND_MEMORY,
    WASM_IMPORT_EXPORT_KIND_GLOBAL
} wasm_import_export_kind_t;

/* A function type (wasm_func_type_get_*); table, global and memory types are not provided:
 * their union members are NULL in wasm_import_t and wasm_export_t. */
struct WASMFuncType;
typedef struct WASMFuncType *wasm_func_type_t;
struct WASMTableType;
typedef struct WASMTableType *wasm_table_type_t;
struct WASMGlobalType;
typedef struct WASMGlobalType *wasm_global_type_t;
#ifndef WASM_MEMORY_T_DEFINED
#define WASM_MEMORY_T_DEFINED
struct WASMMemory;
typedef struct WASMMemory WASMMemoryType;
#endif
typedef WASMMemoryType *wasm_memory_type_t;

typedef struct wasm_import_t {
    const char *module_name;
    const char *name;
    wasm_import_export_kind_t kind;
    bool linked;
    union {
        wasm_func_type_t func_type;
        wasm_table_type_t table_type;
        wasm_global_type_t global_type;
        wasm_memory_type_t memory_type;
    } u;
} wasm_import_t;

typedef struct wasm_export_t {
    const char *name;
    wasm_import_export_kind_t kind;
    union {
        wasm_func_type_t func_type;
        wasm_table_type_t table_type;
        wasm_global_type_t global_type;
        wasm_memory_type_t memory_type;
    } u;
} wasm_export_t;

/* An instance of a module. */
struct WASMModuleInstanceCommon;
typedef struct WASMModuleInstanceCommon *wasm_module_inst_t;

/* An exported function of an instance. */
typedef void WASMFunctionInstanceCommon;
typedef WASMFunctionInstanceCommon *wasm_function_inst_t;

/* A linear memory of an instance. */
struct WASMMemoryInstance;
typedef struct WASMMemoryInstance *wasm_memory_inst_t;

/* What calls run with: the instance, user data, and while a native runs, its attachment. */
struct WASMExecEnv;
typedef struct WASMExecEnv *wasm_exec_env_t;

typedef enum {
    Wasm_Module_Bytecode = 0,
    Wasm_Module_AoT,
    Package_Type_Unknown = 0xFFFF
} package_type_t;

#ifndef MEM_ALLOC_OPTION_DEFINED
#define MEM_ALLOC_OPTION_DEFINED
/* How the runtime gets memory. libmicrowasm takes Alloc_With_System_Allocator, and
 * Alloc_With_Pool as a budget: see RuntimeInitArgs. Alloc_With_Allocator is refused. */
typedef enum {
    Alloc_With_Pool = 0,
    Alloc_With_Allocator,
    Alloc_With_System_Allocator,
} mem_alloc_type_t;

typedef enum { Alloc_For_Runtime, Alloc_For_LinearMemory } mem_alloc_usage_t;

typedef union MemAllocOption {
    struct {
        void *heap_buf;
        uint32_t heap_size;
    } pool;
    struct {
        void *malloc_func;
        void *realloc_func;
        void *free_func;
        void *user_data;
    } allocator;
} MemAllocOption;
#endif

/* The pool's use (wasm_runtime_get_mem_alloc_info). */
typedef struct mem_alloc_info_t {
    uint32_t total_size;
    uint32_t total_free_size;
    uint32_t highmark_size;
} mem_alloc_info_t;

/* How modules run. libmicrowasm has the interpreter only. */
typedef enum RunningMode {
    Mode_Interp = 1,
    Mode_Fast_JIT,
    Mode_LLVM_JIT,
    Mode_Multi_Tier_JIT,
} RunningMode;

/* wasm_runtime_full_init's arguments. Read here: mem_alloc_type and mem_alloc_option.pool;
 * native_module_name, native_symbols and n_native_symbols (registered as by
 * wasm_runtime_register_natives); running_mode (0 or Mode_Interp, anything else fails). The other
 * fields are for WAMR's JITs, threads and debugger, and are ignored.
 *
 * With Alloc_With_Pool, heap_buf must be non-NULL and heap_size non-zero; Microwasm never writes
 * to the buffer (its memory comes from .NET and mmap) but uses heap_size as a budget: each loaded
 * module is charged its binary's size, each instance the size of its linear memory as
 * instantiated (app heap included), and a load or instantiation that does not fit fails with
 * "allocate memory failed" in its error buffer. Memory an instance grows later is not charged. */
typedef struct RuntimeInitArgs {
    mem_alloc_type_t mem_alloc_type;
    MemAllocOption mem_alloc_option;

    const char *native_module_name;
    NativeSymbol *native_symbols;
    uint32_t n_native_symbols;

    uint32_t max_thread_num;

    char ip_addr[128];
    int unused;
    int instance_port;

    uint32_t fast_jit_code_cache_size;
    uint32_t gc_heap_size;

    RunningMode running_mode;

    uint32_t llvm_jit_opt_level;
    uint32_t llvm_jit_size_level;
    uint32_t segue_flags;
    bool enable_linux_perf;
} RuntimeInitArgs;

#ifndef WASM_VALKIND_T_DEFINED
#define WASM_VALKIND_T_DEFINED
typedef uint8_t wasm_valkind_t;
enum wasm_valkind_enum {
    WASM_I32,
    WASM_I64,
    WASM_F32,
    WASM_F64,
    WASM_V128,
    WASM_EXTERNREF = 128,
    WASM_FUNCREF,
};
#endif

#ifndef WASM_VAL_T_DEFINED
#define WASM_VAL_T_DEFINED
struct wasm_ref_t;

/* A typed value for wasm_runtime_call_wasm_a: i32, i64, f32, f64, or an externref carried as
 * a pointer-sized host value in of.foreign (0 is the null reference). */
typedef struct wasm_val_t {
    wasm_valkind_t kind;
    uint8_t _paddings[7];
    union {
        int32_t i32;
        int64_t i64;
        float f32;
        double f64;
        uintptr_t foreign;
        struct wasm_ref_t *ref;
    } of;
} wasm_val_t;
#endif

/* ---- The runtime ---------------------------------------------------------------------- */

/* Starts the runtime with the system allocator. Counted: every successful init needs its
 * wasm_runtime_destroy; the first init's settings stay until the last destroy. */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_init(void);

/* Starts the runtime with init_args (see RuntimeInitArgs); false for NULL, Alloc_With_Allocator,
 * a pool without buffer or size, a running mode other than the interpreter, or a malformed
 * native table. */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_full_init(RuntimeInitArgs *init_args);

WASM_RUNTIME_API_EXTERN bool
wasm_runtime_is_running_mode_supported(RunningMode running_mode);

WASM_RUNTIME_API_EXTERN bool
wasm_runtime_set_default_running_mode(RunningMode running_mode);

/* Ends one init. The last one forgets every native and makes every handle stale (instances are
 * freed); a destroy without an init does nothing. */
WASM_RUNTIME_API_EXTERN void
wasm_runtime_destroy(void);

/* Memory for the host from the runtime: the system allocator, charged to the pool budget in pool
 * mode. NULL when the runtime is not initialised or the pool has no room; a size of 0 allocates
 * 1 byte. wasm_runtime_free ignores NULL and pointers that are not live blocks (freed already,
 * or not from here); wasm_runtime_realloc returns NULL for those. */
WASM_RUNTIME_API_EXTERN void *
wasm_runtime_malloc(unsigned int size);

WASM_RUNTIME_API_EXTERN void *
wasm_runtime_realloc(void *ptr, unsigned int size);

WASM_RUNTIME_API_EXTERN void
wasm_runtime_free(void *ptr);

/* The pool's total, free and highest used bytes; false unless the runtime runs with a pool. */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_get_mem_alloc_info(mem_alloc_info_t *mem_alloc_info);

/* Wasm_Module_Bytecode for "\0asm", Wasm_Module_AoT for "\0aot" (which libmicrowasm cannot
 * load), Package_Type_Unknown otherwise or for NULL. */
WASM_RUNTIME_API_EXTERN package_type_t
get_package_type(const uint8_t *buf, uint32_t size);

WASM_RUNTIME_API_EXTERN package_type_t
wasm_runtime_get_file_package_type(const uint8_t *buf, uint32_t size);

/* ---- Modules --------------------------------------------------------------------------- */

/* Decodes, validates and compiles a wasm binary. The bytes are copied: the caller may free buf
 * afterwards. NULL on failure, with "WASM module load failed: <reason>" in error_buf (cut to
 * error_buf_size, always NUL-terminated; nothing is written when error_buf is NULL or the size
 * is 0). */
WASM_RUNTIME_API_EXTERN wasm_module_t
wasm_runtime_load(uint8_t *buf, uint32_t size, char *error_buf, uint32_t error_buf_size);

/* Frees a module. Its instances keep working; its handle is stale afterwards. */
WASM_RUNTIME_API_EXTERN void
wasm_runtime_unload(wasm_module_t module);

/* WASI settings for the module's later instantiations: pre-opened directories (dir_list, the
 * same path inside and outside; map_dir_list, "guest::host"), environment ("NAME=value") and
 * arguments (argv[0] is the program name). Without it a WASI program gets no arguments, no
 * environment and no directories. */
WASM_RUNTIME_API_EXTERN void
wasm_runtime_set_wasi_args(wasm_module_t module, const char *dir_list[], uint32_t dir_count,
                           const char *map_dir_list[], uint32_t map_dir_count,
                           const char *env[], uint32_t env_count, char *argv[], int argc);

/* As wasm_runtime_set_wasi_args, and the host file descriptors behind the guest's stdin, stdout
 * and stderr (-1: the process's own). The runtime does not close them. On a descriptor open on a
 * regular file, the guest writes at the runtime's own position (pwrite), not the descriptor's. */
WASM_RUNTIME_API_EXTERN void
wasm_runtime_set_wasi_args_ex(wasm_module_t module, const char *dir_list[], uint32_t dir_count,
                              const char *map_dir_list[], uint32_t map_dir_count,
                              const char *env[], uint32_t env_count, char *argv[], int argc,
                              int64_t stdinfd, int64_t stdoutfd, int64_t stderrfd);

/* Imports and exports, in module order; -1 for a bad module. The strings and function types in
 * the entries live until the module is unloaded; an index out of range, or a bad module, gives
 * a zeroed entry. linked says whether a registered native (or WASI) provides a function. */
WASM_RUNTIME_API_EXTERN int32_t
wasm_runtime_get_import_count(const wasm_module_t module);

WASM_RUNTIME_API_EXTERN void
wasm_runtime_get_import_type(const wasm_module_t module, int32_t import_index,
                             wasm_import_t *import_type);

WASM_RUNTIME_API_EXTERN int32_t
wasm_runtime_get_export_count(const wasm_module_t module);

WASM_RUNTIME_API_EXTERN void
wasm_runtime_get_export_type(const wasm_module_t module, int32_t export_index,
                             wasm_export_t *export_type);

/* Function types: 0 counts for a bad type; a bad type or index gives the kind 0xFF. */
WASM_RUNTIME_API_EXTERN uint32_t
wasm_func_type_get_param_count(const wasm_func_type_t func_type);

WASM_RUNTIME_API_EXTERN wasm_valkind_t
wasm_func_type_get_param_valkind(const wasm_func_type_t func_type, uint32_t param_index);

WASM_RUNTIME_API_EXTERN uint32_t
wasm_func_type_get_result_count(const wasm_func_type_t func_type);

WASM_RUNTIME_API_EXTERN wasm_valkind_t
wasm_func_type_get_result_valkind(const wasm_func_type_t func_type, uint32_t result_index);

/* The content of the first custom section called name, and its length in *len; NULL if there is
 * none. Valid until the module is unloaded. */
WASM_RUNTIME_API_EXTERN const uint8_t *
wasm_runtime_get_custom_section(const wasm_module_t module_comm, const char *name, uint32_t *len);

/* ---- Instances ------------------------------------------------------------------------- */

/* Instantiates a module: links its imports (registered natives first, then WASI and WAMR's
 * builtin libc), creates an app heap of host_managed_heap_size bytes in its memory (0: none) and
 * runs its start function. default_stack_size is accepted and not used: Microwasm's own limits
 * apply (50,000 nested calls, 1 Mi value slots). NULL on failure, with
 * "WASM module instantiate failed: <reason>" in error_buf: an import no native provides, or whose
 * native's signature does not match the import's type, is such a failure (WAMR instantiates and
 * fails the call later). */
WASM_RUNTIME_API_EXTERN wasm_module_inst_t
wasm_runtime_instantiate(const wasm_module_t module, uint32_t default_stack_size,
                         uint32_t host_managed_heap_size, char *error_buf,
                         uint32_t error_buf_size);

WASM_RUNTIME_API_EXTERN bool
wasm_runtime_set_running_mode(wasm_module_inst_t module_inst, RunningMode running_mode);

WASM_RUNTIME_API_EXTERN RunningMode
wasm_runtime_get_running_mode(wasm_module_inst_t module_inst);

/* Frees an instance; its handle, exec envs and function handles are stale afterwards. */
WASM_RUNTIME_API_EXTERN void
wasm_runtime_deinstantiate(wasm_module_inst_t module_inst);

/* The module an instance came from (NULL once it was unloaded). */
WASM_RUNTIME_API_EXTERN wasm_module_t
wasm_runtime_get_module(wasm_module_inst_t module_inst);

WASM_RUNTIME_API_EXTERN bool
wasm_runtime_is_wasi_mode(wasm_module_inst_t module_inst);

WASM_RUNTIME_API_EXTERN wasm_function_inst_t
wasm_runtime_lookup_wasi_start_function(wasm_module_inst_t module_inst);

/* The status a WASI program passed to proc_exit (its call failed with "wasi proc exit"). */
WASM_RUNTIME_API_EXTERN uint32_t
wasm_runtime_get_wasi_exit_code(wasm_module_inst_t module_inst);

/* An exported function by name; NULL if there is none (or for NULL arguments). */
WASM_RUNTIME_API_EXTERN wasm_function_inst_t
wasm_runtime_lookup_function(const wasm_module_inst_t module_inst, const char *name);

WASM_RUNTIME_API_EXTERN uint32_t
wasm_func_get_param_count(const wasm_function_inst_t func_inst,
                          const wasm_module_inst_t module_inst);

WASM_RUNTIME_API_EXTERN uint32_t
wasm_func_get_result_count(const wasm_function_inst_t func_inst,
                           const wasm_module_inst_t module_inst);

WASM_RUNTIME_API_EXTERN void
wasm_func_get_param_types(const wasm_function_inst_t func_inst,
                          const wasm_module_inst_t module_inst, wasm_valkind_t *param_types);

WASM_RUNTIME_API_EXTERN void
wasm_func_get_result_types(const wasm_function_inst_t func_inst,
                           const wasm_module_inst_t module_inst, wasm_valkind_t *result_types);

/* An exec env for calls into module_inst; stack_size is recorded, not used (see instantiate). */
WASM_RUNTIME_API_EXTERN wasm_exec_env_t
wasm_runtime_create_exec_env(wasm_module_inst_t module_inst, uint32_t stack_size);

/* Frees an exec env; the instance's singleton is not freed this way. */
WASM_RUNTIME_API_EXTERN void
wasm_runtime_destroy_exec_env(wasm_exec_env_t exec_env);

/* The instance's own exec env, made on first use and freed with the instance. */
WASM_RUNTIME_API_EXTERN wasm_exec_env_t
wasm_runtime_get_exec_env_singleton(wasm_module_inst_t module_inst);

/* Any thread may use the runtime; these record what the host said and do nothing else. */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_init_thread_env(void);

WASM_RUNTIME_API_EXTERN void
wasm_runtime_destroy_thread_env(void);

WASM_RUNTIME_API_EXTERN bool
wasm_runtime_thread_env_inited(void);

WASM_RUNTIME_API_EXTERN wasm_module_inst_t
wasm_runtime_get_module_inst(wasm_exec_env_t exec_env);

WASM_RUNTIME_API_EXTERN void
wasm_runtime_set_module_inst(wasm_exec_env_t exec_env, const wasm_module_inst_t module_inst);

/* ---- Calls ----------------------------------------------------------------------------- */

/* Calls function with its arguments in argv as 32-bit cells (i32 and f32 one cell, i64 and f64
 * two, low half first); the results replace them from argv[0]. argc counts the argument cells and
 * must be at least what the parameters take. False when the call fails: the reason is the
 * instance's exception ("Exception: <trap>"). An instance whose exception is set runs nothing
 * until it is cleared. Functions taking or returning references need wasm_runtime_call_wasm_a. */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_call_wasm(wasm_exec_env_t exec_env, wasm_function_inst_t function, uint32_t argc,
                       uint32_t argv[]);

/* Calls the function at element_index of the instance's table 0, as wasm_runtime_call_wasm (a
 * native calling a function "pointer" wasm gave it). The exception is "undefined element" past the
 * table's end, "uninitialized element" for a null entry. */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_call_indirect(wasm_exec_env_t exec_env, uint32_t element_index, uint32_t argc,
                           uint32_t argv[]);

/* Calls function with typed arguments; num_args and num_results must be the function's counts
 * and each argument's kind its parameter's type (v128 and funcref are not carried). */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_call_wasm_a(wasm_exec_env_t exec_env, wasm_function_inst_t function,
                         uint32_t num_results, wasm_val_t results[], uint32_t num_args,
                         wasm_val_t *args);

/* Runs the program's entry point on the instance's singleton exec env: a WASI command's _start
 * (proc_exit counts as success; see wasm_runtime_get_wasi_exit_code), or else main,
 * __main_argc_argv or _main, of type () or (i32, i32) with an optional i32 result, given argc and
 * argv copied into the app heap (which it needs then); the result replaces *(int *)argv. False
 * with the reason in the instance's exception. */
WASM_RUNTIME_API_EXTERN bool
wasm_application_execute_main(wasm_module_inst_t module_inst, int32_t argc, char *argv[]);

/* The instance's exception, "Exception: <text>", or NULL when there is none. The string stays
 * valid until the exception changes or the instance is freed. */
WASM_RUNTIME_API_EXTERN const char *
wasm_runtime_get_exception(wasm_module_inst_t module_inst);

/* Sets the exception to "Exception: <exception>" (NULL clears it). A native that sets it makes
 * the wasm code that called it trap with it when the native returns. */
WASM_RUNTIME_API_EXTERN void
wasm_runtime_set_exception(wasm_module_inst_t module_inst, const char *exception);

WASM_RUNTIME_API_EXTERN void
wasm_runtime_clear_exception(wasm_module_inst_t module_inst);

/* Sets the exception "Exception: terminated by user"; wasm running on another thread traps with
 * it at its next loop iteration or call (a native that blocks is not woken). */
WASM_RUNTIME_API_EXTERN void
wasm_runtime_terminate(wasm_module_inst_t module_inst);

WASM_RUNTIME_API_EXTERN void
wasm_runtime_set_custom_data(wasm_module_inst_t module_inst, void *custom_data);

WASM_RUNTIME_API_EXTERN void *
wasm_runtime_get_custom_data(wasm_module_inst_t module_inst);

/* ---- Memory ---------------------------------------------------------------------------- */

/* Allocates size bytes in the instance's app heap (or, without one, with the module's exported
 * malloc) and returns the block's app address, 0 if there is no room; *p_native_addr receives
 * the block's native address (NULL on failure). */
WASM_RUNTIME_API_EXTERN uint64_t
wasm_runtime_module_malloc(wasm_module_inst_t module_inst, uint64_t size, void **p_native_addr);

/* Frees a block from wasm_runtime_module_malloc; an address that is not one is ignored. */
WASM_RUNTIME_API_EXTERN void
wasm_runtime_module_free(wasm_module_inst_t module_inst, uint64_t ptr);

/* Copies size bytes from src into a new block; its app address, or 0. */
WASM_RUNTIME_API_EXTERN uint64_t
wasm_runtime_module_dup_data(wasm_module_inst_t module_inst, const char *src, uint64_t size);

/* True if [app_offset, app_offset + size) lies in the default memory; otherwise false and the
 * instance's exception becomes "Exception: out of bounds memory access". */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_validate_app_addr(wasm_module_inst_t module_inst, uint64_t app_offset, uint64_t size);

/* True if a NUL-terminated string starts at app_str_offset and ends inside the memory; otherwise
 * as wasm_runtime_validate_app_addr. */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_validate_app_str_addr(wasm_module_inst_t module_inst, uint64_t app_str_offset);

/* True if [native_ptr, native_ptr + size) lies in the default memory; otherwise as
 * wasm_runtime_validate_app_addr. */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_validate_native_addr(wasm_module_inst_t module_inst, void *native_ptr, uint64_t size);

/* The native address of an app address inside the memory, NULL outside it. On 64-bit Linux a
 * memory never moves, so the address stays valid as the memory grows, until the instance is freed. */
WASM_RUNTIME_API_EXTERN void *
wasm_runtime_addr_app_to_native(wasm_module_inst_t module_inst, uint64_t app_offset);

/* The app address of a native address inside the memory, 0 outside it. */
WASM_RUNTIME_API_EXTERN uint64_t
wasm_runtime_addr_native_to_app(wasm_module_inst_t module_inst, void *native_ptr);

/* The memory's app range ([0, size)) if app_offset lies in it. */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_get_app_addr_range(wasm_module_inst_t module_inst, uint64_t app_offset,
                                uint64_t *p_app_start_offset, uint64_t *p_app_end_offset);

/* The memory's native range if native_ptr lies in it. */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_get_native_addr_range(wasm_module_inst_t module_inst, uint8_t *native_ptr,
                                   uint8_t **p_native_start_addr, uint8_t **p_native_end_addr);

/* Memory instances: by export name, the default (index 0), or by index in the memory index
 * space; NULL if there is none. Valid until the instance is freed. */
WASM_RUNTIME_API_EXTERN wasm_memory_inst_t
wasm_runtime_lookup_memory(const wasm_module_inst_t module_inst, const char *name);

WASM_RUNTIME_API_EXTERN wasm_memory_inst_t
wasm_runtime_get_default_memory(const wasm_module_inst_t module_inst);

WASM_RUNTIME_API_EXTERN wasm_memory_inst_t
wasm_runtime_get_memory(const wasm_module_inst_t module_inst, uint32_t index);

/* Pages now, the most pages it may reach (its maximum, or the runtime's cap), 65536 bytes a
 * page; 0 for a bad handle. */
WASM_RUNTIME_API_EXTERN uint64_t
wasm_memory_get_cur_page_count(const wasm_memory_inst_t memory_inst);

WASM_RUNTIME_API_EXTERN uint64_t
wasm_memory_get_max_page_count(const wasm_memory_inst_t memory_inst);

WASM_RUNTIME_API_EXTERN uint64_t
wasm_memory_get_bytes_per_page(const wasm_memory_inst_t memory_inst);

/* Always false: Microwasm has no shared memories. */
WASM_RUNTIME_API_EXTERN bool
wasm_memory_get_shared(const wasm_memory_inst_t memory_inst);

/* The memory's first byte; it does not move as the memory grows (64-bit Linux). */
WASM_RUNTIME_API_EXTERN void *
wasm_memory_get_base_address(const wasm_memory_inst_t memory_inst);

/* Grows the memory by inc_page_count pages; false if it cannot (beyond its maximum). */
WASM_RUNTIME_API_EXTERN bool
wasm_memory_enlarge(wasm_memory_inst_t memory_inst, uint64_t inc_page_count);

/* Grows the instance's default memory. */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_enlarge_memory(wasm_module_inst_t module_inst, uint64_t inc_page_count);

/* ---- Natives --------------------------------------------------------------------------- */

/* Registers host functions under module_name for later instantiations. Each entry's signature
 * is "(params)result": i i32, I i64, f f32, F f64, r externref (a uintptr_t in C), * an i32 app
 * address checked for one byte and passed as a native pointer, *~ such a pointer followed by its
 * i32 length (the whole range is checked), $ an i32 address of a NUL-terminated string (checked up
 * to its NUL) passed as a native pointer; the result is one of i I f F r, or nothing. A NULL
 * signature takes the import's types as they are. The C function receives the exec_env first,
 * then the arguments. The names and signatures are copied (WAMR keeps reading the array); false,
 * registering nothing, if an entry has no name or function or a malformed signature. A later
 * registration of the same name takes precedence. */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_register_natives(const char *module_name, NativeSymbol *native_symbols,
                              uint32_t n_native_symbols);

/* As wasm_runtime_register_natives, for functions void f(wasm_exec_env_t, uint64_t *args): one
 * 64-bit cell per wasm parameter (addresses converted and checked as their signature says), the
 * result written to args[0]. */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_register_natives_raw(const char *module_name, NativeSymbol *native_symbols,
                                  uint32_t n_native_symbols);

/* Removes the registration made with this module_name and this array; false if there is none. */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_unregister_natives(const char *module_name, NativeSymbol *native_symbols);

/* The attachment of the native now running on exec_env (NULL outside natives). */
WASM_RUNTIME_API_EXTERN void *
wasm_runtime_get_function_attachment(wasm_exec_env_t exec_env);

WASM_RUNTIME_API_EXTERN void
wasm_runtime_set_user_data(wasm_exec_env_t exec_env, void *user_data);

WASM_RUNTIME_API_EXTERN void *
wasm_runtime_get_user_data(wasm_exec_env_t exec_env);

/* True if a registered native (or WASI) provides module_name.func_name. */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_is_import_func_linked(const char *module_name, const char *func_name);

/* The WAMR version whose API this library provides: 2.4.1. */
WASM_RUNTIME_API_EXTERN void
wasm_runtime_get_version(uint32_t *major, uint32_t *minor, uint32_t *patch);

#ifdef __cplusplus
}
#endif

#endif /* _WASM_EXPORT_H */

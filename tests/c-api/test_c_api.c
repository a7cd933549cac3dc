/*
 * tests/c-api/test_c_api.c: every function libmicrowasm exports, with valid and hostile
 * arguments (NULL pointers, NULL and short error buffers, stale and foreign handles, addresses
 * out of range, wrong signature strings, unknown names, calls after deinstantiate and unload,
 * double destroy). Each check asserts the documented outcome: a value, NULL/false/0, an error
 * buffer's text or an exception string. Prints "N checks passed, M failed"; exits 1 on a failure.
 *
 *   test_c_api DIR     DIR holds the test modules built from the .wat files here by tools/capi.sh
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wasm_export.h"

static int passed, failed;

#define CHECK(cond, ...)                                              \
    do {                                                              \
        if (cond) {                                                   \
            passed++;                                                 \
        }                                                             \
        else {                                                        \
            failed++;                                                 \
            printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);    \
            printf(__VA_ARGS__);                                      \
            printf("\n");                                             \
        }                                                             \
    } while (0)

#define STARTS(text, prefix) ((text) != NULL && strncmp((text), (prefix), strlen(prefix)) == 0)
#define CONTAINS(text, part) ((text) != NULL && strstr((text), (part)) != NULL)
#define EXC(inst) (wasm_runtime_get_exception(inst) ? wasm_runtime_get_exception(inst) : "(null)")

static const char *dir;
/* the size of the main test instance's memory: one page plus the app heap WAMR-style appended */
static uint64_t mem_end;

static uint8_t *
read_module(const char *name, uint32_t *size)
{
    char path[1024];
    FILE *file;
    uint8_t *buffer;
    long length;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (!(file = fopen(path, "rb"))) {
        printf("cannot open %s\n", path);
        exit(2);
    }
    fseek(file, 0, SEEK_END);
    length = ftell(file);
    fseek(file, 0, SEEK_SET);
    buffer = malloc((size_t)length);
    if (!buffer || fread(buffer, 1, (size_t)length, file) != (size_t)length) {
        printf("cannot read %s\n", path);
        exit(2);
    }
    fclose(file);
    *size = (uint32_t)length;
    return buffer;
}

/* ---- natives ---------------------------------------------------------------------------- */

static int32_t
n_add(wasm_exec_env_t env, int32_t a, int32_t b)
{
    (void)env;
    return a + b;
}

/* (*~)i: the sum of the bytes */
static int32_t
n_ptr(wasm_exec_env_t env, const uint8_t *p, int32_t length)
{
    int32_t sum = 0, i;
    (void)env;
    for (i = 0; i < length; i++)
        sum += p[i];
    return sum;
}

/* ($)i: the string's length */
static int32_t
n_str(wasm_exec_env_t env, const char *s)
{
    (void)env;
    return (int32_t)strlen(s);
}

/* (*)i: the first byte */
static int32_t
n_star(wasm_exec_env_t env, const uint8_t *p)
{
    (void)env;
    return p[0];
}

static double
n_float(wasm_exec_env_t env, float f, double d)
{
    (void)env;
    return (double)f + d;
}

static float
n_f32(wasm_exec_env_t env, float f)
{
    (void)env;
    return f * 2.0f;
}

static int64_t
n_i64(wasm_exec_env_t env, int64_t x)
{
    (void)env;
    return x * 3;
}

/* (i)i: calls back into wasm ("square") on the same exec env */
static int32_t
n_callback(wasm_exec_env_t env, int32_t x)
{
    wasm_module_inst_t inst = wasm_runtime_get_module_inst(env);
    wasm_function_inst_t square = wasm_runtime_lookup_function(inst, "square");
    uint32_t argv[1] = { (uint32_t)x };
    if (!wasm_runtime_call_wasm(env, square, 1, argv))
        return -1;
    return (int32_t)argv[0] + 1;
}

static void
n_raise(wasm_exec_env_t env)
{
    wasm_runtime_set_exception(wasm_runtime_get_module_inst(env), "raised by n_raise");
}

static int32_t
n_att(wasm_exec_env_t env)
{
    int *attachment = wasm_runtime_get_function_attachment(env);
    return attachment ? *attachment : -1;
}

/* ten integers and ten floats: five integers and two floats go on the stack on x86-64 */
static double
n_many(wasm_exec_env_t env, int32_t a1, int32_t a2, int32_t a3, int32_t a4, int32_t a5, int32_t a6,
       int32_t a7, int32_t a8, int32_t a9, int32_t a10, double d1, double d2, double d3, double d4,
       double d5, double d6, double d7, double d8, float f9, double d10)
{
    (void)env;
    return a1 + 2 * a2 + 3 * a3 + 4 * a4 + 5 * a5 + 6 * a6 + 7 * a7 + 8 * a8 + 9 * a9 + 10 * a10
           + d1 + d2 + d3 + d4 + d5 + d6 + d7 + d8 + f9 + d10;
}

/* (r)r: an externref is a uintptr_t in C */
static uintptr_t
n_ref(wasm_exec_env_t env, uintptr_t ref)
{
    (void)env;
    return ref == 0 ? 0 : ref + 1;
}

/* NULL signature: the import's own types, (i32 i64) -> i64 */
static int64_t
n_nosig(wasm_exec_env_t env, int32_t a, int64_t b)
{
    (void)env;
    return (int64_t)a * b;
}

static void
r_add(wasm_exec_env_t env, uint64_t *args)
{
    native_raw_return_type(int32_t, args);
    native_raw_get_arg(int32_t, a, args);
    native_raw_get_arg(int32_t, b, args);
    (void)env;
    native_raw_set_return(a + b);
}

static void
r_str(wasm_exec_env_t env, uint64_t *args)
{
    native_raw_return_type(int32_t, args);
    native_raw_get_arg(const char *, s, args);
    (void)env;
    native_raw_set_return((int32_t)strlen(s));
}

/* (i)i: calls the wasm export "deep" again: wasm -> native -> wasm ... n levels */
static int32_t
n_deep(wasm_exec_env_t env, int32_t n)
{
    wasm_module_inst_t inst = wasm_runtime_get_module_inst(env);
    uint32_t argv[1] = { (uint32_t)n };
    if (!wasm_runtime_call_wasm(env, wasm_runtime_lookup_function(inst, "deep"), 1, argv))
        return -1000;
    return (int32_t)argv[0];
}

/* (i)i: the memory API from inside a native, through the WAMR macros */
static int32_t
n_mem(wasm_exec_env_t exec_env, int32_t offset)
{
    wasm_module_inst_t module_inst = get_module_inst(exec_env);
    if (!validate_app_addr((uint64_t)offset, 4))
        return -1;
    return *(int32_t *)addr_app_to_native((uint64_t)offset);
}

static int attachment_value = 4242;

static NativeSymbol natives[] = {
    { "n_add", (void *)n_add, "(ii)i", NULL },
    { "n_ptr", (void *)n_ptr, "(*~)i", NULL },
    { "n_str", (void *)n_str, "($)i", NULL },
    { "n_star", (void *)n_star, "(*)i", NULL },
    { "n_float", (void *)n_float, "(fF)F", NULL },
    { "n_f32", (void *)n_f32, "(f)f", NULL },
    { "n_i64", (void *)n_i64, "(I)I", NULL },
    { "n_callback", (void *)n_callback, "(i)i", NULL },
    { "n_raise", (void *)n_raise, "()", NULL },
    { "n_att", (void *)n_att, "()i", &attachment_value },
    { "n_many", (void *)n_many, "(iiiiiiiiiiFFFFFFFFfF)F", NULL },
    { "n_ref", (void *)n_ref, "(r)r", NULL },
    { "n_nosig", (void *)n_nosig, NULL, NULL },
    { "n_deep", (void *)n_deep, "(i)i", NULL },
    { "n_mem", (void *)n_mem, "(i)i", NULL },
};

static NativeSymbol raw_natives[] = {
    { "r_add", (void *)r_add, "(ii)i", NULL },
    { "r_str", (void *)r_str, "($)i", NULL },
};

/* ---- helpers ------------------------------------------------------------------------------ */

static int
call_i32(wasm_exec_env_t env, wasm_module_inst_t inst, const char *name, uint32_t argc, uint32_t *argv)
{
    wasm_function_inst_t f = wasm_runtime_lookup_function(inst, name);
    if (!f) {
        printf("no export %s\n", name);
        return 0;
    }
    return wasm_runtime_call_wasm(env, f, argc, argv);
}

/* a module with one custom section "hi" holding "abc" and nothing else */
static const uint8_t custom_module[] = { 0, 'a', 's', 'm', 1, 0, 0, 0, 0, 6, 2, 'h', 'i', 'a', 'b', 'c' };
/* an empty module: no memory */
static const uint8_t empty_module[] = { 0, 'a', 's', 'm', 1, 0, 0, 0 };

/* ---- the tests ---------------------------------------------------------------------------- */

static void
test_before_init(void)
{
    char error[128];
    uint8_t bytes[sizeof(empty_module)];
    memcpy(bytes, empty_module, sizeof(bytes));
    /* destroy without init is tolerated */
    wasm_runtime_destroy();
    CHECK(wasm_runtime_load(bytes, sizeof(bytes), error, sizeof(error)) == NULL, "load before init");
    CHECK(CONTAINS(error, "not initialized"), "error: %s", error);
    CHECK(!wasm_runtime_register_natives("env", natives, 1), "register before init");
    CHECK(!wasm_runtime_get_mem_alloc_info(NULL), "mem alloc info before init");
}

static void
test_init(void)
{
    RuntimeInitArgs args;
    static char pool[1];
    mem_alloc_info_t info;
    uint32_t major = 0, minor = 0, patch = 0;

    CHECK(!wasm_runtime_full_init(NULL), "full_init(NULL)");
    memset(&args, 0, sizeof(args));
    args.mem_alloc_type = Alloc_With_Allocator;
    CHECK(!wasm_runtime_full_init(&args), "Alloc_With_Allocator is refused");
    args.mem_alloc_type = Alloc_With_Pool;
    CHECK(!wasm_runtime_full_init(&args), "a pool without buffer");
    args.mem_alloc_option.pool.heap_buf = pool;
    args.mem_alloc_option.pool.heap_size = 0;
    CHECK(!wasm_runtime_full_init(&args), "a pool of 0 bytes");
    args.mem_alloc_type = Alloc_With_System_Allocator;
    args.running_mode = Mode_LLVM_JIT;
    CHECK(!wasm_runtime_full_init(&args), "LLVM JIT is not there");
    args.running_mode = 0;
    args.n_native_symbols = 1;
    CHECK(!wasm_runtime_full_init(&args), "natives without a module name");

    /* init, init again (counted), destroy once: still initialised */
    CHECK(wasm_runtime_init(), "init");
    CHECK(wasm_runtime_init(), "init twice");
    wasm_runtime_destroy();
    CHECK(wasm_runtime_register_natives("env", natives, 1), "still initialised after one destroy");
    CHECK(!wasm_runtime_get_mem_alloc_info(&info), "no pool with the system allocator");
    wasm_runtime_destroy();
    wasm_runtime_destroy(); /* a destroy too many is tolerated */

    CHECK(wasm_runtime_is_running_mode_supported(Mode_Interp), "interp supported");
    CHECK(!wasm_runtime_is_running_mode_supported(Mode_Fast_JIT), "fast jit not supported");
    CHECK(wasm_runtime_set_default_running_mode(Mode_Interp), "default interp");
    CHECK(!wasm_runtime_set_default_running_mode(Mode_Multi_Tier_JIT), "default multi-tier refused");

    wasm_runtime_get_version(&major, &minor, &patch);
    CHECK(major == 2 && minor == 4 && patch == 1, "version %u.%u.%u", major, minor, patch);
    wasm_runtime_get_version(NULL, NULL, NULL);
    passed++; /* NULL outputs: no crash */

    CHECK(!wasm_runtime_thread_env_inited(), "thread env not inited");
    CHECK(wasm_runtime_init_thread_env(), "init thread env");
    CHECK(wasm_runtime_thread_env_inited(), "thread env inited");
    wasm_runtime_destroy_thread_env();
    CHECK(!wasm_runtime_thread_env_inited(), "thread env destroyed");

    CHECK(get_package_type(empty_module, sizeof(empty_module)) == Wasm_Module_Bytecode, "bytecode");
    CHECK(wasm_runtime_get_file_package_type((const uint8_t *)"\0aot", 4) == Wasm_Module_AoT, "aot");
    CHECK(get_package_type(NULL, 8) == Package_Type_Unknown, "NULL buffer");
    CHECK(get_package_type((const uint8_t *)"xx", 2) == Package_Type_Unknown, "short buffer");
}

static void
test_allocator(void)
{
    static char pool[4096];
    RuntimeInitArgs args;
    mem_alloc_info_t info;
    char *p, *q;

    CHECK(wasm_runtime_malloc(16) == NULL, "malloc before init");
    memset(&args, 0, sizeof(args));
    args.mem_alloc_type = Alloc_With_Pool;
    args.mem_alloc_option.pool.heap_buf = pool;
    args.mem_alloc_option.pool.heap_size = sizeof(pool);
    CHECK(wasm_runtime_full_init(&args), "pool init");
    p = wasm_runtime_malloc(100);
    CHECK(p != NULL, "malloc");
    memcpy(p, "0123456789", 11);
    wasm_runtime_get_mem_alloc_info(&info);
    CHECK(info.total_free_size == sizeof(pool) - 116, "charged with its header: %u free", info.total_free_size);
    q = wasm_runtime_realloc(p, 2000);
    CHECK(q != NULL && strcmp(q, "0123456789") == 0, "realloc keeps the content");
    wasm_runtime_get_mem_alloc_info(&info);
    CHECK(info.total_free_size == sizeof(pool) - 2016, "realloc charges the new size only: %u free", info.total_free_size);
    CHECK(wasm_runtime_realloc(p, 10) == NULL, "realloc of a freed block");
    CHECK(wasm_runtime_malloc(4000) == NULL, "more than the pool has");
    CHECK(wasm_runtime_malloc(0) != NULL, "malloc(0) gives a block");
    wasm_runtime_free(q);
    wasm_runtime_free(q);
    wasm_runtime_free(pool);
    wasm_runtime_free(NULL);
    passed++; /* double, foreign and NULL frees: ignored */
    wasm_runtime_get_mem_alloc_info(&info);
    CHECK(info.total_free_size == sizeof(pool) - 17, "freed: %u free", info.total_free_size);
    q = wasm_runtime_realloc(NULL, 8);
    CHECK(q != NULL, "realloc(NULL) allocates");
    wasm_runtime_free(q);
    wasm_runtime_destroy();
}

static void
test_pool(void)
{
    static char pool[100 * 1024];
    RuntimeInitArgs args;
    mem_alloc_info_t info;
    char error[160];
    uint32_t size;
    uint8_t *bytes = read_module("wasi_test.wasm", &size);
    wasm_module_t module;
    wasm_module_inst_t inst, second;

    memset(&args, 0, sizeof(args));
    args.mem_alloc_type = Alloc_With_Pool;
    args.mem_alloc_option.pool.heap_buf = pool;
    args.mem_alloc_option.pool.heap_size = sizeof(pool);
    CHECK(wasm_runtime_full_init(&args), "pool init");
    CHECK(wasm_runtime_get_mem_alloc_info(&info), "pool info");
    CHECK(info.total_size == sizeof(pool) && info.total_free_size == sizeof(pool) && info.highmark_size == 0,
          "info %u %u %u", info.total_size, info.total_free_size, info.highmark_size);
    module = wasm_runtime_load(bytes, size, error, sizeof(error));
    CHECK(module != NULL, "load in the pool: %s", error);
    wasm_runtime_get_mem_alloc_info(&info);
    CHECK(info.total_free_size == sizeof(pool) - size, "the module is charged: %u free", info.total_free_size);
    /* one page (64 KiB) fits, a second instance does not */
    inst = wasm_runtime_instantiate(module, 8192, 0, error, sizeof(error));
    CHECK(inst != NULL, "instance in the pool: %s", error);
    second = wasm_runtime_instantiate(module, 8192, 0, error, sizeof(error));
    CHECK(second == NULL, "a second instance does not fit");
    CHECK(STARTS(error, "WASM module instantiate failed: allocate memory failed"), "error: %s", error);
    wasm_runtime_deinstantiate(inst);
    second = wasm_runtime_instantiate(module, 8192, 0, error, sizeof(error));
    CHECK(second != NULL, "fits again after deinstantiate: %s", error);
    wasm_runtime_get_mem_alloc_info(&info);
    CHECK(info.highmark_size == size + 65536, "highmark %u", info.highmark_size);
    wasm_runtime_deinstantiate(second);
    wasm_runtime_unload(module);
    wasm_runtime_get_mem_alloc_info(&info);
    CHECK(info.total_free_size == sizeof(pool), "all refunded: %u", info.total_free_size);
    wasm_runtime_destroy();
    CHECK(!wasm_runtime_get_mem_alloc_info(&info), "no pool after destroy");
    free(bytes);
}

static void
test_load(void)
{
    char error[128], tiny[8];
    uint8_t garbage[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    uint8_t truncated[] = { 0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5 };
    uint8_t custom[sizeof(custom_module)];
    wasm_module_t module;
    uint32_t length = 0;
    const uint8_t *content;

    memset(error, 0, sizeof(error));
    CHECK(wasm_runtime_load(NULL, 10, error, sizeof(error)) == NULL, "NULL buffer");
    CHECK(strcmp(error, "WASM module load failed: the buffer is NULL") == 0, "error: %s", error);
    CHECK(wasm_runtime_load(garbage, sizeof(garbage), error, sizeof(error)) == NULL, "garbage");
    CHECK(STARTS(error, "WASM module load failed: ") && strlen(error) > 26, "error: %s", error);
    CHECK(wasm_runtime_load(truncated, sizeof(truncated), error, sizeof(error)) == NULL, "truncated");
    CHECK(STARTS(error, "WASM module load failed: "), "error: %s", error);
    CHECK(wasm_runtime_load(garbage, sizeof(garbage), NULL, 100) == NULL, "NULL error buffer");
    memset(tiny, 'x', sizeof(tiny));
    CHECK(wasm_runtime_load(garbage, sizeof(garbage), tiny, 0) == NULL && tiny[0] == 'x', "size 0: buffer untouched");
    CHECK(wasm_runtime_load(garbage, sizeof(garbage), tiny, 1) == NULL && tiny[0] == 0, "size 1: only the NUL");
    CHECK(wasm_runtime_load(garbage, sizeof(garbage), tiny, sizeof(tiny)) == NULL && strlen(tiny) == 7
          && strncmp(tiny, "WASM mo", 7) == 0, "short buffer cut: %s", tiny);
    CHECK(wasm_runtime_load(garbage, 0, error, sizeof(error)) == NULL, "size 0");

    memcpy(custom, custom_module, sizeof(custom));
    module = wasm_runtime_load(custom, sizeof(custom), error, sizeof(error));
    CHECK(module != NULL, "custom section module: %s", error);
    memset(custom, 0, sizeof(custom)); /* the runtime copied the bytes */
    content = wasm_runtime_get_custom_section(module, "hi", &length);
    CHECK(content != NULL && length == 3 && memcmp(content, "abc", 3) == 0, "custom section");
    CHECK(wasm_runtime_get_custom_section(module, "nope", &length) == NULL, "no such section");
    CHECK(wasm_runtime_get_custom_section(module, NULL, &length) == NULL, "NULL name");
    CHECK(wasm_runtime_get_custom_section(NULL, "hi", &length) == NULL, "NULL module");
    CHECK(wasm_runtime_get_import_count(module) == 0 && wasm_runtime_get_export_count(module) == 0, "no imports or exports");
    wasm_runtime_unload(module);
    CHECK(wasm_runtime_get_custom_section(module, "hi", &length) == NULL, "stale module");
    CHECK(wasm_runtime_get_import_count(module) == -1, "stale module import count");
    wasm_runtime_unload(module); /* twice: ignored */
    wasm_runtime_unload(NULL);
    wasm_runtime_unload((wasm_module_t)(uintptr_t)0x12345678);
    passed += 3; /* unload twice, NULL, foreign: no crash */
}

static void
test_module_queries(wasm_module_t module)
{
    int32_t imports = wasm_runtime_get_import_count(module), exports = wasm_runtime_get_export_count(module), i;
    wasm_import_t import;
    wasm_export_t export;
    int found = 0;

    CHECK(imports == 17, "imports: %d", imports);
    CHECK(exports > 30, "exports: %d", exports);
    wasm_runtime_get_import_type(module, 0, &import);
    CHECK(strcmp(import.module_name, "env") == 0 && strcmp(import.name, "n_add") == 0
          && import.kind == WASM_IMPORT_EXPORT_KIND_FUNC && import.linked, "import 0");
    CHECK(wasm_func_type_get_param_count(import.u.func_type) == 2 && wasm_func_type_get_result_count(import.u.func_type) == 1,
          "import 0 type");
    CHECK(wasm_func_type_get_param_valkind(import.u.func_type, 1) == WASM_I32, "param kind");
    CHECK(wasm_func_type_get_result_valkind(import.u.func_type, 0) == WASM_I32, "result kind");
    CHECK(wasm_func_type_get_param_valkind(import.u.func_type, 2) == (wasm_valkind_t)-1, "param index out of range");
    CHECK(wasm_func_type_get_result_valkind(import.u.func_type, 5) == (wasm_valkind_t)-1, "result index out of range");
    CHECK(wasm_func_type_get_param_count(NULL) == 0 && wasm_func_type_get_result_count(NULL) == 0, "NULL type");
    CHECK(wasm_func_type_get_param_valkind(NULL, 0) == (wasm_valkind_t)-1
          && wasm_func_type_get_result_valkind(NULL, 0) == (wasm_valkind_t)-1, "NULL type kinds");
    wasm_runtime_get_import_type(module, 1000, &import);
    CHECK(import.module_name == NULL && import.name == NULL, "import index out of range: zeroed");
    wasm_runtime_get_import_type(module, -1, &import);
    CHECK(import.name == NULL, "negative import index: zeroed");
    wasm_runtime_get_import_type(module, 0, NULL);
    wasm_runtime_get_export_type(module, 0, NULL);
    passed++; /* NULL outputs: no crash */
    wasm_runtime_get_import_type(NULL, 0, &import);
    CHECK(import.name == NULL, "NULL module: zeroed");
    CHECK(wasm_runtime_get_import_count(NULL) == -1 && wasm_runtime_get_export_count(NULL) == -1, "NULL module counts");

    for (i = 0; i < exports; i++) {
        wasm_runtime_get_export_type(module, i, &export);
        if (export.name && strcmp(export.name, "memory") == 0)
            found += export.kind == WASM_IMPORT_EXPORT_KIND_MEMORY && export.u.memory_type == NULL;
        if (export.name && strcmp(export.name, "mixed") == 0) {
            found += export.kind == WASM_IMPORT_EXPORT_KIND_FUNC;
            found += wasm_func_type_get_param_count(export.u.func_type) == 4
                     && wasm_func_type_get_param_valkind(export.u.func_type, 0) == WASM_I32
                     && wasm_func_type_get_param_valkind(export.u.func_type, 1) == WASM_I64
                     && wasm_func_type_get_param_valkind(export.u.func_type, 2) == WASM_F32
                     && wasm_func_type_get_param_valkind(export.u.func_type, 3) == WASM_F64
                     && wasm_func_type_get_result_valkind(export.u.func_type, 0) == WASM_F64;
        }
        if (export.name && strcmp(export.name, "ref_id") == 0)
            found += wasm_func_type_get_param_valkind(export.u.func_type, 0) == WASM_EXTERNREF;
        if (export.name && strcmp(export.name, "v128_id") == 0)
            found += wasm_func_type_get_result_valkind(export.u.func_type, 0) == WASM_V128;
    }
    CHECK(found == 5, "export types: %d of 5 found", found);
    wasm_runtime_get_export_type(module, exports, &export);
    CHECK(export.name == NULL, "export index out of range: zeroed");

    CHECK(wasm_runtime_is_import_func_linked("env", "n_add"), "n_add linked");
    CHECK(!wasm_runtime_is_import_func_linked("env", "nothing"), "nothing is not linked");
    CHECK(wasm_runtime_is_import_func_linked("wasi_snapshot_preview1", "fd_write"), "WASI is linked");
    CHECK(!wasm_runtime_is_import_func_linked(NULL, "n_add") && !wasm_runtime_is_import_func_linked("env", NULL), "NULLs");
}

static void
test_calls(wasm_module_inst_t inst, wasm_exec_env_t env)
{
    uint32_t argv[8];
    wasm_val_t args[4], results[2];
    wasm_function_inst_t add = wasm_runtime_lookup_function(inst, "add");
    wasm_function_inst_t add64 = wasm_runtime_lookup_function(inst, "add64");
    wasm_function_inst_t two = wasm_runtime_lookup_function(inst, "two");
    wasm_function_inst_t mixed = wasm_runtime_lookup_function(inst, "mixed");
    wasm_valkind_t kinds[4];
    float f;
    double d;

    CHECK(add != NULL && add == wasm_runtime_lookup_function(inst, "add"), "lookup is stable");
    CHECK(wasm_runtime_lookup_function(inst, "no_such_function") == NULL, "unknown name");
    CHECK(wasm_runtime_lookup_function(inst, "memory") == NULL, "a memory is not a function");
    CHECK(wasm_runtime_lookup_function(inst, NULL) == NULL, "NULL name");
    CHECK(wasm_runtime_lookup_function(NULL, "add") == NULL, "NULL instance");
    CHECK(wasm_runtime_lookup_function((wasm_module_inst_t)(uintptr_t)env, "add") == NULL, "an exec env is not an instance");

    CHECK(wasm_func_get_param_count(mixed, inst) == 4 && wasm_func_get_result_count(mixed, inst) == 1, "mixed counts");
    CHECK(wasm_func_get_result_count(two, inst) == 2, "two results");
    wasm_func_get_param_types(mixed, inst, kinds);
    CHECK(kinds[0] == WASM_I32 && kinds[1] == WASM_I64 && kinds[2] == WASM_F32 && kinds[3] == WASM_F64, "param kinds");
    wasm_func_get_result_types(two, inst, kinds);
    CHECK(kinds[0] == WASM_I32 && kinds[1] == WASM_I64, "result kinds");
    CHECK(wasm_func_get_param_count(NULL, inst) == 0 && wasm_func_get_result_count(NULL, inst) == 0, "NULL function");
    wasm_func_get_param_types(mixed, inst, NULL);
    wasm_func_get_result_types(NULL, inst, kinds);
    passed++; /* NULL outputs: no crash */

    /* argv form */
    argv[0] = 40;
    argv[1] = 2;
    CHECK(wasm_runtime_call_wasm(env, add, 2, argv) && argv[0] == 42, "add: %u", argv[0]);
    argv[0] = 0xFFFFFFFFu;
    argv[1] = 0; /* -4294967296 + ... */
    argv[0] = 5;
    argv[1] = 1; /* 0x1_00000005 */
    argv[2] = 7;
    argv[3] = 0;
    CHECK(wasm_runtime_call_wasm(env, add64, 4, argv) && argv[0] == 12 && argv[1] == 1, "add64: %u %u", argv[0], argv[1]);
    f = 1.5f;
    memcpy(&argv[0], &f, 4);
    f = 2.25f;
    memcpy(&argv[1], &f, 4);
    CHECK(call_i32(env, inst, "addf", 2, argv) && (memcpy(&f, &argv[0], 4), f == 3.75f), "addf");
    d = 1.25;
    memcpy(&argv[0], &d, 8);
    d = 2.5;
    memcpy(&argv[2], &d, 8);
    CHECK(call_i32(env, inst, "addd", 4, argv) && (memcpy(&d, &argv[0], 8), d == 3.75), "addd");
    CHECK(wasm_runtime_call_wasm(env, two, 0, argv) && argv[0] == 7 && (int32_t)argv[1] == -8 && argv[2] == 0xFFFFFFFFu, "two results");
    CHECK(call_i32(env, inst, "none", 0, NULL), "no arguments, no results, NULL argv");

    /* hostile argv calls */
    CHECK(!wasm_runtime_call_wasm(env, add, 1, argv), "too few cells");
    CHECK(STARTS(wasm_runtime_get_exception(inst), "Exception: invalid argument count 1, must be no smaller than 2"), "%s", EXC(inst));
    CHECK(!wasm_runtime_call_wasm(env, add, 2, argv), "an instance with an exception runs nothing");
    wasm_runtime_clear_exception(inst);
    CHECK(wasm_runtime_get_exception(inst) == NULL, "cleared");
    CHECK(!wasm_runtime_call_wasm(env, add, 2, NULL), "NULL argv");
    CHECK(strcmp(EXC(inst), "Exception: argv is NULL") == 0, "%s", EXC(inst));
    wasm_runtime_clear_exception(inst);
    CHECK(!wasm_runtime_call_wasm(env, NULL, 0, argv), "NULL function");
    CHECK(CONTAINS(wasm_runtime_get_exception(inst), "NULL, stale or not a function"), "%s", EXC(inst));
    wasm_runtime_clear_exception(inst);
    CHECK(!wasm_runtime_call_wasm(env, (wasm_function_inst_t)inst, 0, argv), "an instance is not a function");
    wasm_runtime_clear_exception(inst);
    CHECK(!wasm_runtime_call_wasm(NULL, add, 2, argv), "NULL exec env");
    CHECK(!wasm_runtime_call_wasm((wasm_exec_env_t)(uintptr_t)0xdeadbeef0, add, 2, argv), "foreign exec env");
    CHECK(!call_i32(env, inst, "ref_id", 2, argv), "references need call_wasm_a");
    CHECK(CONTAINS(wasm_runtime_get_exception(inst), "use wasm_runtime_call_wasm_a"), "%s", EXC(inst));
    wasm_runtime_clear_exception(inst);
    memset(argv, 0, sizeof(argv));
    argv[0] = 0x11111111u;
    argv[3] = 0x44444444u;
    CHECK(call_i32(env, inst, "v128_id", 4, argv) && argv[0] == 0x11111111u && argv[3] == 0x44444444u, "v128 as four cells");

    /* through table 0 */
    argv[0] = 7;
    CHECK(wasm_runtime_call_indirect(env, 0, 1, argv) && argv[0] == 49, "call_indirect: %u", argv[0]);
    CHECK(!wasm_runtime_call_indirect(env, 1, 1, argv), "a null element");
    CHECK(strcmp(EXC(inst), "Exception: uninitialized element") == 0, "%s", EXC(inst));
    wasm_runtime_clear_exception(inst);
    CHECK(!wasm_runtime_call_indirect(env, 2, 1, argv), "past the table");
    CHECK(strcmp(EXC(inst), "Exception: undefined element") == 0, "%s", EXC(inst));
    wasm_runtime_clear_exception(inst);
    CHECK(!wasm_runtime_call_indirect(env, 0, 0, argv), "too few cells");
    CHECK(STARTS(wasm_runtime_get_exception(inst), "Exception: invalid argument count 0"), "%s", EXC(inst));
    wasm_runtime_clear_exception(inst);
    CHECK(!wasm_runtime_call_indirect(env, 0, 1, NULL), "NULL argv");
    wasm_runtime_clear_exception(inst);
    CHECK(!wasm_runtime_call_indirect(NULL, 0, 1, argv), "NULL exec env");

    /* typed form */
    args[0].kind = WASM_I32;
    args[0].of.i32 = 2;
    args[1].kind = WASM_I64;
    args[1].of.i64 = 3000000000LL;
    args[2].kind = WASM_F32;
    args[2].of.f32 = 0.5f;
    args[3].kind = WASM_F64;
    args[3].of.f64 = 0.25;
    CHECK(wasm_runtime_call_wasm_a(env, mixed, 1, results, 4, args) && results[0].kind == WASM_F64
          && results[0].of.f64 == 3000000002.75, "mixed: %f", results[0].of.f64);
    CHECK(wasm_runtime_call_wasm_a(env, two, 2, results, 0, NULL) && results[0].kind == WASM_I32 && results[0].of.i32 == 7
          && results[1].kind == WASM_I64 && results[1].of.i64 == -8, "two, typed");
    CHECK(!wasm_runtime_call_wasm_a(env, mixed, 1, results, 3, args), "wrong argument count");
    CHECK(CONTAINS(wasm_runtime_get_exception(inst), "takes 4 arguments"), "%s", EXC(inst));
    wasm_runtime_clear_exception(inst);
    CHECK(!wasm_runtime_call_wasm_a(env, mixed, 0, results, 4, args), "wrong result count");
    wasm_runtime_clear_exception(inst);
    args[1].kind = WASM_F64;
    CHECK(!wasm_runtime_call_wasm_a(env, mixed, 1, results, 4, args), "wrong argument kind");
    CHECK(CONTAINS(wasm_runtime_get_exception(inst), "argument 1 has kind 3"), "%s", EXC(inst));
    wasm_runtime_clear_exception(inst);
    CHECK(!wasm_runtime_call_wasm_a(env, mixed, 1, results, 4, NULL), "NULL args");
    wasm_runtime_clear_exception(inst);
    CHECK(!wasm_runtime_call_wasm_a(env, mixed, 1, NULL, 4, args), "NULL results");
    wasm_runtime_clear_exception(inst);
    CHECK(!wasm_runtime_call_wasm_a(NULL, mixed, 1, results, 4, args), "NULL exec env");
    CHECK(!wasm_runtime_call_wasm_a(env, wasm_runtime_lookup_function(inst, "takes_funcref"), 0, results, 1, args), "funcref");
    wasm_runtime_clear_exception(inst);
    args[0].kind = WASM_EXTERNREF;
    args[0].of.foreign = (uintptr_t)0xABCDEF;
    CHECK(wasm_runtime_call_wasm_a(env, wasm_runtime_lookup_function(inst, "ref_id"), 1, results, 1, args)
          && results[0].kind == WASM_EXTERNREF && results[0].of.foreign == 0xABCDEF, "externref round trip");
    args[0].of.foreign = 0;
    CHECK(wasm_runtime_call_wasm_a(env, wasm_runtime_lookup_function(inst, "ref_id"), 1, results, 1, args)
          && results[0].of.foreign == 0, "null externref");
}

static void
test_traps(wasm_module_inst_t inst, wasm_exec_env_t env)
{
    uint32_t argv[2];
    CHECK(!call_i32(env, inst, "unreachable", 0, argv), "unreachable");
    CHECK(strcmp(EXC(inst), "Exception: unreachable") == 0, "%s", EXC(inst));
    wasm_runtime_clear_exception(inst);
    argv[0] = 1;
    argv[1] = 0;
    CHECK(!call_i32(env, inst, "div", 2, argv), "div by zero");
    CHECK(strcmp(EXC(inst), "Exception: integer divide by zero") == 0, "%s", EXC(inst));
    wasm_runtime_clear_exception(inst);
    argv[0] = 0x80000000u;
    argv[1] = 0xFFFFFFFFu;
    CHECK(!call_i32(env, inst, "div", 2, argv), "div overflow");
    CHECK(strcmp(EXC(inst), "Exception: integer overflow") == 0, "%s", EXC(inst));
    wasm_runtime_clear_exception(inst);
    CHECK(!call_i32(env, inst, "oob", 0, argv), "out of bounds load");
    CHECK(strcmp(EXC(inst), "Exception: out of bounds memory access") == 0, "%s", EXC(inst));
    wasm_runtime_clear_exception(inst);
    argv[0] = 0;
    CHECK(!call_i32(env, inst, "recurse", 1, argv), "runaway recursion");
    CHECK(strcmp(EXC(inst), "Exception: wasm operand stack overflow") == 0, "%s", EXC(inst));
    wasm_runtime_clear_exception(inst);
    argv[0] = 5;
    argv[1] = 6;
    CHECK(call_i32(env, inst, "add", 2, argv) && argv[0] == 11, "runs again after clear");

    /* exceptions set by the host */
    wasm_runtime_set_exception(inst, "from the host");
    CHECK(strcmp(EXC(inst), "Exception: from the host") == 0, "%s", EXC(inst));
    wasm_runtime_set_exception(inst, NULL);
    CHECK(wasm_runtime_get_exception(inst) == NULL, "set NULL clears");
    wasm_runtime_set_exception(NULL, "x");
    wasm_runtime_clear_exception(NULL);
    CHECK(wasm_runtime_get_exception(NULL) == NULL, "NULL instance");
}

static void
test_natives(wasm_module_inst_t inst, wasm_exec_env_t env)
{
    uint32_t argv[4];
    wasm_val_t args[2], results[1];
    float f;
    double d;
    int64_t l;

    argv[0] = 20;
    argv[1] = 22;
    CHECK(call_i32(env, inst, "call_n_add", 2, argv) && argv[0] == 42, "(ii)i: %u", argv[0]);
    argv[0] = 32;
    argv[1] = 4;
    CHECK(call_i32(env, inst, "call_n_ptr", 2, argv) && argv[0] == 10, "(*~)i: %u", argv[0]);
    argv[0] = (uint32_t)mem_end - 6;
    argv[1] = 100;
    CHECK(!call_i32(env, inst, "call_n_ptr", 2, argv), "(*~) range out of memory");
    CHECK(strcmp(EXC(inst), "Exception: out of bounds memory access") == 0, "%s", EXC(inst));
    wasm_runtime_clear_exception(inst);
    argv[0] = 0xFFFFFFF0u;
    argv[1] = 0x20;
    CHECK(!call_i32(env, inst, "call_n_ptr", 2, argv), "(*~) range wrapping around 2^32");
    wasm_runtime_clear_exception(inst);
    argv[0] = 16;
    CHECK(call_i32(env, inst, "call_n_str", 1, argv) && argv[0] == 5, "($)i: %u", argv[0]);
    argv[0] = (uint32_t)mem_end + 100;
    CHECK(!call_i32(env, inst, "call_n_str", 1, argv), "($) outside memory");
    CHECK(strcmp(EXC(inst), "Exception: out of bounds memory access") == 0, "%s", EXC(inst));
    wasm_runtime_clear_exception(inst);
    argv[0] = 34;
    CHECK(call_i32(env, inst, "call_n_star", 1, argv) && argv[0] == 3, "(*)i: %u", argv[0]);
    argv[0] = (uint32_t)mem_end;
    CHECK(!call_i32(env, inst, "call_n_star", 1, argv), "(*) one past the end");
    wasm_runtime_clear_exception(inst);
    f = 1.5f;
    memcpy(&argv[0], &f, 4);
    d = 0.25;
    memcpy(&argv[1], &d, 8);
    CHECK(call_i32(env, inst, "call_n_float", 3, argv) && (memcpy(&d, argv, 8), d == 1.75), "(fF)F: %f", d);
    f = -3.5f;
    memcpy(&argv[0], &f, 4);
    CHECK(call_i32(env, inst, "call_n_f32", 1, argv) && (memcpy(&f, argv, 4), f == -7.0f), "(f)f: %f", f);
    l = -5000000000LL;
    memcpy(argv, &l, 8);
    CHECK(call_i32(env, inst, "call_n_i64", 2, argv) && (memcpy(&l, argv, 8), l == -15000000000LL), "(I)I: %" PRId64, l);
    argv[0] = 9;
    CHECK(call_i32(env, inst, "call_n_callback", 1, argv) && argv[0] == 82, "native calling back into wasm: %u", argv[0]);
    argv[0] = 50;
    CHECK(call_i32(env, inst, "deep", 1, argv) && argv[0] == 50, "wasm -> native -> wasm, 50 deep: %u", (int32_t)argv[0]);
    CHECK(!call_i32(env, inst, "call_n_raise", 0, argv), "a native's exception traps its caller");
    CHECK(strcmp(EXC(inst), "Exception: raised by n_raise") == 0, "%s", EXC(inst));
    wasm_runtime_clear_exception(inst);
    CHECK(call_i32(env, inst, "call_n_att", 0, argv) && argv[0] == 4242, "attachment: %u", argv[0]);
    CHECK(wasm_runtime_get_function_attachment(env) == NULL, "no attachment outside natives");
    CHECK(wasm_runtime_get_function_attachment(NULL) == NULL, "NULL exec env attachment");
    CHECK(call_i32(env, inst, "call_n_many", 0, argv) && (memcpy(&d, argv, 8), d == 385 + 32 + 100.25 + 1000.125),
          "20 arguments, some on the stack: %f", d);
    argv[0] = 7;
    argv[1] = 6;
    argv[2] = 0;
    CHECK(call_i32(env, inst, "call_n_nosig", 3, argv) && argv[0] == 42, "NULL signature: %u", argv[0]);
    argv[0] = 3;
    argv[1] = 4;
    CHECK(call_i32(env, inst, "call_r_add", 2, argv) && argv[0] == 7, "raw (ii)i: %u", argv[0]);
    argv[0] = 16;
    CHECK(call_i32(env, inst, "call_r_str", 1, argv) && argv[0] == 5, "raw ($)i: %u", argv[0]);
    argv[0] = (uint32_t)mem_end + 1000;
    CHECK(!call_i32(env, inst, "call_r_str", 1, argv), "raw ($) outside memory");
    wasm_runtime_clear_exception(inst);
    argv[0] = 32;
    CHECK(call_i32(env, inst, "call_n_mem", 1, argv) && argv[0] == 0x04030201u, "memory API in a native: %x", argv[0]);
    argv[0] = (uint32_t)mem_end - 2;
    CHECK(!call_i32(env, inst, "call_n_mem", 1, argv), "validate_app_addr false in a native");
    /* validate_app_addr set the exception, so the wasm code calling the native traps with it */
    CHECK(strcmp(EXC(inst), "Exception: out of bounds memory access") == 0, "%s", EXC(inst));
    wasm_runtime_clear_exception(inst);
    args[0].kind = WASM_EXTERNREF;
    args[0].of.foreign = 1000;
    CHECK(wasm_runtime_call_wasm_a(env, wasm_runtime_lookup_function(inst, "call_n_ref"), 1, results, 1, args)
          && results[0].of.foreign == 1001, "(r)r: %lu", (unsigned long)results[0].of.foreign);
}

static void
test_memory(wasm_module_inst_t inst, wasm_exec_env_t env)
{
    void *native = NULL;
    uint64_t app, app2, start, end;
    uint8_t *nstart, *nend, *base;
    uint32_t argv[2];

    app = wasm_runtime_module_malloc(inst, 100, &native);
    CHECK(app != 0 && native != NULL, "module malloc");
    CHECK(wasm_runtime_addr_app_to_native(inst, app) == native, "app to native");
    CHECK(wasm_runtime_addr_native_to_app(inst, native) == app, "native to app");
    memcpy(native, "xyz", 4);
    argv[0] = (uint32_t)app;
    CHECK(call_i32(env, inst, "load8", 1, argv) && argv[0] == 'x', "wasm sees what the host wrote");
    CHECK(wasm_runtime_validate_app_addr(inst, app, 100), "validate the block");
    CHECK(wasm_runtime_validate_native_addr(inst, native, 100), "validate native");
    CHECK(wasm_runtime_validate_app_str_addr(inst, app), "validate string");
    wasm_runtime_module_free(inst, app);
    app2 = wasm_runtime_module_malloc(inst, 100, NULL);
    CHECK(app2 == app, "freed block reused");
    wasm_runtime_module_free(inst, app2);
    native = (void *)1;
    CHECK(wasm_runtime_module_malloc(inst, 1u << 30, &native) == 0 && native == NULL, "too big for the heap");
    CHECK(wasm_runtime_module_malloc(inst, (uint64_t)1 << 40, NULL) == 0, "beyond 32 bits");
    CHECK(wasm_runtime_get_exception(inst) == NULL, "a failed malloc is no exception");
    CHECK(wasm_runtime_module_malloc(NULL, 10, NULL) == 0, "NULL instance malloc");
    wasm_runtime_module_free(inst, 12345);
    wasm_runtime_module_free(inst, 0);
    wasm_runtime_module_free(inst, (uint64_t)1 << 40);
    wasm_runtime_module_free(NULL, app);
    passed++; /* bad frees: ignored */
    app = wasm_runtime_module_dup_data(inst, "dup\0", 4);
    CHECK(app != 0 && strcmp((char *)wasm_runtime_addr_app_to_native(inst, app), "dup") == 0, "dup data");
    wasm_runtime_module_free(inst, app);
    CHECK(wasm_runtime_module_dup_data(inst, NULL, 4) == 0, "dup NULL");
    CHECK(wasm_runtime_module_dup_data(NULL, "x", 1) == 0, "dup NULL instance");

    CHECK(!wasm_runtime_validate_app_addr(inst, mem_end - 6, 7), "app range past the end");
    CHECK(strcmp(EXC(inst), "Exception: out of bounds memory access") == 0, "%s", EXC(inst));
    wasm_runtime_clear_exception(inst);
    CHECK(!wasm_runtime_validate_app_addr(inst, UINT64_MAX, 2), "app range wrapping");
    wasm_runtime_clear_exception(inst);
    CHECK(wasm_runtime_validate_app_addr(inst, mem_end - 6, 6), "a range up to the end");
    CHECK(wasm_runtime_validate_app_addr(inst, mem_end, 0), "empty range at the end");
    CHECK(!wasm_runtime_validate_app_addr(NULL, 0, 1), "NULL instance");
    CHECK(!wasm_runtime_validate_app_str_addr(inst, mem_end), "string at the end");
    wasm_runtime_clear_exception(inst);
    CHECK(!wasm_runtime_validate_app_str_addr(inst, (uint64_t)1 << 33), "string beyond 32 bits");
    wasm_runtime_clear_exception(inst);
    base = wasm_runtime_addr_app_to_native(inst, 0);
    CHECK(base != NULL, "base");
    CHECK(!wasm_runtime_validate_native_addr(inst, base - 1, 1), "native before the memory");
    wasm_runtime_clear_exception(inst);
    CHECK(!wasm_runtime_validate_native_addr(inst, base + mem_end - 1, 2), "native past the end");
    wasm_runtime_clear_exception(inst);
    CHECK(!wasm_runtime_validate_native_addr(inst, NULL, 1), "NULL native pointer");
    wasm_runtime_clear_exception(inst);
    CHECK(wasm_runtime_addr_app_to_native(inst, mem_end) == NULL, "app to native past the end");
    CHECK(wasm_runtime_addr_app_to_native(inst, mem_end - 1) == base + mem_end - 1, "app to native, last byte");
    CHECK(wasm_runtime_addr_app_to_native(NULL, 0) == NULL, "app to native NULL instance");
    CHECK(wasm_runtime_addr_native_to_app(inst, base + mem_end) == 0, "native to app past the end");
    CHECK(wasm_runtime_addr_native_to_app(inst, &argv) == 0, "native to app of a C stack address");
    CHECK(wasm_runtime_get_app_addr_range(inst, 100, &start, &end) && start == 0 && end == mem_end, "app range");
    CHECK(!wasm_runtime_get_app_addr_range(inst, mem_end, &start, &end), "app range outside");
    CHECK(wasm_runtime_get_app_addr_range(inst, 1, NULL, NULL), "app range, NULL outputs");
    CHECK(wasm_runtime_get_native_addr_range(inst, base + 5, &nstart, &nend) && nstart == base && nend == base + mem_end, "native range");
    CHECK(!wasm_runtime_get_native_addr_range(inst, base + mem_end, &nstart, &nend), "native range outside");
    CHECK(!wasm_runtime_get_native_addr_range(NULL, base, &nstart, &nend), "native range NULL instance");

    /* memory instances */
    {
        wasm_memory_inst_t memory = wasm_runtime_get_default_memory(inst);
        CHECK(memory != NULL && memory == wasm_runtime_lookup_memory(inst, "memory") && memory == wasm_runtime_get_memory(inst, 0),
              "the default memory, by name and by index");
        CHECK(wasm_runtime_lookup_memory(inst, "add") == NULL && wasm_runtime_lookup_memory(inst, NULL) == NULL, "not a memory");
        CHECK(wasm_runtime_get_memory(inst, 1) == NULL && wasm_runtime_get_default_memory(NULL) == NULL, "no such memory");
        CHECK(wasm_memory_get_cur_page_count(memory) == mem_end / 65536, "pages %" PRIu64, wasm_memory_get_cur_page_count(memory));
        CHECK(wasm_memory_get_max_page_count(memory) >= 4, "max pages %" PRIu64, wasm_memory_get_max_page_count(memory));
        CHECK(wasm_memory_get_bytes_per_page(memory) == 65536 && !wasm_memory_get_shared(memory), "page size, not shared");
        CHECK(wasm_memory_get_base_address(memory) == base, "base address");
        CHECK(wasm_memory_get_cur_page_count(NULL) == 0 && wasm_memory_get_max_page_count((wasm_memory_inst_t)inst) == 0
              && wasm_memory_get_bytes_per_page(NULL) == 0 && !wasm_memory_get_shared(NULL) && wasm_memory_get_base_address(NULL) == NULL,
              "bad memory handles");
        CHECK(!wasm_memory_enlarge(memory, 1u << 20) && !wasm_memory_enlarge(memory, UINT64_MAX) && !wasm_memory_enlarge(NULL, 1),
              "enlarge beyond the maximum, or a bad handle");
        CHECK(!wasm_runtime_enlarge_memory(inst, 1u << 20) && !wasm_runtime_enlarge_memory(NULL, 1), "enlarge the instance: refused");
        CHECK(wasm_memory_get_cur_page_count(memory) == mem_end / 65536, "unchanged");
    }

    /* the memory grows in place: native addresses stay valid */
    argv[0] = 1;
    CHECK(call_i32(env, inst, "grow", 1, argv) && argv[0] == mem_end / 65536, "grow by a page: %u", argv[0]);
    CHECK(wasm_runtime_addr_app_to_native(inst, 0) == base, "the base did not move");
    CHECK(wasm_runtime_validate_app_addr(inst, mem_end, 65536), "the new page is valid");
    CHECK(wasm_runtime_enlarge_memory(inst, 1) && wasm_runtime_validate_app_addr(inst, mem_end + 65536, 65536), "enlarge the instance's memory");
    CHECK(wasm_memory_enlarge(wasm_runtime_get_default_memory(inst), 0), "enlarge by nothing");
    mem_end += 2 * 65536;
}

static void
test_exec_envs_and_data(wasm_module_inst_t inst, wasm_module_t module)
{
    wasm_exec_env_t env = wasm_runtime_create_exec_env(inst, 16384), singleton;
    int data = 7;
    uint32_t argv[2] = { 1, 2 };

    CHECK(env != NULL, "create exec env");
    CHECK(wasm_runtime_get_module_inst(env) == inst, "exec env's instance");
    CHECK(wasm_runtime_create_exec_env(NULL, 8192) == NULL, "exec env for NULL");
    CHECK(wasm_runtime_create_exec_env((wasm_module_inst_t)module, 8192) == NULL, "exec env for a module handle");
    CHECK(wasm_runtime_get_module_inst(NULL) == NULL, "NULL exec env's instance");
    wasm_runtime_set_user_data(env, &data);
    CHECK(wasm_runtime_get_user_data(env) == &data, "user data");
    wasm_runtime_set_user_data(NULL, &data);
    CHECK(wasm_runtime_get_user_data(NULL) == NULL, "NULL exec env user data");
    singleton = wasm_runtime_get_exec_env_singleton(inst);
    CHECK(singleton != NULL && singleton == wasm_runtime_get_exec_env_singleton(inst), "singleton");
    CHECK(wasm_runtime_get_exec_env_singleton(NULL) == NULL, "singleton of NULL");
    CHECK(call_i32(singleton, inst, "add", 2, argv) && argv[0] == 3, "call on the singleton");
    wasm_runtime_destroy_exec_env(singleton); /* not freed this way */
    CHECK(wasm_runtime_get_module_inst(singleton) == inst, "singleton survives destroy_exec_env");
    wasm_runtime_set_module_inst(env, inst);
    wasm_runtime_set_module_inst(NULL, inst);
    wasm_runtime_set_module_inst(env, NULL);
    CHECK(wasm_runtime_get_module_inst(env) == inst, "set_module_inst with NULL changes nothing");
    wasm_runtime_destroy_exec_env(env);
    CHECK(wasm_runtime_get_module_inst(env) == NULL, "destroyed exec env is stale");
    CHECK(!call_i32(env, inst, "add", 2, argv), "call on a destroyed exec env");
    wasm_runtime_destroy_exec_env(env);
    wasm_runtime_destroy_exec_env(NULL);
    passed++; /* destroy twice, NULL: ignored */

    wasm_runtime_set_custom_data(inst, &data);
    CHECK(wasm_runtime_get_custom_data(inst) == &data, "custom data");
    wasm_runtime_set_custom_data(NULL, &data);
    CHECK(wasm_runtime_get_custom_data(NULL) == NULL, "NULL custom data");
    CHECK(wasm_runtime_get_module(inst) == module, "get module");
    CHECK(wasm_runtime_get_module(NULL) == NULL, "get module of NULL");
    CHECK(wasm_runtime_get_running_mode(inst) == Mode_Interp, "running mode");
    CHECK(wasm_runtime_set_running_mode(inst, Mode_Interp), "set interp");
    CHECK(!wasm_runtime_set_running_mode(inst, Mode_LLVM_JIT), "set llvm jit");
    CHECK(!wasm_runtime_set_running_mode(NULL, Mode_Interp), "set mode on NULL");
    CHECK(wasm_runtime_get_running_mode(NULL) == 0, "mode of NULL");
    CHECK(!wasm_runtime_is_wasi_mode(inst), "not WASI");
    CHECK(wasm_runtime_lookup_wasi_start_function(inst) == NULL, "no WASI start");
    CHECK(wasm_runtime_get_wasi_exit_code(NULL) == 0, "exit code of NULL");
}

static void
test_instantiate_errors(void)
{
    char error[200];
    uint32_t size;
    uint8_t *bytes;
    wasm_module_t module;

    CHECK(wasm_runtime_instantiate(NULL, 8192, 8192, error, sizeof(error)) == NULL, "instantiate NULL");
    CHECK(strcmp(error, "WASM module instantiate failed: the module is NULL, unloaded or not a module") == 0, "%s", error);
    CHECK(wasm_runtime_instantiate(NULL, 8192, 8192, NULL, 0) == NULL, "instantiate NULL, no error buffer");

    bytes = read_module("mismatch.wasm", &size);
    module = wasm_runtime_load(bytes, size, error, sizeof(error));
    CHECK(module != NULL, "load mismatch: %s", error);
    CHECK(wasm_runtime_instantiate(module, 8192, 0, error, sizeof(error)) == NULL, "a signature not matching the import");
    CHECK(STARTS(error, "WASM module instantiate failed: ") && CONTAINS(error, "n_add") && CONTAINS(error, "(ii)i"), "%s", error);
    wasm_runtime_unload(module);
    free(bytes);

    bytes = read_module("unknown_import.wasm", &size);
    module = wasm_runtime_load(bytes, size, error, sizeof(error));
    CHECK(wasm_runtime_instantiate(module, 8192, 0, error, sizeof(error)) == NULL, "an import nothing provides");
    CHECK(CONTAINS(error, "no_such_native"), "%s", error);
    wasm_runtime_unload(module);
    free(bytes);

    bytes = read_module("start_trap.wasm", &size);
    module = wasm_runtime_load(bytes, size, error, sizeof(error));
    CHECK(wasm_runtime_instantiate(module, 8192, 0, error, sizeof(error)) == NULL, "a trapping start function");
    CHECK(strcmp(error, "WASM module instantiate failed: Exception: unreachable") == 0, "%s", error);
    wasm_runtime_unload(module);
    free(bytes);
}

static void
test_register_errors(void)
{
    NativeSymbol bad_sig[] = { { "x", (void *)n_add, "(ii", NULL } };
    NativeSymbol bad_letter[] = { { "x", (void *)n_add, "(q)i", NULL } };
    NativeSymbol tilde[] = { { "x", (void *)n_add, "(~)", NULL } };
    NativeSymbol two_results[] = { { "x", (void *)n_add, "(i)ii", NULL } };
    NativeSymbol no_name[] = { { NULL, (void *)n_add, "(ii)i", NULL } };
    NativeSymbol no_func[] = { { "x", NULL, "(ii)i", NULL } };
    NativeSymbol too_many[] = { { "x", (void *)n_add, "(iiiiiiiiiiiiiiiiiiiiiiiiii)", NULL } };
    NativeSymbol fine[] = { { "fine", (void *)n_add, "(ii)i", NULL } };

    CHECK(!wasm_runtime_register_natives("t", bad_sig, 1), "no ')'");
    CHECK(!wasm_runtime_register_natives("t", bad_letter, 1), "unknown letter");
    CHECK(!wasm_runtime_register_natives("t", tilde, 1), "'~' without '*'");
    CHECK(!wasm_runtime_register_natives("t", two_results, 1), "two results");
    CHECK(!wasm_runtime_register_natives("t", no_name, 1), "no name");
    CHECK(!wasm_runtime_register_natives("t", no_func, 1), "no function");
    CHECK(!wasm_runtime_register_natives("t", too_many, 1), "more arguments than the stack slots");
    CHECK(!wasm_runtime_register_natives(NULL, fine, 1), "NULL module name");
    CHECK(!wasm_runtime_register_natives("t", NULL, 1), "NULL table");
    CHECK(wasm_runtime_register_natives("t", NULL, 0), "an empty table");
    CHECK(!wasm_runtime_register_natives_raw("t", bad_sig, 1), "raw: no ')'");
    CHECK(!wasm_runtime_is_import_func_linked("t", "x"), "nothing of a bad table was registered");
    CHECK(wasm_runtime_register_natives("t", fine, 1), "register");
    CHECK(wasm_runtime_is_import_func_linked("t", "fine"), "registered");
    CHECK(!wasm_runtime_unregister_natives("t", bad_sig), "unregister another table");
    CHECK(!wasm_runtime_unregister_natives("other", fine), "unregister under another name");
    CHECK(!wasm_runtime_unregister_natives(NULL, fine) && !wasm_runtime_unregister_natives("t", NULL), "unregister NULLs");
    CHECK(wasm_runtime_unregister_natives("t", fine), "unregister");
    CHECK(!wasm_runtime_is_import_func_linked("t", "fine"), "unregistered");
    CHECK(!wasm_runtime_unregister_natives("t", fine), "unregister twice");
}

static void
test_wasi(void)
{
    char error[128];
    uint32_t size, argv[1];
    uint8_t *bytes = read_module("wasi_test.wasm", &size);
    const char *dirs[] = { "." };
    const char *env[] = { "A=1" };
    char *args[] = { "prog", "one", "two" };
    wasm_module_t module = wasm_runtime_load(bytes, size, error, sizeof(error));
    wasm_module_inst_t inst;
    wasm_exec_env_t exec_env;

    CHECK(module != NULL, "load WASI: %s", error);
    wasm_runtime_set_wasi_args(module, dirs, 1, NULL, 0, env, 1, args, 3);
    wasm_runtime_set_wasi_args(NULL, dirs, 1, NULL, 0, env, 1, args, 3);
    wasm_runtime_set_wasi_args(module, NULL, 5, NULL, 0, NULL, 0, args, 3); /* NULL lists are empty */
    inst = wasm_runtime_instantiate(module, 8192, 8192, error, sizeof(error));
    CHECK(inst != NULL, "instantiate WASI: %s", error);
    CHECK(wasm_runtime_is_wasi_mode(inst), "WASI mode");
    exec_env = wasm_runtime_get_exec_env_singleton(inst);
    CHECK(call_i32(exec_env, inst, "argc", 0, argv) && argv[0] == 3, "argc through WASI: %u", argv[0]);
    CHECK(wasm_runtime_lookup_wasi_start_function(inst) == wasm_runtime_lookup_function(inst, "_start"), "_start");
    CHECK(!wasm_runtime_call_wasm(exec_env, wasm_runtime_lookup_wasi_start_function(inst), 0, NULL), "proc_exit ends the call");
    CHECK(strcmp(EXC(inst), "Exception: wasi proc exit") == 0, "%s", EXC(inst));
    CHECK(wasm_runtime_get_wasi_exit_code(inst) == 3, "exit code %u", wasm_runtime_get_wasi_exit_code(inst));
    wasm_runtime_deinstantiate(inst);
    CHECK(!wasm_runtime_is_wasi_mode(inst) && wasm_runtime_get_wasi_exit_code(inst) == 0, "stale WASI instance");

    /* stdout on a pipe of the host's (wasm_runtime_set_wasi_args_ex) */
    {
        int fds[2];
        char got[8] = { 0 };
        CHECK(pipe(fds) == 0, "pipe");
        wasm_runtime_set_wasi_args_ex(module, NULL, 0, NULL, 0, NULL, 0, args, 1, -1, fds[1], -1);
        wasm_runtime_set_wasi_args_ex(NULL, NULL, 0, NULL, 0, NULL, 0, args, 1, -1, fds[1], -1);
        inst = wasm_runtime_instantiate(module, 8192, 8192, error, sizeof(error));
        CHECK(inst != NULL, "instantiate WASI with a pipe: %s", error);
        exec_env = wasm_runtime_get_exec_env_singleton(inst);
        CHECK(call_i32(exec_env, inst, "hello", 0, argv) && argv[0] == 0, "fd_write: errno %u", argv[0]);
        CHECK(read(fds[0], got, sizeof(got) - 1) == 3 && strcmp(got, "hi\n") == 0, "the pipe got \"%s\"", got);
        CHECK(call_i32(exec_env, inst, "argc", 0, argv) && argv[0] == 1, "argc 1: %u", argv[0]);
        wasm_runtime_deinstantiate(inst);
        CHECK(write(fds[1], "x", 1) == 1, "the runtime did not close the host's descriptor");
        close(fds[0]);
        close(fds[1]);
    }

    /* a directory that does not exist fails the instantiation */
    dirs[0] = "/no/such/directory/here";
    wasm_runtime_set_wasi_args(module, dirs, 1, NULL, 0, NULL, 0, NULL, 0);
    CHECK(wasm_runtime_instantiate(module, 8192, 8192, error, sizeof(error)) == NULL, "missing pre-opened directory");
    CHECK(STARTS(error, "WASM module instantiate failed: "), "%s", error);
    wasm_runtime_unload(module);
    free(bytes);
}

static void
test_own_malloc(void)
{
    char error[128];
    uint32_t size;
    uint8_t *bytes = read_module("own_malloc.wasm", &size);
    wasm_module_t module = wasm_runtime_load(bytes, size, error, sizeof(error));
    wasm_module_inst_t inst = wasm_runtime_instantiate(module, 8192, 8192, error, sizeof(error));
    void *native = NULL;

    CHECK(inst != NULL, "instantiate own malloc: %s", error);
    CHECK(wasm_runtime_module_malloc(inst, 16, &native) == 1024 && native != NULL, "the module's own malloc");
    CHECK(wasm_runtime_module_malloc(inst, 16, NULL) == 1040, "bumped");
    CHECK(wasm_runtime_module_malloc(inst, 13, NULL) == 0, "its malloc traps");
    CHECK(strcmp(EXC(inst), "Exception: unreachable") == 0, "%s", EXC(inst));
    wasm_runtime_clear_exception(inst);
    wasm_runtime_module_free(inst, 1024);
    passed++;
    wasm_runtime_deinstantiate(inst);
    wasm_runtime_unload(module);
    free(bytes);

    /* an instance without memory */
    memcpy(error, empty_module, sizeof(empty_module));
    module = wasm_runtime_load((uint8_t *)error, sizeof(empty_module), NULL, 0);
    inst = wasm_runtime_instantiate(module, 0, 0, NULL, 0);
    CHECK(inst != NULL, "an empty module instantiates");
    CHECK(wasm_runtime_module_malloc(inst, 4, NULL) == 0, "no memory: malloc 0");
    CHECK(!wasm_runtime_validate_app_addr(inst, 0, 0), "no memory: nothing is valid");
    CHECK(strcmp(EXC(inst), "Exception: out of bounds memory access") == 0, "%s", EXC(inst));
    CHECK(wasm_runtime_addr_app_to_native(inst, 0) == NULL, "no memory: no native address");
    wasm_runtime_deinstantiate(inst);
    wasm_runtime_unload(module);
}

static void *
terminate_later(void *inst)
{
    struct timespec pause = { 0, 200 * 1000 * 1000 };
    nanosleep(&pause, NULL);
    wasm_runtime_terminate((wasm_module_inst_t)inst);
    return NULL;
}

static void
test_terminate(wasm_module_inst_t inst, wasm_exec_env_t env)
{
    pthread_t thread;
    uint32_t argv[2] = { 2, 3 };

    /* an endless loop stopped from another thread */
    CHECK(pthread_create(&thread, NULL, terminate_later, inst) == 0, "thread");
    CHECK(!call_i32(env, inst, "spin", 0, argv), "spin is terminated");
    pthread_join(thread, NULL);
    CHECK(strcmp(EXC(inst), "Exception: terminated by user") == 0, "%s", EXC(inst));
    CHECK(!call_i32(env, inst, "add", 2, argv), "nothing runs until the exception is cleared");
    wasm_runtime_clear_exception(inst);
    CHECK(call_i32(env, inst, "add", 2, argv) && argv[0] == 5, "runs again after clear");
    /* terminated while idle */
    wasm_runtime_terminate(inst);
    CHECK(!call_i32(env, inst, "add", 2, argv), "terminated while idle");
    wasm_runtime_clear_exception(inst);
    wasm_runtime_terminate(NULL);
    passed++; /* NULL: ignored */
}

static void
test_execute_main(void)
{
    char error[128];
    uint32_t size;
    uint8_t *bytes = read_module("main_test.wasm", &size);
    wasm_module_t module = wasm_runtime_load(bytes, size, error, sizeof(error));
    wasm_module_inst_t inst = wasm_runtime_instantiate(module, 8192, 8192, error, sizeof(error)), no_heap;
    char *args[] = { "prog", "A", "third", NULL };

    CHECK(inst != NULL, "instantiate main_test: %s", error);
    CHECK(wasm_application_execute_main(inst, 3, args), "execute main: %s", EXC(inst));
    CHECK(*(int *)args == 3 * 100 + 'A', "main's result replaces argv[0]'s first int: %d", *(int *)args);
    CHECK(!wasm_application_execute_main(NULL, 0, NULL), "execute_main(NULL)");
    wasm_runtime_deinstantiate(inst);
    no_heap = wasm_runtime_instantiate(module, 8192, 0, error, sizeof(error));
    args[0] = "prog";
    CHECK(!wasm_application_execute_main(no_heap, 2, args), "no app heap for argv");
    CHECK(strcmp(EXC(no_heap), "Exception: allocate memory failed") == 0, "%s", EXC(no_heap));
    wasm_runtime_deinstantiate(no_heap);
    wasm_runtime_unload(module);
    free(bytes);

    bytes = read_module("wasi_test.wasm", &size);
    module = wasm_runtime_load(bytes, size, error, sizeof(error));
    inst = wasm_runtime_instantiate(module, 8192, 8192, error, sizeof(error));
    CHECK(wasm_application_execute_main(inst, 0, NULL), "a WASI command's proc_exit is success");
    CHECK(wasm_runtime_get_exception(inst) == NULL && wasm_runtime_get_wasi_exit_code(inst) == 3, "exit code 3");
    wasm_runtime_deinstantiate(inst);
    wasm_runtime_unload(module);
    free(bytes);

    memcpy(error, empty_module, sizeof(empty_module));
    module = wasm_runtime_load((uint8_t *)error, sizeof(empty_module), NULL, 0);
    inst = wasm_runtime_instantiate(module, 0, 0, NULL, 0);
    CHECK(!wasm_application_execute_main(inst, 0, NULL), "no entry point");
    CHECK(CONTAINS(wasm_runtime_get_exception(inst), "lookup the entry point symbol"), "%s", EXC(inst));
    wasm_runtime_deinstantiate(inst);
    wasm_runtime_unload(module);
}

static void
test_stale(wasm_module_t module, wasm_module_inst_t inst, wasm_exec_env_t env)
{
    wasm_function_inst_t add = wasm_runtime_lookup_function(inst, "add");
    wasm_memory_inst_t memory = wasm_runtime_get_default_memory(inst);
    uint32_t argv[2] = { 1, 2 };
    char error[128];

    wasm_runtime_deinstantiate(inst);
    CHECK(!wasm_runtime_call_wasm(env, add, 2, argv), "call after deinstantiate");
    CHECK(wasm_runtime_lookup_function(inst, "add") == NULL, "lookup after deinstantiate");
    CHECK(wasm_runtime_get_exception(inst) == NULL, "exception after deinstantiate");
    CHECK(wasm_runtime_module_malloc(inst, 8, NULL) == 0, "malloc after deinstantiate");
    CHECK(wasm_runtime_addr_app_to_native(inst, 0) == NULL, "address after deinstantiate");
    CHECK(wasm_runtime_get_module_inst(env) == NULL, "exec env after deinstantiate");
    CHECK(wasm_func_get_param_count(add, inst) == 0, "function after deinstantiate");
    CHECK(wasm_memory_get_base_address(memory) == NULL && wasm_memory_get_cur_page_count(memory) == 0, "memory after deinstantiate");
    wasm_runtime_deinstantiate(inst);
    passed++; /* deinstantiate twice: ignored */

    /* a module: instantiate, unload, the instance keeps working */
    inst = wasm_runtime_instantiate(module, 8192, 8192, error, sizeof(error));
    CHECK(inst != NULL, "instantiate again: %s", error);
    wasm_runtime_unload(module);
    CHECK(wasm_runtime_get_module(inst) == NULL, "get_module after unload");
    env = wasm_runtime_get_exec_env_singleton(inst);
    CHECK(call_i32(env, inst, "add", 2, argv) && argv[0] == 3, "an instance outlives its module");
    CHECK(wasm_runtime_instantiate(module, 8192, 8192, error, sizeof(error)) == NULL, "instantiate after unload");
    wasm_runtime_get_module(inst); /* keep inst alive across destroy */

    /* destroy makes every handle stale */
    wasm_runtime_destroy();
    CHECK(wasm_runtime_lookup_function(inst, "add") == NULL, "lookup after destroy");
    CHECK(!wasm_runtime_call_wasm(env, add, 2, argv), "call after destroy");
    wasm_runtime_deinstantiate(inst);
    wasm_runtime_destroy();
    passed++; /* deinstantiate after destroy, destroy twice: ignored */
}

int
main(int argc, char *argv[])
{
    char error[200];
    uint32_t size;
    uint8_t *bytes;
    wasm_module_t module;
    wasm_module_inst_t inst;
    wasm_exec_env_t env;
    RuntimeInitArgs args;

    if (argc < 2) {
        printf("usage: test_c_api DIR\n");
        return 2;
    }
    dir = argv[1];
    setvbuf(stdout, NULL, _IONBF, 0);

    test_before_init();
    test_init();
    test_allocator();
    test_pool();

    memset(&args, 0, sizeof(args));
    args.mem_alloc_type = Alloc_With_System_Allocator;
    args.running_mode = Mode_Interp;
    args.native_module_name = "env";
    args.native_symbols = natives;
    args.n_native_symbols = sizeof(natives) / sizeof(natives[0]);
    CHECK(wasm_runtime_full_init(&args), "full init with natives");
    CHECK(wasm_runtime_register_natives_raw("env", raw_natives, sizeof(raw_natives) / sizeof(raw_natives[0])), "raw natives");

    test_load();
    test_register_errors();
    test_instantiate_errors();

    bytes = read_module("capi_test.wasm", &size);
    module = wasm_runtime_load(bytes, size, error, sizeof(error));
    CHECK(module != NULL, "load: %s", error);
    free(bytes); /* the runtime keeps its own copy */
    test_module_queries(module);
    inst = wasm_runtime_instantiate(module, 8192, 16384, error, sizeof(error));
    CHECK(inst != NULL, "instantiate: %s", error);
    if (!inst)
        return 1;
    env = wasm_runtime_create_exec_env(inst, 8192);
    CHECK(wasm_runtime_get_app_addr_range(inst, 0, NULL, &mem_end) && mem_end >= 65536 + 16384, "memory size %" PRIu64, mem_end);
    test_calls(inst, env);
    test_traps(inst, env);
    test_natives(inst, env);
    test_memory(inst, env);
    test_exec_envs_and_data(inst, module);
    test_wasi();
    test_own_malloc();
    test_terminate(inst, env);
    test_execute_main();
    test_stale(module, inst, env);

    printf("%d checks passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

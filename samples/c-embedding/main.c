/*
 * samples/c-embedding: a C host of WAMR's embedding API (wasm_export.h), linked against
 * Microwasm's libmicrowasm.so. The same source compiles against WAMR's own header.
 *
 *   ./build.sh && ./c-embedding embed.wasm
 *
 * It loads embed.wasm, calls fib, registers natives with signature strings (one of them calls
 * back into wasm), passes a string through module malloc, and reads back a trap with
 * wasm_runtime_get_exception.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm_export.h"

/* WAMR 1.x's wasm_runtime_lookup_function took a third argument (a signature, NULL here); WAMR
 * 2.x's headers, like Microwasm's, define WASM_MEMORY_T_DEFINED and take two. */
#ifdef WASM_MEMORY_T_DEFINED
#define LOOKUP(inst, name) wasm_runtime_lookup_function(inst, name)
#else
#define LOOKUP(inst, name) wasm_runtime_lookup_function(inst, name, NULL)
#endif

/* "(*~)": the runtime checked [text, text + length) and passes it as a native pointer */
static void
host_log(wasm_exec_env_t exec_env, const char *text, int32_t length)
{
    (void)exec_env;
    printf("host_log: %.*s\n", (int)length, text);
}

/* "(i)i": calls the wasm export "square" on the same exec env, then doubles it */
static int32_t
host_twice(wasm_exec_env_t exec_env, int32_t x)
{
    wasm_module_inst_t module_inst = get_module_inst(exec_env);
    wasm_function_inst_t square = LOOKUP(module_inst, "square");
    uint32_t argv[1] = { (uint32_t)x };
    if (!square || !wasm_runtime_call_wasm(exec_env, square, 1, argv)) {
        /* the wasm code that called this native traps with the exception */
        wasm_runtime_set_exception(module_inst, "host_twice: square failed");
        return 0;
    }
    return 2 * (int32_t)argv[0];
}

static NativeSymbol natives[] = {
    { "host_log", (void *)host_log, "(*~)", NULL },
    { "host_twice", (void *)host_twice, "(i)i", NULL },
};

static uint8_t *
read_file(const char *path, uint32_t *size)
{
    FILE *file = fopen(path, "rb");
    uint8_t *buffer;
    long length;
    if (!file)
        return NULL;
    fseek(file, 0, SEEK_END);
    length = ftell(file);
    fseek(file, 0, SEEK_SET);
    buffer = malloc(length > 0 ? (size_t)length : 1);
    if (buffer && fread(buffer, 1, (size_t)length, file) != (size_t)length) {
        free(buffer);
        buffer = NULL;
    }
    fclose(file);
    *size = (uint32_t)length;
    return buffer;
}

/* calls an export taking and returning i32s; prints the result or the exception */
static int
call(wasm_exec_env_t exec_env, wasm_module_inst_t inst, const char *name, uint32_t argc, uint32_t *argv)
{
    wasm_function_inst_t function = LOOKUP(inst, name);
    if (!function) {
        printf("%s: not exported\n", name);
        return 0;
    }
    if (!wasm_runtime_call_wasm(exec_env, function, argc, argv)) {
        printf("%s trapped: %s\n", name, wasm_runtime_get_exception(inst));
        wasm_runtime_clear_exception(inst);
        return 0;
    }
    return 1;
}

int
main(int argc, char *argv_main[])
{
    const char *path = argc > 1 ? argv_main[1] : "embed.wasm";
    char error[128];
    RuntimeInitArgs init_args;
    uint32_t size, argv[2];
    uint8_t *bytes;
    wasm_module_t module;
    wasm_module_inst_t inst;
    wasm_exec_env_t exec_env;
    void *native = NULL;
    uint64_t app;
    int status = 1;

    memset(&init_args, 0, sizeof(init_args));
    init_args.mem_alloc_type = Alloc_With_System_Allocator;
    init_args.native_module_name = "env";
    init_args.native_symbols = natives;
    init_args.n_native_symbols = sizeof(natives) / sizeof(natives[0]);
    if (!wasm_runtime_full_init(&init_args)) {
        printf("wasm_runtime_full_init failed\n");
        return 1;
    }

    if (!(bytes = read_file(path, &size))) {
        printf("cannot read %s\n", path);
        goto destroy;
    }
    if (!(module = wasm_runtime_load(bytes, size, error, sizeof(error)))) {
        printf("%s\n", error);
        goto free_bytes;
    }
    /* 8 KB of stack, 8 KB of app heap (for module malloc) */
    if (!(inst = wasm_runtime_instantiate(module, 8192, 8192, error, sizeof(error)))) {
        printf("%s\n", error);
        goto unload;
    }
    if (!(exec_env = wasm_runtime_create_exec_env(inst, 8192))) {
        printf("wasm_runtime_create_exec_env failed\n");
        goto deinstantiate;
    }

    argv[0] = 20;
    if (call(exec_env, inst, "fib", 1, argv))
        printf("fib(20) = %u\n", argv[0]);

    argv[0] = 10;
    if (call(exec_env, inst, "fib_and_log", 1, argv))
        printf("fib_and_log(10) = %u\n", argv[0]);

    argv[0] = 7;
    if (call(exec_env, inst, "twice_plus_one", 1, argv))
        printf("twice_plus_one(7) = %u (wasm -> host_twice -> wasm square)\n", argv[0]);

    app = wasm_runtime_module_malloc(inst, 32, &native);
    if (app && native) {
        strcpy((char *)native, "written by the host");
        argv[0] = (uint32_t)app;
        if (call(exec_env, inst, "length", 1, argv))
            printf("length(module_malloc'd string at %u) = %u\n", (uint32_t)app, argv[0]);
        wasm_runtime_module_free(inst, app);
    }

    argv[0] = 1;
    argv[1] = 0;
    if (call(exec_env, inst, "divide", 2, argv))
        printf("divide(1, 0) = %d (expected a trap)\n", (int32_t)argv[0]);
    else
        status = 0;

    wasm_runtime_destroy_exec_env(exec_env);
deinstantiate:
    wasm_runtime_deinstantiate(inst);
unload:
    wasm_runtime_unload(module);
free_bytes:
    free(bytes);
destroy:
    wasm_runtime_destroy();
    return status;
}

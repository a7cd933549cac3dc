/*
 * lib_export.h: the native symbol table of WAMR's embedding API, for libmicrowasm.
 *
 * Declarations follow WAMR 2.x (names, types and layout), so that a C host written for WAMR
 * compiles unchanged against this header and links with -lmicrowasm. The text is Microwasm's.
 */
#ifndef _LIB_EXPORT_H_
#define _LIB_EXPORT_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One host function offered to wasm: the import field name it satisfies, the C function, the
 * signature string that says how wasm arguments become C arguments (see
 * wasm_runtime_register_natives in wasm_export.h), and a pointer the function can read back with
 * wasm_runtime_get_function_attachment while it runs. */
typedef struct NativeSymbol {
    const char *symbol;
    void *func_ptr;
    const char *signature;
    void *attachment;
} NativeSymbol;

/* Table entries: the function's own name as the symbol, optionally a signature and an attachment;
 * the ...2 forms name a wrapper function <symbol>_wrapper. */
#define EXPORT_WASM_API(symbol) { #symbol, (void *)symbol, NULL, NULL }
#define EXPORT_WASM_API2(symbol) { #symbol, (void *)symbol##_wrapper, NULL, NULL }
#define EXPORT_WASM_API_WITH_SIG(symbol, signature) { #symbol, (void *)symbol, signature, NULL }
#define EXPORT_WASM_API_WITH_SIG2(symbol, signature) { #symbol, (void *)symbol##_wrapper, signature, NULL }
#define EXPORT_WASM_API_WITH_ATT(symbol, signature, attachment) { #symbol, (void *)symbol, signature, attachment }
#define EXPORT_WASM_API_WITH_ATT2(symbol, signature, attachment) { #symbol, (void *)symbol##_wrapper, signature, attachment }

#ifdef __cplusplus
}
#endif

#endif /* _LIB_EXPORT_H_ */

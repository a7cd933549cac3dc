/* Microwasm builtin libc (WAMR-compatible): assert prints the failed
 * expression and traps (the runtime reports the trap). NDEBUG turns it off. */
#undef assert
#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#include <stdio.h>
#define assert(e)                                                           \
    ((e) ? (void)0                                                          \
         : (printf("%s:%d: assertion failed: %s\n", __FILE__, __LINE__, #e), \
            __builtin_trap()))
#endif

#ifndef _MICROWASM_ASSERT_H
#define _MICROWASM_ASSERT_H
#if !defined(__cplusplus) && __STDC_VERSION__ >= 201112L
#define static_assert _Static_assert
#endif
#endif

/* Microwasm builtin libc (WAMR-compatible): what the runtime provides from module "env". */
#ifndef _MICROWASM_STRINGS_H
#define _MICROWASM_STRINGS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

int strncasecmp(const char *a, const char *b, size_t n);

#ifdef __cplusplus
}
#endif

#endif

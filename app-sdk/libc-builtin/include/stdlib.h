/* Microwasm builtin libc (WAMR-compatible): what the runtime provides from module "env". */
#ifndef _MICROWASM_STDLIB_H
#define _MICROWASM_STDLIB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

/* The app heap: a region of linear memory the runtime manages (its bookkeeping is outside). */
void *malloc(size_t size);
void *calloc(size_t count, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);

int atoi(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);

void exit(int status) __attribute__((noreturn));
void abort(void) __attribute__((noreturn));

#ifdef __cplusplus
}
#endif

#endif

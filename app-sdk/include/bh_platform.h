/*
 * Microwasm applet SDK: the small platform layer every SDK file builds on.
 * Written for Microwasm; names and types follow WAMR's app framework so that
 * applets written for WAMR compile unchanged.
 */
#ifndef _MICROWASM_BH_PLATFORM_H
#define _MICROWASM_BH_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* WAMR's short integer names (int8 is plain char there too). */
typedef unsigned char uint8;
typedef char int8;
typedef unsigned short uint16;
typedef short int16;
typedef unsigned int uint32;
typedef int int32;

#ifndef NULL
#define NULL ((void *)0)
#endif

/* Code shared between applets and the native side allocates through these. */
#ifndef WA_MALLOC
#define WA_MALLOC malloc
#endif
#ifndef WA_FREE
#define WA_FREE free
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Byte order of the packed request/response headers: big-endian ("network"). */
uint32 htonl(uint32 value);
uint32 ntohl(uint32 value);
uint16 htons(uint16 value);
uint16 ntohs(uint16 value);

#ifdef __cplusplus
}
#endif

/* Bounds are the sandbox's business inside wasm; kept for source compatibility. */
#define bh_memcpy_s(dst, dst_len, src, src_len) memcpy(dst, src, src_len)

#ifdef NDEBUG
#define bh_assert(v) (void)0
#else
#define bh_assert(v)                                                        \
    do {                                                                    \
        if (!(v)) {                                                         \
            printf("ASSERTION FAILED: %s, at %s, line %d\n", #v, __FILE__,  \
                   __LINE__);                                               \
            __builtin_trap();                                               \
        }                                                                   \
    } while (0)
#endif

#endif

/* Microwasm builtin libc (WAMR-compatible): what the runtime provides from module "env". */
#ifndef _MICROWASM_TIME_H
#define _MICROWASM_TIME_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* As in wasi-sdk: clock() counts nanoseconds, so clock_t is 64 bits (the native returns an i64). */
typedef long long clock_t;
#define CLOCKS_PER_SEC ((clock_t)1000000000)

typedef long long time_t;
typedef int clockid_t;

/* 16 bytes on wasm32: tv_sec at 0, tv_nsec at 8 (the layout the native writes). */
struct timespec {
    time_t tv_sec;
    long tv_nsec;
};

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1

clock_t clock(void);
int clock_gettime(clockid_t clock_id, struct timespec *ts);

#ifdef __cplusplus
}
#endif

#endif

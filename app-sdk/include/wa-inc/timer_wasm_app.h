/*
 * Microwasm applet SDK: timers (WAMR's API). Callbacks run on the applet's
 * own thread, between its other messages.
 */
#ifndef _AEE_TIMER_H_
#define _AEE_TIMER_H_

#include "bh_platform.h"

#ifdef __cplusplus
extern "C" {
#endif

struct user_timer;
typedef struct user_timer *user_timer_t;

typedef void (*on_user_timer_update_f)(user_timer_t timer);

/* A timer of interval ms, one-shot or periodic, started now or later by
 * api_timer_restart. NULL when the runtime refuses (e.g. too many timers). */
user_timer_t api_timer_create(int interval, bool is_period, bool auto_start,
                              on_user_timer_update_f on_timer_update);

/* Stops the timer and releases it; the handle is invalid afterwards. */
void api_timer_cancel(user_timer_t timer);

/* (Re)starts the timer with a new interval in ms. */
void api_timer_restart(user_timer_t timer, int interval);

#ifdef __cplusplus
}
#endif

#endif

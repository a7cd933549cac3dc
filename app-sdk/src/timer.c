/*
 * Microwasm applet SDK: timers. Each user_timer_t maps a runtime timer id to
 * its callback; on_timer_callback is the export the runtime calls.
 */
#include "wa-inc/timer_wasm_app.h"
#include "env_natives.h"
#include "sdk_internal.h"

struct user_timer {
    struct user_timer *next;
    timer_id_t timer_id;
    on_user_timer_update_f callback;
};

static struct user_timer *g_timers = NULL;

user_timer_t
api_timer_create(int interval, bool is_period, bool auto_start,
                 on_user_timer_update_f on_timer_update)
{
    struct user_timer *t;
    timer_id_t id;

    if (!(t = (struct user_timer *)malloc(sizeof(*t)))) {
        printf("### api_timer_create malloc faild!!! \n");
        return NULL;
    }
    id = wasm_create_timer(interval, is_period, auto_start);
    if (id == (timer_id_t)-1) {
        /* the runtime refused (too many timers, bad interval) */
        free(t);
        return NULL;
    }
    t->timer_id = id;
    t->callback = on_timer_update;
    t->next = g_timers;
    g_timers = t;
    return t;
}

void
wa_timer_stop(user_timer_t timer)
{
    if (timer)
        wasm_timer_cancel(timer->timer_id);
}

void
api_timer_cancel(user_timer_t timer)
{
    struct user_timer **link;

    if (!timer)
        return;
    for (link = &g_timers; *link; link = &(*link)->next) {
        if (*link == timer) {
            *link = timer->next;
            /* the handle dies here, so the runtime's timer can go too
               (WAMR only stops it, and the applet's timer slots run out) */
            wasm_timer_cancel(timer->timer_id);
            wasm_timer_destroy(timer->timer_id);
            free(timer);
            return;
        }
    }
}

void
api_timer_restart(user_timer_t timer, int interval)
{
    if (timer)
        wasm_timer_restart(timer->timer_id, interval);
}

/* Called by the runtime when timer timer_id expires. */
void
on_timer_callback(int timer_id)
{
    struct user_timer *t;

    for (t = g_timers; t; t = t->next) {
        if (t->timer_id == (timer_id_t)timer_id) {
            if (t->callback)
                t->callback(t);
            return;
        }
    }
}

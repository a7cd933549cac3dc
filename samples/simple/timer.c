/*
 * timer: a periodic 1 s timer that prints "Timer update <n>" (n from 0).
 * Same behaviour as WAMR's samples/simple timer applet.
 */
#include "wasm_app.h"
#include "wa-inc/timer_wasm_app.h"

static int ticks = 0;

static void
on_tick(user_timer_t timer)
{
    printf("Timer update %d\n", ticks++);
}

void
on_init(void)
{
    /* created stopped, then started: the way WAMR's sample does it */
    user_timer_t timer = api_timer_create(1000, true, false, on_tick);
    if (timer)
        api_timer_restart(timer, 1000);
    else
        printf("timer: cannot create a timer\n");
}

void
on_destroy(void)
{
    /* the runtime stops and frees the applet's timers */
}

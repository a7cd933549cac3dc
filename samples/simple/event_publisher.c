/*
 * event_publisher: every second publishes the event "alert/overheat" with an
 * attr_container tagged "event" holding warning = "temperature is over high".
 * Same behaviour as WAMR's samples/simple applet.
 */
#include "wasm_app.h"
#include "wa-inc/request.h"
#include "wa-inc/timer_wasm_app.h"

static void
publish_overheat(user_timer_t timer)
{
    attr_container_t *event = attr_container_create("event");

    if (!event)
        return;
    if (attr_container_set_string(&event, "warning", "temperature is over high"))
        api_publish_event("alert/overheat", FMT_ATTR_CONTAINER, event,
                          (int)attr_container_get_serialize_length(event));
    attr_container_destroy(event);
}

void
on_init(void)
{
    user_timer_t timer = api_timer_create(1000, true, false, publish_overheat);
    if (timer)
        api_timer_restart(timer, 1000);
}

void
on_destroy(void)
{
}

/*
 * event_subscriber: subscribes to "alert/overheat" and prints each event
 * ("### user over heat event handler called" and a dump of its payload).
 * Same behaviour and output as WAMR's samples/simple applet.
 */
#include "wasm_app.h"
#include "wa-inc/request.h"

static void
on_overheat(request_t *event)
{
    printf("### user over heat event handler called\n");
    if (event->payload && event->fmt == FMT_ATTR_CONTAINER)
        attr_container_dump((attr_container_t *)event->payload);
}

void
on_init(void)
{
    api_subscribe_event("alert/overheat", on_overheat);
}

void
on_destroy(void)
{
}

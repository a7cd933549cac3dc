/*
 * as_asker: a C applet that talks to samples/assemblyscript-applet. At start it sends
 * POST /as/count {add: 2}, then GET /as/count, printing each answer, and it prints the
 * first as/tick event the AssemblyScript applet publishes.
 */
#include "wasm_app.h"
#include "wa-inc/request.h"

static int ticks_seen;

static void
on_answer(response_t *response, void *user_data)
{
    attr_container_t *body;

    if (!response) {
        printf("[c] %s: timeout\n", (const char *)user_data);
        return;
    }
    body = response->fmt == FMT_ATTR_CONTAINER ? (attr_container_t *)response->payload : NULL;
    if (body)
        printf("[c] %s status:%d count:%d language:%s\n", (const char *)user_data, response->status,
               attr_container_get_as_int(body, "count"), attr_container_get_as_string(body, "language"));
    else
        printf("[c] %s status:%d\n", (const char *)user_data, response->status);
}

static void
on_tick(request_t *event)
{
    if (ticks_seen++ == 0 && event->payload && event->fmt == FMT_ATTR_CONTAINER)
        printf("[c] tick n:%d\n", attr_container_get_as_int((attr_container_t *)event->payload, "n"));
}

void
on_init(void)
{
    request_t request[1];
    attr_container_t *body = attr_container_create("");

    if (body && attr_container_set_int(&body, "add", 2)) {
        init_request(request, "/as/count", COAP_POST, FMT_ATTR_CONTAINER, body,
                     (int)attr_container_get_serialize_length(body));
        api_send_request(request, on_answer, "post");
    }
    attr_container_destroy(body);

    init_request(request, "/as/count", COAP_GET, 0, NULL, 0);
    api_send_request(request, on_answer, "get");

    api_subscribe_event("as/tick", on_tick);
}

void
on_destroy(void)
{
}

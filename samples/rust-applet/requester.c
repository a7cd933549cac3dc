/*
 * requester: a C applet that talks to rust_service. At start it sends
 * PUT /rust/sum {a: 20, b: 22} and GET /rust/sum, prints each answer
 * ("[c] sum status:69 sum:42" and "[c] counts status:69 requests:2"), and
 * prints each rust/overheat-summary event it receives
 * ("[c] summary events:<n>").
 */
#include "wasm_app.h"
#include "wa-inc/request.h"

static void
on_sum(response_t *response, void *user_data)
{
    attr_container_t *body;

    if (!response) {
        printf("[c] %s: timeout\n", (const char *)user_data);
        return;
    }
    body = response->fmt == FMT_ATTR_CONTAINER ? (attr_container_t *)response->payload : NULL;
    if (body && attr_container_contain_key(body, "sum"))
        printf("[c] sum status:%d sum:%d from:%s\n", response->status,
               (int)attr_container_get_as_int64(body, "sum"),
               attr_container_get_as_string(body, "from"));
    else if (body)
        printf("[c] counts status:%d requests:%d\n", response->status,
               attr_container_get_as_int(body, "requests"));
    else
        printf("[c] %s status:%d\n", (const char *)user_data, response->status);
}

static void
on_summary(request_t *event)
{
    if (event->payload && event->fmt == FMT_ATTR_CONTAINER)
        printf("[c] summary events:%d\n",
               attr_container_get_as_int((attr_container_t *)event->payload, "events"));
}

void
on_init(void)
{
    request_t request[1];
    attr_container_t *operands = attr_container_create("operands");

    if (operands && attr_container_set_int(&operands, "a", 20)
        && attr_container_set_int(&operands, "b", 22)) {
        init_request(request, "/rust/sum", COAP_PUT, FMT_ATTR_CONTAINER, operands,
                     (int)attr_container_get_serialize_length(operands));
        api_send_request(request, on_sum, "put");
    }
    attr_container_destroy(operands);

    init_request(request, "/rust/sum", COAP_GET, 0, NULL, 0);
    api_send_request(request, on_sum, "get");

    api_subscribe_event("rust/overheat-summary", on_summary);
}

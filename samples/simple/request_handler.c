/*
 * request_handler: serves two resources.
 *   /url1 -> 2.05 CONTENT, an attr_container tagged "wasm app response
 *            payload" with key1 = "value1" and key2 = "value2"
 *   /url2 -> 2.02 DELETED, no payload
 * Reachable as /app/request_handler/url1 or, since it registers the prefix,
 * as /url1. Same behaviour and output as WAMR's samples/simple applet.
 */
#include "wasm_app.h"
#include "wa-inc/request.h"

static void
answer_url1(request_t *request)
{
    response_t response[1];
    attr_container_t *body;

    printf("[resp] ### user resource 1 handler called\n");
    if (request->payload && request->fmt == FMT_ATTR_CONTAINER)
        attr_container_dump((attr_container_t *)request->payload);

    if (!(body = attr_container_create("wasm app response payload")))
        return;
    if (attr_container_set_string(&body, "key1", "value1")
        && attr_container_set_string(&body, "key2", "value2")) {
        make_response_for_request(request, response);
        set_response(response, CONTENT_2_05, FMT_ATTR_CONTAINER, (char *)body,
                     (int)attr_container_get_serialize_length(body));
        api_response_send(response);
    }
    attr_container_destroy(body);
}

static void
answer_url2(request_t *request)
{
    response_t response[1];

    make_response_for_request(request, response);
    set_response(response, DELETED_2_02, 0, NULL, 0);
    api_response_send(response);
    printf("### user resource 2 handler called\n");
}

void
on_init(void)
{
    api_register_resource_handler("/url1", answer_url1);
    api_register_resource_handler("/url2", answer_url2);
}

void
on_destroy(void)
{
}

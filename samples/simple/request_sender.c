/*
 * request_sender: at start, sends PUT /app/request_handler/url1 (to that
 * applet by name) and PUT url1 (to whoever registered /url1), and prints each
 * response (and its attr_container payload), or "[req] request timeout!"
 * after 5 s without one. Same behaviour and output as WAMR's sample.
 */
#include "wasm_app.h"
#include "wa-inc/request.h"

static void
print_response(response_t *response, void *user_data)
{
    const char *what = (const char *)user_data;

    if (!response) {
        printf("[req] request timeout!\n");
        return;
    }
    printf("[req] response handler called mid:%d, status:%d, fmt:%d, "
           "payload:%p, len:%d, tag:%s\n",
           response->mid, response->status, response->fmt, response->payload,
           response->payload_len, what);
    if (response->payload && response->payload_len > 0
        && response->fmt == FMT_ATTR_CONTAINER) {
        printf("[req] dump the response payload:\n");
        attr_container_dump((attr_container_t *)response->payload);
    }
}

static void
send_put(char *url, char *what)
{
    request_t request[1];

    init_request(request, url, COAP_PUT, 0, NULL, 0);
    api_send_request(request, print_response, what);
}

void
on_init(void)
{
    send_put("/app/request_handler/url1", "a request to target app");
    send_put("url1", "a general request");
}

void
on_destroy(void)
{
}

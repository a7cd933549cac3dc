/*
 * many_requests: keeps 11 requests outstanding at once (WAMR's own SDK loops
 * forever on the third). 8 go to request_handler's /url1 and are answered;
 * 3 go to a url nobody registered, which WAMR's runtime drops, so they end in
 * the SDK's 5 s timeout. Install request_handler first.
 * Prints "many_requests: done, 8 responses, 3 timeouts" at the end.
 */
#include "wasm_app.h"
#include "wa-inc/request.h"

static int answered, timed_out;

static void
on_result(response_t *response, void *user_data)
{
    if (response)
        answered++;
    else
        timed_out++;
    printf("many_requests: %s -> %s (%d answered, %d timed out)\n",
           (const char *)user_data,
           response ? (response->status == CONTENT_2_05 ? "2.05" : "other")
                    : "timeout",
           answered, timed_out);
    if (answered + timed_out == 11)
        printf("many_requests: done, %d responses, %d timeouts\n", answered,
               timed_out);
}

void
on_init(void)
{
    request_t request[1];
    int i;

    for (i = 0; i < 11; i++) {
        char *url = i % 4 == 2 ? "/nobody/here" : "/app/request_handler/url1";
        init_request(request, url, COAP_GET, 0, NULL, 0);
        api_send_request(request, on_result, url);
    }
    printf("many_requests: 11 requests sent\n");
}

/*
 * Microwasm applet SDK: resources, requests, responses and events.
 *
 * Outstanding requests are kept in a list in the order they were sent, which
 * is also the order of their deadlines (each gets TRANSACTION_TIMEOUT_MS), so
 * one runtime timer armed for the oldest one serves them all. The timer is
 * created on the first request and kept for the applet's life (restarted or
 * stopped, never re-created), so any number of requests costs one timer slot.
 */
#include "wasm_app.h"
#include "wa-inc/request.h"
#include "wa-inc/timer_wasm_app.h"
#include "env_natives.h"
#include "sdk_internal.h"

#define TRANSACTION_TIMEOUT_MS 5000

typedef enum { Reg_Event, Reg_Request } reg_type_t;

typedef struct res_register {
    struct res_register *next;
    char *url;
    reg_type_t reg_type;
    request_handler_f handler;
} res_register_t;

typedef struct transaction {
    struct transaction *next;
    uint32 mid;
    uint32 start; /* wasm_get_sys_tick_ms() when sent */
    response_handler_f handler;
    void *user_data;
} transaction_t;

/* newest registration first; the first prefix match wins (as in WAMR) */
static res_register_t *g_resources = NULL;

/* oldest first; appended at the tail */
static transaction_t *g_trans_head = NULL;
static transaction_t *g_trans_tail = NULL;
static user_timer_t g_trans_timer = NULL;

static void transaction_timeout_handler(user_timer_t timer);

/* Milliseconds until t is due (0 when it already is); wraps with the tick. */
static uint32
ms_until_expiry(const transaction_t *t, uint32 now)
{
    uint32 elapsed = now - t->start;
    return elapsed >= TRANSACTION_TIMEOUT_MS ? 0
                                             : TRANSACTION_TIMEOUT_MS - elapsed;
}

/* Arms the timer for the oldest transaction, or stops it when none is left. */
static void
transaction_timer_update(void)
{
    int ms;

    if (!g_trans_head) {
        if (g_trans_timer)
            wa_timer_stop(g_trans_timer);
        return;
    }
    ms = (int)ms_until_expiry(g_trans_head, wasm_get_sys_tick_ms());
    if (ms == 0)
        ms = 1;
    if (!g_trans_timer)
        g_trans_timer =
            api_timer_create(ms, false, false, transaction_timeout_handler);
    if (g_trans_timer)
        api_timer_restart(g_trans_timer, ms);
}

static transaction_t *
transaction_take(uint32 mid)
{
    transaction_t *t = g_trans_head, *prev = NULL;

    while (t && t->mid != mid) {
        prev = t;
        t = t->next;
    }
    if (!t)
        return NULL;
    if (prev)
        prev->next = t->next;
    else
        g_trans_head = t->next;
    if (g_trans_tail == t)
        g_trans_tail = prev;
    t->next = NULL;
    return t;
}

static void
transaction_timeout_handler(user_timer_t timer)
{
    transaction_t *expired = NULL, **last = &expired, *t;
    uint32 now = wasm_get_sys_tick_ms();

    (void)timer;
    /* unlink every due transaction first: handlers may send new requests */
    while (g_trans_head && ms_until_expiry(g_trans_head, now) == 0) {
        t = g_trans_head;
        g_trans_head = t->next;
        t->next = NULL;
        *last = t;
        last = &t->next;
    }
    if (!g_trans_head)
        g_trans_tail = NULL;
    transaction_timer_update();

    while ((t = expired)) {
        expired = t->next;
        if (t->handler)
            t->handler(NULL, t->user_data);
        free(t);
    }
}

static bool
register_url_handler(const char *url, request_handler_f handler,
                     reg_type_t reg_type)
{
    res_register_t *r;

    if (!url || !*url || !handler)
        return false;
    for (r = g_resources; r; r = r->next) {
        if (r->reg_type == reg_type && strcmp(r->url, url) == 0) {
            r->handler = handler;
            return true;
        }
    }
    if (!(r = (res_register_t *)malloc(sizeof(*r))))
        return false;
    if (!(r->url = wa_strdup(url))) {
        free(r);
        return false;
    }
    r->reg_type = reg_type;
    r->handler = handler;
    r->next = g_resources;
    g_resources = r;

    /* ask the runtime to route this url (or event) to this applet */
    if (reg_type == Reg_Request)
        wasm_register_resource(url);
    else
        wasm_sub_event(url);
    return true;
}

bool
api_register_resource_handler(const char *url, request_handler_f handler)
{
    return register_url_handler(url, handler, Reg_Request);
}

bool
api_subscribe_event(const char *url, request_handler_f handler)
{
    return register_url_handler(url, handler, Reg_Event);
}

void
api_send_request(request_t *request, response_handler_f response_handler,
                 void *user_data)
{
    transaction_t *t;
    char *packet;
    int size;

    if (!request)
        return;
    if (!(t = (transaction_t *)malloc(sizeof(*t)))) {
        printf("send request: allocate memory for request transaction "
               "failed!\n");
        return;
    }
    if (!(packet = pack_request(request, &size))) {
        printf("send request: pack request failed!\n");
        free(t);
        return;
    }

    t->next = NULL;
    t->mid = request->mid;
    t->start = wasm_get_sys_tick_ms();
    t->handler = response_handler;
    t->user_data = user_data;
    if (g_trans_tail)
        g_trans_tail->next = t;
    else
        g_trans_head = t;
    g_trans_tail = t;
    if (g_trans_head == t)
        transaction_timer_update();

    wasm_post_request(packet, size);
    free_req_resp_packet(packet);
}

void
api_response_send(response_t *response)
{
    char *packet;
    int size;

    if (!response || !(packet = pack_response(response, &size)))
        return;
    wasm_response_send(packet, size);
    free_req_resp_packet(packet);
}

bool
api_publish_event(const char *url, int fmt, void *payload, int payload_len)
{
    request_t request[1];
    char *packet;
    int size;

    if (!url)
        return false;
    init_request(request, (char *)url, COAP_EVENT, fmt, payload, payload_len);
    if (!(packet = pack_request(request, &size)))
        return false;
    wasm_post_request(packet, size);
    free_req_resp_packet(packet);
    return true;
}

/* Called by the runtime: a response to a request this applet sent. */
void
on_response(char *buffer, int size)
{
    response_t response[1];
    transaction_t *t;
    bool was_oldest;

    if (!unpack_response(buffer, size, response)) {
        printf("unpack response failed\n");
        return;
    }
    was_oldest = g_trans_head && g_trans_head->mid == response->mid;
    if (!(t = transaction_take(response->mid))) {
        /* it timed out already, or was never ours */
        printf("cannot find the transaction\n");
        return;
    }
    if (was_oldest)
        transaction_timer_update();

    if (t->handler)
        t->handler(response, t->user_data);
    free(t);
}

/* Called by the runtime: a request to a registered resource, or an event. */
void
on_request(char *buffer, int size)
{
    request_t request[1];
    res_register_t *r;
    reg_type_t wanted;
    int url_len;

    if (!unpack_request(buffer, size, request)) {
        printf("unpack request failed\n");
        return;
    }

    wanted = request->action == COAP_EVENT ? Reg_Event : Reg_Request;
    url_len = (int)strlen(request->url);
    for (r = g_resources; r; r = r->next) {
        if (r->reg_type == wanted
            && check_url_start(request->url, url_len, r->url) > 0) {
            r->handler(request);
            return;
        }
    }

    printf("on_request: exit. no service handler\n");
    /* WAMR leaves the sender waiting for its timeout; answer instead */
    if (wanted == Reg_Request) {
        response_t response[1];
        make_response_for_request(request, response);
        set_response(response, NOT_FOUND_4_04, 0, NULL, 0);
        api_response_send(response);
    }
}

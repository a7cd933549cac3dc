/*
 * Unit tests of the SDK's C code, compiled natively (gcc or clang, with
 * AddressSanitizer) against stub natives: see run-native-tests.sh.
 * The stubs record what the SDK asks of the runtime; a fake tick and timer
 * table let the transaction timeouts run deterministically.
 */
#include "wasm_app.h"
#include "wa-inc/request.h"
#include "wa-inc/timer_wasm_app.h"
#include "wa-inc/sensor.h"
#include "wa-inc/connection.h"
#include <stdint.h>

void on_request(char *buffer, int size);
void on_response(char *buffer, int size);
void on_timer_callback(int timer_id);
void on_sensor_event(uint32 sensor_id, char *buffer, int len);
void on_connection_data(uint32 handle, char *buffer, uint32 len);

static int failures, checks;
#define CHECK(cond)                                                           \
    do {                                                                      \
        checks++;                                                             \
        if (!(cond)) {                                                        \
            failures++;                                                       \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);            \
        }                                                                     \
    } while (0)

/* ---- stub natives ---- */
static uint32 g_tick = 1000;
static char g_posted[64][512];
static int g_posted_len[64], g_posted_count;
static char g_resp[512];
static int g_resp_len, g_resp_count;
static char g_registered[8][64];
static int g_registered_count, g_subscribed_count;

#define MAX_TIMERS 8
static struct {
    bool used, running, periodic;
    int interval;
    uint32 due;
} g_tm[MAX_TIMERS];
static int g_timer_limit = MAX_TIMERS, g_destroyed;

uint32 wasm_get_sys_tick_ms(void) { return g_tick; }

unsigned int
wasm_create_timer(int interval, bool is_period, bool auto_start)
{
    for (int i = 1; i < g_timer_limit; i++)
        if (!g_tm[i].used) {
            g_tm[i].used = true;
            g_tm[i].periodic = is_period;
            g_tm[i].interval = interval;
            g_tm[i].running = auto_start;
            g_tm[i].due = g_tick + (uint32)interval;
            return (unsigned)i;
        }
    return (unsigned)-1;
}
void wasm_timer_destroy(unsigned int id) { g_tm[id].used = false; g_destroyed++; }
void wasm_timer_cancel(unsigned int id) { g_tm[id].running = false; }
void
wasm_timer_restart(unsigned int id, int interval)
{
    g_tm[id].running = true;
    g_tm[id].interval = interval;
    g_tm[id].due = g_tick + (uint32)interval;
}

/* Moves the clock to t, firing due timers in order (as the runtime would). */
static void
advance_to(uint32 t)
{
    for (;;) {
        int best = -1;
        for (int i = 1; i < MAX_TIMERS; i++)
            if (g_tm[i].used && g_tm[i].running
                && (int32_t)(g_tm[i].due - t) <= 0
                && (best < 0 || (int32_t)(g_tm[i].due - g_tm[best].due) < 0))
                best = i;
        if (best < 0)
            break;
        g_tick = g_tm[best].due;
        if (g_tm[best].periodic)
            g_tm[best].due += (uint32)g_tm[best].interval;
        else
            g_tm[best].running = false;
        on_timer_callback(best);
    }
    g_tick = t;
}

void
wasm_post_request(const char *buf, int size)
{
    if (g_posted_count < 64 && size <= 512) {
        memcpy(g_posted[g_posted_count], buf, (size_t)size);
        g_posted_len[g_posted_count++] = size;
    }
}
bool
wasm_response_send(const char *buf, int size)
{
    memcpy(g_resp, buf, (size_t)size);
    g_resp_len = size;
    g_resp_count++;
    return true;
}
void
wasm_register_resource(const char *url)
{
    strcpy(g_registered[g_registered_count++], url);
}
void wasm_sub_event(const char *url) { (void)url; g_subscribed_count++; }

static uint32 g_next_sensor = 7;
uint32 wasm_sensor_open(const char *name, int instance)
{
    (void)instance;
    return strcmp(name, "missing") == 0 ? (uint32)-1 : g_next_sensor++;
}
bool wasm_sensor_config(uint32 s, uint32 i, int b, uint32 d) { (void)s, (void)i, (void)b, (void)d; return true; }
bool wasm_sensor_config_with_attr_container(uint32 s, char *buf, uint32 len) { (void)s, (void)buf, (void)len; return true; }
bool wasm_sensor_close(uint32 s) { (void)s; return true; }
uint32 wasm_open_connection(const char *n, char *a, uint32 l) { (void)n, (void)a, (void)l; return 42; }
void wasm_close_connection(uint32 h) { (void)h; }
int wasm_send_on_connection(uint32 h, const char *d, uint32 l) { (void)h, (void)d; return (int)l; }
bool wasm_config_connection(uint32 h, const char *c, uint32 l) { (void)h, (void)c, (void)l; return true; }

/* ---- restful_utils ---- */
static void
test_pack_unpack(void)
{
    request_t req[1], out[1];
    response_t resp[1], rout[1];
    char payload[3] = { 'a', 'b', 'c' };
    char *p;
    int size;

    init_request(req, "/app/x/res", COAP_PUT, 99, payload, 3);
    req->sender = 0xFFFFFFFD;
    p = pack_request(req, &size);
    CHECK(p && size == 18 + 11 + 3);
    {
        const unsigned char head[18] = { 1, 3, 0, 99, 0, 0, 0, (unsigned char)req->mid,
                                                0xFF, 0xFF, 0xFF, 0xFD, 0, 11, 0, 0, 0, 3 };
        CHECK(memcmp(p, head, 18) == 0);
    }
    CHECK(unpack_request(p, size, out) == out);
    CHECK(strcmp(out->url, "/app/x/res") == 0 && out->action == COAP_PUT
          && out->fmt == 99 && out->mid == req->mid && out->sender == 0xFFFFFFFD
          && out->payload_len == 3 && memcmp(out->payload, "abc", 3) == 0);
    CHECK(unpack_request(p, size - 1, out) == NULL);
    p[0] = 2;
    CHECK(unpack_request(p, size, out) == NULL);
    p[0] = 1;
    p[18 + 10] = 'x'; /* url not NUL-terminated */
    CHECK(unpack_request(p, size, out) == NULL);
    p[18 + 10] = 0;
    p[14] = (char)0xFF; /* payload_len huge: must not wrap the size check */
    CHECK(unpack_request(p, size, out) == NULL);
    p[14] = 0;
    p[12] = 0, p[13] = 0; /* url_len 0 */
    CHECK(unpack_request(p, 18 + 3, out) == NULL);
    CHECK(unpack_request(p, 5, out) == NULL);
    free_req_resp_packet(p);

    /* no payload: NULL payload after unpacking */
    init_request(req, "u", COAP_GET, 0, NULL, 0);
    p = pack_request(req, &size);
    CHECK(p && size == 20 && unpack_request(p, size, out) && out->payload == NULL);
    free_req_resp_packet(p);
    init_request(req, "u", COAP_GET, 0, NULL, -1);
    CHECK(pack_request(req, &size) == NULL);

    make_response_for_request(out, resp);
    set_response(resp, CONTENT_2_05, 99, "xy", 2);
    resp->reciever = 0x01020304;
    p = pack_response(resp, &size);
    CHECK(p && size == 18);
    {
        static const unsigned char head[16] = { 1, 69, 0, 99, 0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 2 };
        unsigned char want[16];
        memcpy(want, head, 16);
        want[7] = (unsigned char)resp->mid;
        CHECK(memcmp(p, want, 16) == 0);
    }
    CHECK(unpack_response(p, size, rout) && rout->status == 69 && rout->fmt == 99
          && rout->reciever == 0x01020304 && rout->payload_len == 2
          && memcmp(rout->payload, "xy", 2) == 0);
    CHECK(unpack_response(p, size + 1, rout) == NULL);
    CHECK(unpack_response(p, 15, rout) == NULL);
    free_req_resp_packet(p);

    /* mids count up */
    {
        uint32 a = init_request(req, "a", 1, 0, NULL, 0)->mid;
        uint32 b = init_request(req, "a", 1, 0, NULL, 0)->mid;
        CHECK(b == a + 1);
    }
}

static void
test_clone(void)
{
    request_t req[1], *c;
    response_t resp[1], *rc;
    init_request(req, "/a", COAP_POST, 0, "hello", 5);
    c = clone_request(req);
    CHECK(c && c->url != req->url && strcmp(c->url, "/a") == 0 && c->payload != req->payload
          && c->payload_len == 5 && memcmp(c->payload, "hello", 5) == 0 && c->mid == req->mid);
    request_cleaner(c);
    set_response(resp, 69, 0, (const char *)(uintptr_t)1234, 0);
    rc = clone_response(resp);
    CHECK(rc && rc->payload == (void *)(uintptr_t)1234 && rc->payload_len == 0);
    response_cleaner(rc);
}

static void
test_urls(void)
{
    CHECK(check_url_start("/abc", 4, "/abc") == 4);
    CHECK(check_url_start("abc", 3, "/abc") == 3);
    CHECK(check_url_start("/abc/d", 6, "abc") == 5);
    CHECK(check_url_start("/abc?x=1", 8, "/abc") == 5);
    CHECK(check_url_start("/abcd", 5, "/abc") == 0);
    CHECK(check_url_start("/ab", 3, "/abc") == 0);
    CHECK(check_url_start("/abc", 4, "/abc/") == 4);
    CHECK(check_url_start("/abc", 4, "/") == 0);
    CHECK(check_url_start("/abc", 4, "") == 0);
    CHECK(check_url_start("/app/x/y", 8, "/app/") == 5);

    CHECK(match_url("/abcd", "/abcd"));
    CHECK(!match_url("/abcd", "/abcd/e"));
    CHECK(match_url("/abcd/", "/abcd"));
    CHECK(match_url("/abcd/", "/abcd/e"));
    CHECK(!match_url("/abcd/", "/abcde"));
    CHECK(match_url("/abcd*", "/abcdef"));
    CHECK(match_url("/abcd/*", "/abcd/x"));
    CHECK(!match_url("/abcd/*", "/abcd"));
    CHECK(!match_url("/abcd", "/"));

    {
        char buf[] = "name=timer&heap=8192&type=wasm", v[16];
        CHECK(find_key_value(buf, (int)strlen(buf), "heap", v, sizeof v, '&') == v
              && strcmp(v, "8192") == 0);
        CHECK(find_key_value(buf, (int)strlen(buf), "type", v, sizeof v, '&')
              && strcmp(v, "wasm") == 0);
        CHECK(find_key_value(buf, (int)strlen(buf), "name", v, 4, '&')
              && strcmp(v, "tim") == 0);
        CHECK(find_key_value(buf, (int)strlen(buf), "nam", v, sizeof v, '&') == NULL);
        CHECK(find_key_value(buf, (int)strlen(buf), "wd", v, sizeof v, '&') == NULL);
        CHECK(find_key_value(buf, 4, "name", v, sizeof v, '&') == NULL);
    }
}

/* ---- requests, responses, events ---- */
static int g_resp_calls, g_null_calls, g_last_status;
static uint32 g_last_mid_seen;
static void
resp_handler(response_t *r, void *ud)
{
    (void)ud;
    if (!r) {
        g_null_calls++;
        return;
    }
    g_resp_calls++;
    g_last_status = r->status;
    g_last_mid_seen = r->mid;
}

static void
deliver_response(uint32 mid, int status)
{
    response_t r[1];
    char *p;
    int size;
    r->mid = mid;
    r->reciever = 3;
    set_response(r, status, 0, NULL, 0);
    p = pack_response(r, &size);
    on_response(p, size);
    free_req_resp_packet(p);
}

static uint32
send_one(const char *url)
{
    request_t req[1];
    init_request(req, (char *)url, COAP_GET, 0, NULL, 0);
    api_send_request(req, resp_handler, NULL);
    return req->mid;
}

static int g_chain_left;
static uint32 g_chain_mid;
static void
chain_handler(response_t *r, void *ud)
{
    request_t req[1];
    (void)ud;
    if (!r) {
        g_null_calls++;
        return;
    }
    if (g_chain_left-- > 0) {
        init_request(req, "/next", COAP_GET, 0, NULL, 0);
        api_send_request(req, chain_handler, NULL);
        g_chain_mid = req->mid;
    }
}

static void
test_transactions(void)
{
    uint32 mids[20];
    int i;

    /* WAMR's SDK hangs on the third outstanding request; 20 must work */
    g_posted_count = 0;
    for (i = 0; i < 20; i++) {
        g_tick += 10;
        mids[i] = send_one("/app/h/x");
    }
    CHECK(g_posted_count == 20);
    /* answer out of order, oldest among them */
    deliver_response(mids[0], 69);
    deliver_response(mids[7], 132);
    deliver_response(mids[19], 69);
    CHECK(g_resp_calls == 3 && g_last_mid_seen == mids[19]);
    deliver_response(mids[7], 69); /* twice: the transaction is gone */
    CHECK(g_resp_calls == 3);
    /* the other 17 time out 5000 ms after each was sent, not before */
    advance_to(g_tick + 4790);
    CHECK(g_null_calls == 0);
    advance_to(g_tick + 5000);
    CHECK(g_null_calls == 17);
    /* a response after its timeout finds nothing */
    deliver_response(mids[3], 69);
    CHECK(g_resp_calls == 3);

    /* bursts reuse one runtime timer */
    {
        int used = 0;
        for (i = 0; i < 5; i++) {
            uint32 m = send_one("/r");
            deliver_response(m, 69);
        }
        for (i = 1; i < MAX_TIMERS; i++)
            used += g_tm[i].used;
        CHECK(used == 1);
        CHECK(g_resp_calls == 8);
    }

    /* a request sent from the response handler of the only outstanding one
       still times out (WAMR's SDK arms no timer for it) */
    {
        request_t req[1];
        g_null_calls = 0;
        g_chain_left = 1;
        init_request(req, "/first", COAP_GET, 0, NULL, 0);
        api_send_request(req, chain_handler, NULL);
        deliver_response(req->mid, 69);
        CHECK(g_chain_mid != 0 && g_chain_mid != req->mid);
        advance_to(g_tick + 5000);
        CHECK(g_null_calls == 1);
    }

    /* a handler that sends again while the timer fires */
    g_null_calls = 0;
    send_one("/never");
    advance_to(g_tick + 5000);
    CHECK(g_null_calls == 1);
    send_one("/never2");
    advance_to(g_tick + 2500);
    send_one("/never3");
    advance_to(g_tick + 2500);
    CHECK(g_null_calls == 2);
    advance_to(g_tick + 2500);
    CHECK(g_null_calls == 3);
}

static int g_url1_calls, g_event_calls;
static char g_seen_url[64];
static void
url1_handler(request_t *r)
{
    g_url1_calls++;
    strcpy(g_seen_url, r->url);
}
static void
event_handler(request_t *r)
{
    (void)r;
    g_event_calls++;
}

static void
deliver_request(const char *url, int action, uint32 mid)
{
    request_t r[1];
    char *p;
    int size;
    init_request(r, (char *)url, action, 0, NULL, 0);
    r->mid = mid;
    r->sender = 0xFFFFFFFD;
    p = pack_request(r, &size);
    on_request(p, size);
    free_req_resp_packet(p);
}

static void
test_routing(void)
{
    response_t out[1];

    CHECK(api_register_resource_handler("/url1", url1_handler));
    CHECK(api_subscribe_event("alert/overheat", event_handler));
    CHECK(g_registered_count == 1 && strcmp(g_registered[0], "/url1") == 0);
    CHECK(g_subscribed_count == 1);
    CHECK(api_register_resource_handler("/url1", url1_handler)); /* replaces */
    CHECK(g_registered_count == 1);

    deliver_request("url1", COAP_GET, 5);
    deliver_request("/url1/sub?x=1", COAP_GET, 6);
    CHECK(g_url1_calls == 2 && strcmp(g_seen_url, "/url1/sub?x=1") == 0);
    deliver_request("alert/overheat", COAP_EVENT, 7);
    CHECK(g_event_calls == 1);
    /* an event does not reach a resource handler, nor a request an event's */
    deliver_request("url1", COAP_EVENT, 8);
    CHECK(g_url1_calls == 2 && g_event_calls == 1);
    /* no resource: answered with 4.04 for the same mid and sender */
    g_resp_count = 0;
    deliver_request("/url1x", COAP_GET, 9);
    CHECK(g_resp_count == 1 && unpack_response(g_resp, g_resp_len, out)
          && out->status == NOT_FOUND_4_04 && out->mid == 9
          && out->reciever == 0xFFFFFFFD);
    /* an unmatched event is dropped silently */
    g_resp_count = 0;
    deliver_request("other/event", COAP_EVENT, 10);
    CHECK(g_resp_count == 0);
    /* garbage in: no call, no crash */
    on_request("\x01garbage", 8);

    /* publish: action 6, fmt and payload as given */
    {
        request_t r[1];
        g_posted_count = 0;
        CHECK(api_publish_event("alert/overheat", 99, "pl", 2));
        CHECK(g_posted_count == 1
              && unpack_request(g_posted[0], g_posted_len[0], r)
              && r->action == COAP_EVENT && r->fmt == 99
              && strcmp(r->url, "alert/overheat") == 0 && r->payload_len == 2);
    }
}

/* ---- timers ---- */
static int g_ticks;
static void tick(user_timer_t t) { (void)t; g_ticks++; }

static void
test_timers(void)
{
    user_timer_t t = api_timer_create(100, true, true, tick);
    CHECK(t != NULL);
    advance_to(g_tick + 350);
    CHECK(g_ticks == 3);
    api_timer_restart(t, 1000);
    advance_to(g_tick + 999);
    CHECK(g_ticks == 3);
    advance_to(g_tick + 1);
    CHECK(g_ticks == 4);
    g_destroyed = 0;
    api_timer_cancel(t);
    CHECK(g_destroyed == 1);
    advance_to(g_tick + 5000);
    CHECK(g_ticks == 4);
    on_timer_callback(12345); /* unknown id: ignored */

    g_timer_limit = 1; /* the runtime refuses */
    CHECK(api_timer_create(100, false, true, tick) == NULL);
    g_timer_limit = MAX_TIMERS;
}

/* ---- sensors and connections ---- */
static int g_sensor_calls, g_conn_data, g_conn_closed;
static void
sensor_cb(sensor_t s, attr_container_t *e, void *ud)
{
    (void)s, (void)ud;
    if (strcmp(attr_container_get_tag(e), "read test sensor data") == 0)
        g_sensor_calls++;
}
static void
conn_cb(connection_t *c, conn_event_type_t type, const char *data, uint32 len, void *ud)
{
    (void)c, (void)data, (void)len, (void)ud;
    if (type == CONN_EVENT_TYPE_DATA)
        g_conn_data++;
    else if (type == CONN_EVENT_TYPE_DISCONNECT)
        g_conn_closed++;
}

static void
test_sensor_connection(void)
{
    attr_container_t *a = attr_container_create("read test sensor data");
    attr_container_t *args = attr_container_create("");
    sensor_t s;
    connection_t *c;
    uint32 sid = g_next_sensor;

    CHECK(sensor_open("missing", 0, sensor_cb, NULL) == NULL);
    s = sensor_open("sensor_test1", 0, sensor_cb, NULL);
    CHECK(s && sensor_config(s, 1000, 0, 0));
    on_sensor_event(sid, (char *)a, (int)attr_container_get_serialize_length(a));
    on_sensor_event(sid + 50, (char *)a, 10);
    CHECK(g_sensor_calls == 1);
    CHECK(sensor_close(s));

    attr_container_set_string(&args, "address", "127.0.0.1");
    attr_container_set_uint16(&args, "port", 7777);
    c = api_open_connection("TCP", args, conn_cb, NULL);
    CHECK(c && api_send_on_connection(c, "Hello", 5) == 5);
    on_connection_data(42, "hi", 2);
    on_connection_data(42, NULL, 0);
    CHECK(g_conn_data == 1 && g_conn_closed == 1);
    api_close_connection(c);
    on_connection_data(42, "hi", 2);
    CHECK(g_conn_data == 1);
    attr_container_destroy(a);
    attr_container_destroy(args);
}

/* ---- attr_container ---- */
static void
test_attr(void)
{
    attr_container_t *c = attr_container_create("tag");
    char *ser;
    unsigned len;

    CHECK(c && strcmp(attr_container_get_tag(c), "tag") == 0);
    CHECK(attr_container_get_serialize_length(c) == 2 + 4 + 2 + 4 + 100);
    CHECK(attr_container_get_attr_num(c) == 0);
    CHECK(attr_container_set_int(&c, "i", -5));
    CHECK(attr_container_set_int8(&c, "b", -1));
    CHECK(attr_container_set_uint16(&c, "port", 7777));
    CHECK(attr_container_set_double(&c, "d", 1e30));
    CHECK(attr_container_set_double(&c, "n", -3.75));
    CHECK(attr_container_set_float(&c, "f", 2.5f));
    CHECK(attr_container_set_bool(&c, "z", true));
    CHECK(attr_container_set_string(&c, "s", "value"));
    CHECK(attr_container_set_uint64(&c, "u64", 0xFFFFFFFFFFFFFFFFULL));
    CHECK(attr_container_get_attr_num(c) == 9);
    CHECK(attr_container_get_as_int(c, "i") == -5);
    CHECK(attr_container_get_as_int(c, "b") == -1);          /* sign-extended */
    CHECK(attr_container_get_as_uint16(c, "port") == 7777);
    CHECK(attr_container_get_as_int(c, "port") == 7777);
    CHECK(attr_container_get_as_int(c, "d") == 2147483647);  /* saturated */
    CHECK(attr_container_get_as_uint8(c, "n") == 0);
    CHECK(attr_container_get_as_int(c, "n") == -3);
    CHECK(attr_container_get_as_int64(c, "d") == INT64_MAX);
    CHECK(attr_container_get_as_double(c, "f") == 2.5);
    CHECK(attr_container_get_as_double(c, "i") == -5.0);
    CHECK(attr_container_get_as_bool(c, "z"));
    CHECK(attr_container_get_as_uint64(c, "u64") == 0xFFFFFFFFFFFFFFFFULL);
    CHECK(strcmp(attr_container_get_as_string(c, "s"), "value") == 0);
    CHECK(attr_container_get_as_int(c, "missing") == 0);
    CHECK(attr_container_get_as_string(c, "missing") == NULL);
    CHECK(attr_container_contain_key(c, "s") && !attr_container_contain_key(c, "t"));
    CHECK(!attr_container_set_int(&c, "", 1));
    CHECK(!attr_container_set_string(&c, "x", NULL));

    /* replace: same size in place, other size moves it last */
    CHECK(attr_container_set_int(&c, "i", 77) && attr_container_get_as_int(c, "i") == 77);
    CHECK(attr_container_set_string(&c, "s", "a much longer value than before"));
    CHECK(strcmp(attr_container_get_as_string(c, "s"), "a much longer value than before") == 0);
    CHECK(attr_container_get_attr_num(c) == 9);

    /* growth */
    {
        int8_t big[1000];
        unsigned got;
        memset(big, 7, sizeof big);
        CHECK(attr_container_set_bytearray(&c, "big", big, sizeof big));
        CHECK(attr_container_get_as_bytearray(c, "big", &got) && got == 1000);
        CHECK(attr_container_get_as_int(c, "i") == 77);
    }

    len = attr_container_get_serialize_length(c);
    ser = malloc(len);
    CHECK(attr_container_serialize(ser, c));
    CHECK(attr_container_is_constant((attr_container_t *)ser) && !attr_container_is_constant(c));
    {
        attr_container_t *ro = (attr_container_t *)ser;
        CHECK(!attr_container_set_int(&ro, "i", 1)); /* read-only */
        CHECK(attr_container_get_as_int(ro, "i") == 77);
    }
    free(ser);
    attr_container_destroy(c);

    c = attr_container_create(NULL);
    CHECK(c && strcmp(attr_container_get_tag(c), "") == 0);
    attr_container_destroy(c);
}

/* Random bytes under a valid total_length: every call ends cleanly. */
static void
test_attr_fuzz(void)
{
    unsigned long long s = 99;
    int iter;
    for (iter = 0; iter < 200000; iter++) {
        unsigned n = 8 + (unsigned)(s % 120), i;
        char *b = malloc(n);
        attr_container_t *c = (attr_container_t *)b;
        unsigned got;
        for (i = 0; i < n; i++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            b[i] = (char)(s >> 56);
            /* bias towards plausible small lengths, types and keys */
            if (i >= 2 && (s & 3) == 0)
                b[i] = (char)(s % 16);
            if ((s & 15) == 1)
                b[i] = 'k';
            if ((s & 15) == 2)
                b[i] = 0;
        }
        {
            uint32_t total = (uint32_t)(s % (n - 1)); /* within the buffer */
            memcpy(b + 2, &total, 4);
        }
        b[0] = 0; /* writable, for the setter */
        attr_container_get_attr_num(c);
        attr_container_get_as_int(c, "k");
        attr_container_get_as_double(c, "kk");
        attr_container_get_as_bytearray(c, "k", &got);
        attr_container_contain_key(c, "k");
        if (iter % 64 == 0) {
            attr_container_t *w = malloc(n);
            memcpy(w, b, n);
            if (attr_container_set_int(&w, "k", 1))
                CHECK(attr_container_get_as_int(w, "k") == 1);
            free(w);
        }
        free(b);
    }
}

int
main(void)
{
    test_pack_unpack();
    test_clone();
    test_urls();
    test_transactions();
    test_routing();
    test_timers();
    test_sensor_connection();
    test_attr();
    test_attr_fuzz();
    printf("%d checks, %d failures\n", checks, failures);
    return failures != 0;
}

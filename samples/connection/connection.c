/*
 * samples/connection: a TCP client, as WAMR's samples/simple connection.c.
 * Connects to 127.0.0.1:7777, sends "Hello <n>" every second, prints what the
 * server sends back and when it goes away; a request to /close closes the
 * connection (answered with 2.02). Run it with an echo server:
 *
 *   socat TCP-LISTEN:7777,reuseaddr,fork EXEC:cat &
 *   microwasm serve --allow-connect 127.0.0.1:7777 \
 *       --applet connection=samples/connection/connection.wasm
 */
#include "wasm_app.h"
#include "wa-inc/connection.h"
#include "wa-inc/request.h"
#include "wa-inc/timer_wasm_app.h"

static int g_sent;
static user_timer_t g_timer;
static connection_t *g_conn;

static void
on_data(connection_t *conn, conn_event_type_t type, const char *data,
        uint32 len, void *user_data)
{
    (void)conn;
    (void)user_data;
    if (type == CONN_EVENT_TYPE_DATA) {
        /* data is not NUL-terminated and may be up to 256 bytes */
        printf("received %u bytes: %.*s\n", (unsigned)len, (int)len, data);
    }
    else if (type == CONN_EVENT_TYPE_DISCONNECT) {
        printf("the server closed the connection\n");
        g_conn = NULL;
        if (g_timer)
            api_timer_cancel(g_timer);
    }
}

static void
on_tick(user_timer_t timer)
{
    char message[32];
    int len;

    (void)timer;
    if (!g_conn)
        return;
    len = snprintf(message, sizeof(message), "Hello %d", g_sent++);
    if (api_send_on_connection(g_conn, message, (uint32)len) != len)
        printf("send failed\n");
}

static void
on_close(request_t *request)
{
    response_t response[1];

    if (g_conn) {
        api_timer_cancel(g_timer);
        api_close_connection(g_conn);
        g_conn = NULL;
        printf("connection closed on request\n");
    }
    make_response_for_request(request, response);
    set_response(response, DELETED_2_02, 0, NULL, 0);
    api_response_send(response);
}

void
on_init()
{
    attr_container_t *args;

    api_register_resource_handler("/close", on_close);

    args = attr_container_create("");
    attr_container_set_string(&args, "address", "127.0.0.1");
    attr_container_set_uint16(&args, "port", 7777);
    g_conn = api_open_connection("TCP", args, on_data, NULL);
    attr_container_destroy(args);
    if (!g_conn) {
        printf("cannot connect to 127.0.0.1:7777 (is a server listening, "
               "and did the manager get --allow-connect 127.0.0.1:7777?)\n");
        return;
    }
    printf("connected to 127.0.0.1:7777\n");
    g_timer = api_timer_create(1000, true, true, on_tick);
}

void
on_destroy()
{
    printf("sent %d messages\n", g_sent);
}

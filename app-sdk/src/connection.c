/*
 * Microwasm applet SDK: connections. on_connection_data is the export the
 * runtime calls; len 0 means the peer disconnected.
 */
#include "wa-inc/connection.h"
#include "bi-inc/shared_utils.h"
#include "env_natives.h"

struct _connection {
    struct _connection *next;
    uint32 handle;
    on_connection_event_f on_event;
    void *user_data;
};

static connection_t *g_conns = NULL;

connection_t *
api_open_connection(const char *name, attr_container_t *args,
                    on_connection_event_f on_event, void *user_data)
{
    connection_t *c;
    uint32 handle;

    if (!name || !args)
        return NULL;
    if (!(c = (connection_t *)malloc(sizeof(*c))))
        return NULL;
    handle = wasm_open_connection(name, (char *)args,
                                  attr_container_get_serialize_length(args));
    if (handle == (uint32)-1) {
        free(c);
        return NULL;
    }
    c->handle = handle;
    c->on_event = on_event;
    c->user_data = user_data;
    c->next = g_conns;
    g_conns = c;
    return c;
}

void
api_close_connection(connection_t *conn)
{
    connection_t **link;

    for (link = &g_conns; *link; link = &(*link)->next) {
        if (*link == conn) {
            *link = conn->next;
            wasm_close_connection(conn->handle);
            free(conn);
            return;
        }
    }
}

int
api_send_on_connection(connection_t *conn, const char *data, uint32 len)
{
    if (!conn)
        return -1;
    return wasm_send_on_connection(conn->handle, data, len);
}

bool
api_config_connection(connection_t *conn, attr_container_t *cfg)
{
    if (!conn || !cfg)
        return false;
    return wasm_config_connection(conn->handle, (char *)cfg,
                                  attr_container_get_serialize_length(cfg));
}

/* Called by the runtime: data on a connection, or len 0 on disconnect. */
void
on_connection_data(uint32 handle, char *buffer, uint32 len)
{
    connection_t *c;

    for (c = g_conns; c; c = c->next) {
        if (c->handle == handle) {
            if (c->on_event) {
                if (len == 0)
                    c->on_event(c, CONN_EVENT_TYPE_DISCONNECT, NULL, 0,
                                c->user_data);
                else
                    c->on_event(c, CONN_EVENT_TYPE_DATA, buffer, len,
                                c->user_data);
            }
            return;
        }
    }
}

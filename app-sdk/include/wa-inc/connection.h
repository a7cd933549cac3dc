/*
 * Microwasm applet SDK: connections (TCP, UDP, UART; WAMR's API; the runtime
 * side comes with the extensions issue).
 */
#ifndef _CONNECTION_H_
#define _CONNECTION_H_

#include "bi-inc/attr_container.h"

#ifdef __cplusplus
extern "C" {
#endif

struct _connection;
typedef struct _connection connection_t;

typedef enum {
    /* data arrived */
    CONN_EVENT_TYPE_DATA = 1,
    /* the peer closed the connection */
    CONN_EVENT_TYPE_DISCONNECT
} conn_event_type_t;

typedef void (*on_connection_event_f)(connection_t *conn,
                                      conn_event_type_t type, const char *data,
                                      uint32 len, void *user_data);

/* name: "TCP" (args: string "address", uint16 "port"), "UDP" (uint16
 * "bind port") or "UART" (string "device", int "baudrate"). NULL on failure. */
connection_t *api_open_connection(const char *name, attr_container_t *args,
                                  on_connection_event_f on_event,
                                  void *user_data);

void api_close_connection(connection_t *conn);

/* Bytes sent, or -1. */
int api_send_on_connection(connection_t *conn, const char *data, uint32 len);

/* UDP: sets the peer ("address", "port") later sends go to. */
bool api_config_connection(connection_t *conn, attr_container_t *cfg);

#ifdef __cplusplus
}
#endif

#endif

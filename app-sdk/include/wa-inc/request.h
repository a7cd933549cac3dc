/*
 * Microwasm applet SDK: requests, responses and events (WAMR's API).
 */
#ifndef _AEE_REQUEST_H_
#define _AEE_REQUEST_H_

#include "bi-inc/shared_utils.h"

#ifdef __cplusplus
extern "C" {
#endif

/* CoAP methods; COAP_EVENT marks a published event. */
typedef enum {
    COAP_GET = 1,
    COAP_POST = 2,
    COAP_PUT = 3,
    COAP_DELETE = 4,
    COAP_EVENT = 6
} coap_method_t;

/* CoAP status codes: (class << 5) | detail. */
typedef enum {
    NO_ERROR = 0,

    CREATED_2_01 = 65,
    DELETED_2_02 = 66,
    VALID_2_03 = 67,
    CHANGED_2_04 = 68,
    CONTENT_2_05 = 69,
    CONTINUE_2_31 = 95,

    BAD_REQUEST_4_00 = 128,
    UNAUTHORIZED_4_01 = 129,
    BAD_OPTION_4_02 = 130,
    FORBIDDEN_4_03 = 131,
    NOT_FOUND_4_04 = 132,
    METHOD_NOT_ALLOWED_4_05 = 133,
    NOT_ACCEPTABLE_4_06 = 134,
    PRECONDITION_FAILED_4_12 = 140,
    REQUEST_ENTITY_TOO_LARGE_4_13 = 141,
    UNSUPPORTED_MEDIA_TYPE_4_15 = 143,

    INTERNAL_SERVER_ERROR_5_00 = 160,
    NOT_IMPLEMENTED_5_01 = 161,
    BAD_GATEWAY_5_02 = 162,
    SERVICE_UNAVAILABLE_5_03 = 163,
    GATEWAY_TIMEOUT_5_04 = 164,
    PROXYING_NOT_SUPPORTED_5_05 = 165,

    MEMORY_ALLOCATION_ERROR = 192,
    PACKET_SERIALIZATION_ERROR = 193,
    MANUAL_RESPONSE = 194,
    PING_RESPONSE = 195
} coap_status_t;

/* Handles a request to a registered resource, or an event subscribed to.
 * The request and what it points to live only during the call. */
typedef void (*request_handler_f)(request_t *request);

/* Handles the response to api_send_request; response is NULL when none came
 * within 5000 ms. The response lives only during the call. */
typedef void (*response_handler_f)(response_t *response, void *user_data);

/* Routes requests whose url starts with url (path prefix) to handler.
 * Registering a url again replaces its handler. */
bool api_register_resource_handler(const char *url, request_handler_f handler);

/* Sends a request (to "/app/<applet>/<res>" or to a resource another applet
 * registered); response_handler gets the answer or NULL after the timeout.
 * Any number of requests may be outstanding. */
void api_send_request(request_t *request, response_handler_f response_handler,
                      void *user_data);

void api_response_send(response_t *response);

/* Publishes an event to every subscriber of exactly this url. */
bool api_publish_event(const char *url, int fmt, void *payload,
                       int payload_len);

/* Subscribes handler to the event url. */
bool api_subscribe_event(const char *url, request_handler_f handler);

#ifdef __cplusplus
}
#endif

#endif

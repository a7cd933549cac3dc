/*
 * Microwasm applet SDK: request and response structures and the helpers that
 * pack them into the framework's wire format (big-endian 18-byte request and
 * 16-byte response headers), plus URL helpers. WAMR-compatible names.
 */
#ifndef _SHARED_UTILS_H_
#define _SHARED_UTILS_H_

#include "bh_platform.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Payload formats. 0 is also used for "no payload" or plain text. */
#define FMT_ATTR_CONTAINER 99
#define FMT_APP_RAW_BINARY 98

typedef struct request {
    /* message id; a response carries the mid of its request */
    uint32 mid;
    /* NUL-terminated url */
    char *url;
    /* method: COAP_GET/POST/PUT/DELETE, or COAP_EVENT for an event */
    int action;
    /* payload format, FMT_* */
    int fmt;
    void *payload;
    int payload_len;
    /* who sent it; the runtime fills it in */
    unsigned long sender;
} request_t;

typedef struct response {
    uint32 mid;
    /* CoAP status byte, e.g. CONTENT_2_05 */
    int status;
    int fmt;
    void *payload;
    int payload_len;
    /* who gets it (the request's sender); WAMR's spelling */
    unsigned long reciever;
} response_t;

/* >0 when url starts with leading_str as a path prefix ("/a" matches "/a",
 * "/a/b" and "/a?x", not "/ab"); the value is the offset just past the match. */
int check_url_start(const char *url, int url_len, const char *leading_str);

/* Pattern "/a" matches only "/a"; "/a/" matches "/a" and "/a/..."; "/a"
 * followed by '*' matches any url starting with "/a"; "/a/" followed by '*'
 * anything under "/a/". */
bool match_url(char *pattern, char *matched);

/* Copies the value of key from "k1=v1<delim>k2=v2..." into value (NUL-terminated,
 * at most value_len-1 bytes); returns value, or NULL when the key is absent. */
char *find_key_value(char *buffer, int buffer_len, char *key, char *value,
                     int value_len, char delimiter);

/* Deep copies (url and payload are duplicated); free with the cleaners. */
request_t *clone_request(request_t *request);
void request_cleaner(request_t *request);
response_t *clone_response(response_t *response);
void response_cleaner(response_t *response);

response_t *set_response(response_t *response, int status, int fmt,
                         const char *payload, int payload_len);

/* Copies mid and sender (as receiver) from the request. */
response_t *make_response_for_request(request_t *request, response_t *response);

/* Fills the request and gives it the next message id of this applet. */
request_t *init_request(request_t *request, char *url, int action, int fmt,
                        void *payload, int payload_len);

/* Packed buffers are allocated with WA_MALLOC; free with free_req_resp_packet.
 * The unpacked structures point into the packet. */
char *pack_request(request_t *request, int *size);
request_t *unpack_request(char *packet, int size, request_t *request);
char *pack_response(response_t *response, int *size);
response_t *unpack_response(char *packet, int size, response_t *response);
void free_req_resp_packet(char *packet);

char *wa_strdup(const char *str);

#ifdef __cplusplus
}
#endif

#endif

/*
 * Microwasm applet SDK: packing of requests and responses, URL helpers.
 *
 * Request packet (18-byte header, multi-byte fields big-endian):
 *   0 u8 version (1) | 1 u8 action | 2 u16 fmt | 4 u32 mid | 8 u32 sender |
 *   12 u16 url_len (NUL included) | 14 u32 payload_len | 18 url | payload
 * Response packet (16-byte header):
 *   0 u8 version (1) | 1 u8 status | 2 u16 fmt | 4 u32 mid | 8 u32 receiver |
 *   12 u32 payload_len | 16 payload
 */
#include "bi-inc/shared_utils.h"

#define PACKET_VERSION 1
#define REQUEST_HEADER_LEN 18
#define RESPONSE_HEADER_LEN 16

static void
put_be16(char *p, uint16 v)
{
    p[0] = (char)(v >> 8);
    p[1] = (char)v;
}

static void
put_be32(char *p, uint32 v)
{
    p[0] = (char)(v >> 24);
    p[1] = (char)(v >> 16);
    p[2] = (char)(v >> 8);
    p[3] = (char)v;
}

static uint16
get_be16(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return (uint16)((u[0] << 8) | u[1]);
}

static uint32
get_be32(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return ((uint32)u[0] << 24) | ((uint32)u[1] << 16) | ((uint32)u[2] << 8)
           | (uint32)u[3];
}

char *
pack_request(request_t *request, int *size)
{
    size_t url_len, total;
    char *packet;

    if (!request || !request->url || !size || request->payload_len < 0
        || (request->payload_len > 0 && !request->payload))
        return NULL;

    url_len = strlen(request->url) + 1;
    if (url_len > 0xFFFF)
        return NULL;
    total = REQUEST_HEADER_LEN + url_len + (size_t)request->payload_len;
    if (total > 0x7FFFFFFF || total < url_len)
        return NULL;

    if (!(packet = (char *)WA_MALLOC(total)))
        return NULL;

    packet[0] = PACKET_VERSION;
    packet[1] = (char)request->action;
    put_be16(packet + 2, (uint16)request->fmt);
    put_be32(packet + 4, request->mid);
    put_be32(packet + 8, (uint32)request->sender);
    put_be16(packet + 12, (uint16)url_len);
    put_be32(packet + 14, (uint32)request->payload_len);
    memcpy(packet + REQUEST_HEADER_LEN, request->url, url_len);
    if (request->payload_len > 0)
        memcpy(packet + REQUEST_HEADER_LEN + url_len, request->payload,
               (size_t)request->payload_len);

    *size = (int)total;
    return packet;
}

request_t *
unpack_request(char *packet, int size, request_t *request)
{
    uint16 url_len;
    uint32 payload_len;

    if (!packet || !request || size < REQUEST_HEADER_LEN
        || packet[0] != PACKET_VERSION)
        return NULL;

    url_len = get_be16(packet + 12);
    payload_len = get_be32(packet + 14);
    /* 64-bit sum: a hostile payload_len must not wrap around */
    if (url_len == 0
        || (unsigned long long)REQUEST_HEADER_LEN + url_len + payload_len
               != (unsigned long long)size)
        return NULL;
    if (packet[REQUEST_HEADER_LEN + url_len - 1] != '\0')
        return NULL;

    request->action = (unsigned char)packet[1];
    request->fmt = get_be16(packet + 2);
    request->mid = get_be32(packet + 4);
    request->sender = get_be32(packet + 8);
    request->url = packet + REQUEST_HEADER_LEN;
    request->payload_len = (int)payload_len;
    request->payload =
        payload_len > 0 ? packet + REQUEST_HEADER_LEN + url_len : NULL;
    return request;
}

char *
pack_response(response_t *response, int *size)
{
    size_t total;
    char *packet;

    if (!response || !size || response->payload_len < 0
        || (response->payload_len > 0 && !response->payload))
        return NULL;

    total = RESPONSE_HEADER_LEN + (size_t)response->payload_len;
    if (total > 0x7FFFFFFF)
        return NULL;
    if (!(packet = (char *)WA_MALLOC(total)))
        return NULL;

    packet[0] = PACKET_VERSION;
    packet[1] = (char)response->status;
    put_be16(packet + 2, (uint16)response->fmt);
    put_be32(packet + 4, response->mid);
    put_be32(packet + 8, (uint32)response->reciever);
    put_be32(packet + 12, (uint32)response->payload_len);
    if (response->payload_len > 0)
        memcpy(packet + RESPONSE_HEADER_LEN, response->payload,
               (size_t)response->payload_len);

    *size = (int)total;
    return packet;
}

response_t *
unpack_response(char *packet, int size, response_t *response)
{
    uint32 payload_len;

    if (!packet || !response || size < RESPONSE_HEADER_LEN
        || packet[0] != PACKET_VERSION)
        return NULL;

    payload_len = get_be32(packet + 12);
    if ((unsigned long long)RESPONSE_HEADER_LEN + payload_len
        != (unsigned long long)size)
        return NULL;

    response->status = (unsigned char)packet[1];
    response->fmt = get_be16(packet + 2);
    response->mid = get_be32(packet + 4);
    response->reciever = get_be32(packet + 8);
    response->payload_len = (int)payload_len;
    response->payload = payload_len > 0 ? packet + RESPONSE_HEADER_LEN : NULL;
    return response;
}

void
free_req_resp_packet(char *packet)
{
    WA_FREE(packet);
}

/* Copies len payload bytes; a zero-length payload pointer is kept as it is,
 * since callers use it to carry a handle or an integer. */
static bool
copy_payload(void **dst, void *src, int len)
{
    if (len <= 0) {
        *dst = src;
        return true;
    }
    if (!src || !(*dst = WA_MALLOC((size_t)len)))
        return false;
    memcpy(*dst, src, (size_t)len);
    return true;
}

request_t *
clone_request(request_t *request)
{
    request_t *copy;

    if (!request || !(copy = (request_t *)WA_MALLOC(sizeof(request_t))))
        return NULL;

    *copy = *request;
    copy->url = NULL;
    copy->payload = NULL;
    copy->payload_len = 0;
    if (!(copy->url = wa_strdup(request->url))
        || !copy_payload(&copy->payload, request->payload,
                         request->payload_len)) {
        request_cleaner(copy);
        return NULL;
    }
    copy->payload_len = request->payload_len;
    return copy;
}

void
request_cleaner(request_t *request)
{
    if (!request)
        return;
    if (request->url)
        WA_FREE(request->url);
    if (request->payload && request->payload_len > 0)
        WA_FREE(request->payload);
    WA_FREE(request);
}

response_t *
clone_response(response_t *response)
{
    response_t *copy;

    if (!response || !(copy = (response_t *)WA_MALLOC(sizeof(response_t))))
        return NULL;

    *copy = *response;
    copy->payload = NULL;
    copy->payload_len = 0;
    if (!copy_payload(&copy->payload, response->payload,
                      response->payload_len)) {
        response_cleaner(copy);
        return NULL;
    }
    copy->payload_len = response->payload_len;
    return copy;
}

void
response_cleaner(response_t *response)
{
    if (!response)
        return;
    if (response->payload && response->payload_len > 0)
        WA_FREE(response->payload);
    WA_FREE(response);
}

response_t *
set_response(response_t *response, int status, int fmt, const char *payload,
             int payload_len)
{
    response->status = status;
    response->fmt = fmt;
    response->payload = (void *)payload;
    response->payload_len = payload_len;
    return response;
}

response_t *
make_response_for_request(request_t *request, response_t *response)
{
    response->mid = request->mid;
    response->reciever = request->sender;
    return response;
}

/* Message ids of this applet: 1, 2, 3, ... (wrapping, never 0). */
static uint32 g_last_mid = 0;

request_t *
init_request(request_t *request, char *url, int action, int fmt, void *payload,
             int payload_len)
{
    if (++g_last_mid == 0)
        g_last_mid = 1;
    request->mid = g_last_mid;
    request->url = url;
    request->action = action;
    request->fmt = fmt;
    request->payload = payload;
    request->payload_len = payload_len;
    /* the runtime puts the applet's id here; start from a defined value */
    request->sender = 0;
    return request;
}

int
check_url_start(const char *url, int url_len, const char *leading_str)
{
    int skipped = 0, len;

    if (!url || !leading_str)
        return 0;
    if (*leading_str == '/')
        leading_str++;
    if (url_len > 0 && *url == '/') {
        url++;
        url_len--;
        skipped = 1;
    }

    len = (int)strlen(leading_str);
    /* a trailing '/' on the prefix is not significant */
    if (len > 0 && leading_str[len - 1] == '/')
        len--;
    if (len == 0 || url_len < len || memcmp(url, leading_str, (size_t)len) != 0)
        return 0;
    if (url_len == len)
        return skipped + len;
    if (url[len] == '/' || url[len] == '?')
        return skipped + len + 1;
    return 0;
}

bool
match_url(char *pattern, char *matched)
{
    int plen, mlen;

    if (!pattern || !matched)
        return false;
    if (*pattern == '/')
        pattern++;
    if (*matched == '/')
        matched++;

    mlen = (int)strlen(matched);
    if (mlen > 0 && matched[mlen - 1] == '/')
        mlen--;
    plen = (int)strlen(pattern);
    if (mlen == 0 || plen == 0)
        return false;

    switch (pattern[plen - 1]) {
        case '/':
            /* "a/": "a" itself or anything below it */
            plen--;
            if (strncmp(pattern, matched, (size_t)plen) != 0)
                return false;
            return mlen == plen || (mlen > plen && matched[plen] == '/');
        case '*':
            /* a trailing '*': a plain prefix test */
            return strncmp(pattern, matched, (size_t)(plen - 1)) == 0;
        default:
            return strcmp(pattern, matched) == 0;
    }
}

char *
find_key_value(char *buffer, int buffer_len, char *key, char *value,
               int value_len, char delimiter)
{
    char *p = buffer, *end;
    int key_len;

    if (!buffer || !key || !value || value_len <= 0 || buffer_len <= 0)
        return NULL;
    key_len = (int)strlen(key);
    end = buffer + buffer_len;

    while (p < end && *p) {
        while (p < end && (*p == ' ' || *p == delimiter))
            p++;
        /* room for the key and its '=' */
        if (end - p <= key_len)
            return NULL;
        if (strncmp(p, key, (size_t)key_len) == 0 && p[key_len] == '=') {
            char *v = value;
            int room = value_len - 1;
            p += key_len + 1;
            memset(value, 0, (size_t)value_len);
            while (p < end && *p && *p != delimiter && room > 0) {
                *v++ = *p++;
                room--;
            }
            return value;
        }
        while (p < end && *p && *p != delimiter)
            p++;
    }
    return NULL;
}

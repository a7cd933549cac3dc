/* Microwasm applet SDK: byte-order helpers and wa_strdup. */
#include "bh_platform.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define TO_BE16(v) (v)
#define TO_BE32(v) (v)
#else
#define TO_BE16(v) __builtin_bswap16(v)
#define TO_BE32(v) __builtin_bswap32(v)
#endif

uint32
htonl(uint32 value)
{
    return TO_BE32(value);
}

uint32
ntohl(uint32 value)
{
    return TO_BE32(value);
}

uint16
htons(uint16 value)
{
    return TO_BE16(value);
}

uint16
ntohs(uint16 value)
{
    return TO_BE16(value);
}

char *
wa_strdup(const char *s)
{
    size_t n;
    char *copy;

    if (!s)
        return NULL;
    n = strlen(s) + 1;
    copy = (char *)WA_MALLOC(n);
    if (copy)
        memcpy(copy, s, n);
    return copy;
}

/*
 * Microwasm applet SDK: the attribute container (layout in attr_container.h).
 *
 * Offsets below are relative to attr_container_t.buf, where total_length
 * sits; every read of an attribute is checked against total_length, so a
 * malformed container ends in "not found" or false, never a wild read beyond
 * what total_length claims.
 */
#include "bi-inc/attr_container.h"

/* Room added past the attributes at creation and on every growth (WAMR's). */
#define RESERVE 100
/* flags[2] in front of buf */
#define FLAGS_LEN 2

static uint16_t
rd16(const char *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
}

static uint32_t
rd32(const char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static void
wr16(char *p, uint16_t v)
{
    memcpy(p, &v, 2);
}

static void
wr32(char *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

static bool
is_fixed_type(int type)
{
    return (type >= ATTR_TYPE_BYTE && type <= ATTR_TYPE_UINT64)
           || type == ATTR_TYPE_FLOAT || type == ATTR_TYPE_DOUBLE
           || type == ATTR_TYPE_BOOLEAN;
}

/* One attribute as found in a container. */
typedef struct {
    uint32_t offset;    /* where the attribute starts (its key length) */
    uint32_t size;      /* the whole attribute's bytes */
    const char *key;
    uint8_t type;
    const char *data;   /* the value (after a string/bytearray length) */
    uint32_t data_len;
} attr_t;

/* The attribute count and the offset of the first attribute. */
static bool
attrs_begin(const attr_container_t *c, uint32_t *total, uint16_t *num,
            uint32_t *first)
{
    uint32_t t, off;

    if (!c)
        return false;
    t = rd32(c->buf);
    if (t < 4 + 2)
        return false;
    off = 4 + 2 + (uint32_t)rd16(c->buf + 4);
    if (off + 2 > t)
        return false;
    *total = t;
    *num = rd16(c->buf + off);
    *first = off + 2;
    return true;
}

/* Decodes the attribute at off; false when it does not fit in total. */
static bool
attr_at(const attr_container_t *c, uint32_t total, uint32_t off, attr_t *a)
{
    const char *b = c->buf;
    uint32_t key_len, p, len;

    if (off > total || total - off < 2)
        return false;
    key_len = rd16(b + off);
    p = off + 2;
    if (key_len == 0 || total - p < key_len + 1 || b[p + key_len - 1] != '\0')
        return false;
    a->key = b + p;
    p += key_len;
    a->type = (uint8_t)b[p++];

    if (is_fixed_type(a->type)) {
        len = 1u << (a->type & 3);
    }
    else if (a->type == ATTR_TYPE_STRING) {
        if (total - p < 2)
            return false;
        len = rd16(b + p);
        p += 2;
    }
    else if (a->type == ATTR_TYPE_BYTEARRAY) {
        if (total - p < 4)
            return false;
        len = rd32(b + p);
        p += 4;
    }
    else {
        return false;
    }
    if (total - p < len)
        return false;

    a->offset = off;
    a->data = b + p;
    a->data_len = len;
    a->size = p + len - off;
    return true;
}

/* The end of the last attribute (where the next one goes). */
static bool
attrs_end(const attr_container_t *c, uint32_t *end)
{
    uint32_t total, off;
    uint16_t num, i;
    attr_t a;

    if (!attrs_begin(c, &total, &num, &off))
        return false;
    for (i = 0; i < num; i++) {
        if (!attr_at(c, total, off, &a))
            return false;
        off += a.size;
    }
    *end = off;
    return true;
}

static bool
find_attr(const attr_container_t *c, const char *key, attr_t *a)
{
    uint32_t total, off;
    uint16_t num, i;

    if (!c || !key || !attrs_begin(c, &total, &num, &off))
        return false;
    for (i = 0; i < num; i++) {
        if (!attr_at(c, total, off, a))
            return false;
        if (strcmp(a->key, key) == 0)
            return true;
        off += a->size;
    }
    return false;
}

static void
set_attr_num(attr_container_t *c, int delta)
{
    uint32_t off = 4 + 2 + (uint32_t)rd16(c->buf + 4);
    wr16(c->buf + off, (uint16_t)(rd16(c->buf + off) + delta));
}

attr_container_t *
attr_container_create(const char *tag)
{
    size_t tag_len = tag ? strlen(tag) + 1 : 1;
    size_t total = 4 + 2 + tag_len + RESERVE;
    attr_container_t *c;

    if (tag_len > 0xFFFF
        || !(c = (attr_container_t *)attr_container_malloc(FLAGS_LEN + total))) {
        attr_container_printf(
            "Create attr_container failed: allocate memory failed.\r\n");
        return NULL;
    }
    memset(c, 0, FLAGS_LEN + total);
    wr32(c->buf, (uint32_t)total);
    wr16(c->buf + 4, (uint16_t)tag_len);
    if (tag)
        memcpy(c->buf + 6, tag, tag_len);
    /* attr_num (0) follows the tag, inside the zeroed reserve */
    return c;
}

void
attr_container_destroy(const attr_container_t *attr_cont)
{
    if (attr_cont)
        attr_container_free((void *)attr_cont);
}

bool
attr_container_is_constant(const attr_container_t *attr_cont)
{
    if (!attr_cont)
        return false;
    return (rd16(attr_cont->flags) & (1 << ATTR_CONT_READONLY_SHIFT)) != 0;
}

static bool
set_attr(attr_container_t **pc, const char *key, int type, const void *value,
         uint32_t value_len)
{
    attr_container_t *c, *grown;
    size_t key_len;
    uint32_t total, end, attr_len, header;
    attr_t old;
    bool in_place = false;
    char *p;

    if (!pc || !*pc || !key || !*key) {
        attr_container_printf(
            "Set attribute failed: invalid input arguments.\r\n");
        return false;
    }
    c = *pc;
    if (attr_container_is_constant(c)) {
        attr_container_printf(
            "Set attribute failed: attribute container is readonly.\r\n");
        return false;
    }
    key_len = strlen(key) + 1;
    if (key_len > 0xFFFF || (type == ATTR_TYPE_STRING && value_len > 0xFFFF))
        return false;

    header = 2 + (uint32_t)key_len + 1;
    if (type == ATTR_TYPE_STRING)
        header += 2;
    else if (type == ATTR_TYPE_BYTEARRAY)
        header += 4;
    if (value_len > 0x7FFFFFFF - header - RESERVE)
        return false;
    attr_len = header + value_len;

    if (!attrs_end(c, &end)) {
        attr_container_printf("Set attr failed: get attr end failed.\r\n");
        return false;
    }
    total = rd32(c->buf);

    if (find_attr(c, key, &old)) {
        if (old.size == attr_len) {
            end = old.offset; /* same size: rewrite in place */
            in_place = true;
        }
        else {
            /* drop the old value; the new one goes last */
            memmove(c->buf + old.offset, c->buf + old.offset + old.size,
                    end - old.offset - old.size);
            memset(c->buf + end - old.size, 0, old.size);
            end -= old.size;
            set_attr_num(c, -1);
        }
    }

    if (total - end < attr_len) {
        uint32_t new_total = total + attr_len + RESERVE;
        if (!(grown = (attr_container_t *)attr_container_malloc(FLAGS_LEN
                                                                + new_total))) {
            attr_container_printf(
                "Set attr failed: allocate memory failed.\r\n");
            return false;
        }
        memcpy(grown, c, FLAGS_LEN + end);
        memset((char *)grown + FLAGS_LEN + end, 0, new_total - end);
        wr32(grown->buf, new_total);
        attr_container_free(c);
        *pc = c = grown;
    }

    p = c->buf + end;
    wr16(p, (uint16_t)key_len);
    p += 2;
    memcpy(p, key, key_len);
    p += key_len;
    *p++ = (char)type;
    if (type == ATTR_TYPE_STRING) {
        wr16(p, (uint16_t)value_len);
        p += 2;
    }
    else if (type == ATTR_TYPE_BYTEARRAY) {
        wr32(p, value_len);
        p += 4;
    }
    if (value_len)
        memcpy(p, value, value_len);

    /* a same-size rewrite keeps its place and its count */
    if (!in_place)
        set_attr_num(c, 1);
    return true;
}

#define DEFINE_SETTER(name, ctype, code)                                      \
    bool attr_container_set_##name(attr_container_t **p_attr_cont,            \
                                   const char *key, ctype value)              \
    {                                                                         \
        return set_attr(p_attr_cont, key, code, &value, sizeof(value));       \
    }

DEFINE_SETTER(short, short, ATTR_TYPE_SHORT)
DEFINE_SETTER(int16, int16_t, ATTR_TYPE_INT16)
DEFINE_SETTER(int, int, ATTR_TYPE_INT)
DEFINE_SETTER(int32, int32_t, ATTR_TYPE_INT32)
DEFINE_SETTER(uint32, uint32_t, ATTR_TYPE_UINT32)
DEFINE_SETTER(int64, int64_t, ATTR_TYPE_INT64)
DEFINE_SETTER(uint64, uint64_t, ATTR_TYPE_UINT64)
DEFINE_SETTER(byte, int8_t, ATTR_TYPE_BYTE)
DEFINE_SETTER(int8, int8_t, ATTR_TYPE_INT8)
DEFINE_SETTER(uint8, uint8_t, ATTR_TYPE_UINT8)
DEFINE_SETTER(uint16, uint16_t, ATTR_TYPE_UINT16)
DEFINE_SETTER(float, float, ATTR_TYPE_FLOAT)
DEFINE_SETTER(double, double, ATTR_TYPE_DOUBLE)

bool
attr_container_set_bool(attr_container_t **p_attr_cont, const char *key,
                        bool value)
{
    int8_t b = value ? 1 : 0;
    return set_attr(p_attr_cont, key, ATTR_TYPE_BOOLEAN, &b, 1);
}

bool
attr_container_set_string(attr_container_t **p_attr_cont, const char *key,
                          const char *value)
{
    if (!value) {
        attr_container_printf("Set attr failed: invald input arguments.\r\n");
        return false;
    }
    return set_attr(p_attr_cont, key, ATTR_TYPE_STRING, value,
                    (uint32_t)strlen(value) + 1);
}

bool
attr_container_set_bytearray(attr_container_t **p_attr_cont, const char *key,
                             const int8_t *value, unsigned length)
{
    if (!value && length) {
        attr_container_printf("Set attr failed: invald input arguments.\r\n");
        return false;
    }
    return set_attr(p_attr_cont, key, ATTR_TYPE_BYTEARRAY, value, length);
}

const char *
attr_container_get_tag(const attr_container_t *attr_cont)
{
    return attr_cont ? attr_cont->buf + 4 + 2 : NULL;
}

uint16_t
attr_container_get_attr_num(const attr_container_t *attr_cont)
{
    uint32_t total, first;
    uint16_t num;

    return attrs_begin(attr_cont, &total, &num, &first) ? num : 0;
}

bool
attr_container_contain_key(const attr_container_t *attr_cont, const char *key)
{
    attr_t a;

    if (!attr_cont || !key || !*key) {
        attr_container_printf(
            "Check contain key failed: invalid input arguments.\r\n");
        return false;
    }
    return find_attr(attr_cont, key, &a);
}

/* A found value as a signed, unsigned or floating number, or raw bytes. */
enum { NUM_SIGNED, NUM_UNSIGNED, NUM_FLOAT, NUM_RAW };

typedef struct {
    int kind;
    int64_t s;
    uint64_t u;
    double d;
    const char *raw;
    uint32_t raw_len;
} num_t;

static bool
get_num(const attr_container_t *c, const char *key, num_t *n)
{
    attr_t a;
    int8_t i8;
    int16_t i16;
    int32_t i32;
    float f;

    if (!find_attr(c, key, &a))
        return false;
    switch (a.type) {
        case ATTR_TYPE_INT8:
            memcpy(&i8, a.data, 1);
            n->kind = NUM_SIGNED, n->s = i8;
            break;
        case ATTR_TYPE_INT16:
            memcpy(&i16, a.data, 2);
            n->kind = NUM_SIGNED, n->s = i16;
            break;
        case ATTR_TYPE_INT32:
            memcpy(&i32, a.data, 4);
            n->kind = NUM_SIGNED, n->s = i32;
            break;
        case ATTR_TYPE_INT64:
            memcpy(&n->s, a.data, 8);
            n->kind = NUM_SIGNED;
            break;
        case ATTR_TYPE_UINT8:
        case ATTR_TYPE_BOOLEAN:
            n->kind = NUM_UNSIGNED, n->u = (uint8_t)a.data[0];
            break;
        case ATTR_TYPE_UINT16:
            n->kind = NUM_UNSIGNED, n->u = rd16(a.data);
            break;
        case ATTR_TYPE_UINT32:
            n->kind = NUM_UNSIGNED, n->u = rd32(a.data);
            break;
        case ATTR_TYPE_UINT64:
            memcpy(&n->u, a.data, 8);
            n->kind = NUM_UNSIGNED;
            break;
        case ATTR_TYPE_FLOAT:
            memcpy(&f, a.data, 4);
            n->kind = NUM_FLOAT, n->d = f;
            break;
        case ATTR_TYPE_DOUBLE:
            memcpy(&n->d, a.data, 8);
            n->kind = NUM_FLOAT;
            break;
        default: /* string, bytearray: their first bytes, as WAMR reads them */
            n->kind = NUM_RAW, n->raw = a.data, n->raw_len = a.data_len;
            break;
    }
    return true;
}

/* double -> integer without the trap of an out-of-range wasm truncation */
static int64_t
sat_signed(double d, int bits)
{
    double hi = (double)(1ULL << (bits - 1));
    if (d != d)
        return 0;
    if (d >= hi)
        return (int64_t)((1ULL << (bits - 1)) - 1);
    if (d < -hi)
        return bits == 64 ? INT64_MIN : -(int64_t)(1ULL << (bits - 1));
    return (int64_t)d;
}

static uint64_t
sat_unsigned(double d, int bits)
{
    double limit = bits == 64 ? 18446744073709551616.0 : (double)(1ULL << bits);
    if (!(d > 0))
        return 0;
    if (d >= limit)
        return bits == 64 ? ~0ULL : (1ULL << bits) - 1;
    return (uint64_t)d;
}

#define DEFINE_INT_GETTER(name, ctype, is_signed, bits)                       \
    ctype attr_container_get_as_##name(const attr_container_t *attr_cont,     \
                                       const char *key)                       \
    {                                                                         \
        num_t n;                                                              \
        ctype v = 0;                                                          \
        if (!get_num(attr_cont, key, &n))                                     \
            return 0;                                                         \
        switch (n.kind) {                                                     \
            case NUM_SIGNED:                                                  \
                return (ctype)n.s;                                            \
            case NUM_UNSIGNED:                                                \
                return (ctype)n.u;                                            \
            case NUM_FLOAT:                                                   \
                return is_signed ? (ctype)sat_signed(n.d, bits)               \
                                 : (ctype)sat_unsigned(n.d, bits);            \
            default:                                                          \
                memcpy(&v, n.raw,                                             \
                       n.raw_len < sizeof(v) ? n.raw_len : sizeof(v));        \
                return v;                                                     \
        }                                                                     \
    }

DEFINE_INT_GETTER(short, short, 1, 16)
DEFINE_INT_GETTER(int16, int16_t, 1, 16)
DEFINE_INT_GETTER(int, int, 1, 32)
DEFINE_INT_GETTER(int32, int32_t, 1, 32)
DEFINE_INT_GETTER(uint32, uint32_t, 0, 32)
DEFINE_INT_GETTER(int64, int64_t, 1, 64)
DEFINE_INT_GETTER(uint64, uint64_t, 0, 64)
DEFINE_INT_GETTER(byte, int8_t, 1, 8)
DEFINE_INT_GETTER(int8, int8_t, 1, 8)
DEFINE_INT_GETTER(uint8, uint8_t, 0, 8)
DEFINE_INT_GETTER(uint16, uint16_t, 0, 16)

#define DEFINE_FLOAT_GETTER(name, ctype)                                      \
    ctype attr_container_get_as_##name(const attr_container_t *attr_cont,     \
                                       const char *key)                       \
    {                                                                         \
        num_t n;                                                              \
        ctype v = 0;                                                          \
        if (!get_num(attr_cont, key, &n))                                     \
            return 0;                                                         \
        switch (n.kind) {                                                     \
            case NUM_SIGNED:                                                  \
                return (ctype)n.s;                                            \
            case NUM_UNSIGNED:                                                \
                return (ctype)n.u;                                            \
            case NUM_FLOAT:                                                   \
                return (ctype)n.d;                                            \
            default:                                                          \
                memcpy(&v, n.raw,                                             \
                       n.raw_len < sizeof(v) ? n.raw_len : sizeof(v));        \
                return v;                                                     \
        }                                                                     \
    }

DEFINE_FLOAT_GETTER(float, float)
DEFINE_FLOAT_GETTER(double, double)

bool
attr_container_get_as_bool(const attr_container_t *attr_cont, const char *key)
{
    num_t n;

    if (!get_num(attr_cont, key, &n))
        return false;
    switch (n.kind) {
        case NUM_SIGNED:
            return n.s != 0;
        case NUM_UNSIGNED:
            return n.u != 0;
        case NUM_FLOAT:
            return n.d != 0;
        default:
            return n.raw_len > 0 && n.raw[0] != 0;
    }
}

const int8_t *
attr_container_get_as_bytearray(const attr_container_t *attr_cont,
                                const char *key, unsigned *array_length)
{
    attr_t a;

    if (!array_length || !find_attr(attr_cont, key, &a))
        return NULL;
    *array_length = a.data_len;
    return (const int8_t *)a.data;
}

char *
attr_container_get_as_string(const attr_container_t *attr_cont, const char *key)
{
    unsigned len;
    return (char *)attr_container_get_as_bytearray(attr_cont, key, &len);
}

unsigned
attr_container_get_serialize_length(const attr_container_t *attr_cont)
{
    if (!attr_cont) {
        attr_container_printf("Get container serialize length failed: invalid "
                              "input arguments.\r\n");
        return 0;
    }
    return FLAGS_LEN + rd32(attr_cont->buf);
}

bool
attr_container_serialize(char *buf, const attr_container_t *attr_cont)
{
    if (!buf || !attr_cont) {
        attr_container_printf(
            "Container serialize failed: invalid input arguments.\r\n");
        return false;
    }
    memmove(buf, attr_cont, attr_container_get_serialize_length(attr_cont));
    wr16(buf, rd16(attr_cont->flags) | (1 << ATTR_CONT_READONLY_SHIFT));
    return true;
}

void
attr_container_dump(const attr_container_t *attr_cont)
{
    uint32_t total, off;
    uint16_t num, i;
    attr_t a;
    int64_t s;
    uint64_t u;
    float f;
    double d;

    if (!attr_cont)
        return;
    attr_container_printf("Attribute container dump:\n");
    attr_container_printf("Tag: %s\n", attr_container_get_tag(attr_cont));
    if (!attrs_begin(attr_cont, &total, &num, &off))
        return;

    attr_container_printf("Attribute list:\n");
    for (i = 0; i < num && attr_at(attr_cont, total, off, &a); i++) {
        off += a.size;
        attr_container_printf("  key: %s", a.key);
        switch (a.type) {
            case ATTR_TYPE_BYTE:
                attr_container_printf(", type: byte, value: 0x%x\n",
                                      (unsigned)(uint8_t)a.data[0]);
                break;
            case ATTR_TYPE_SHORT:
                attr_container_printf(", type: short, value: 0x%x\n",
                                      (unsigned)rd16(a.data));
                break;
            case ATTR_TYPE_INT:
                attr_container_printf(", type: int, value: 0x%x\n",
                                      rd32(a.data));
                break;
            case ATTR_TYPE_INT64:
                memcpy(&s, a.data, 8);
                attr_container_printf(", type: int64, value: 0x%llx\n",
                                      (unsigned long long)s);
                break;
            case ATTR_TYPE_UINT8:
                attr_container_printf(", type: uint8, value: 0x%x\n",
                                      (unsigned)(uint8_t)a.data[0]);
                break;
            case ATTR_TYPE_UINT16:
                attr_container_printf(", type: uint16, value: 0x%x\n",
                                      (unsigned)rd16(a.data));
                break;
            case ATTR_TYPE_UINT32:
                attr_container_printf(", type: uint32, value: 0x%x\n",
                                      rd32(a.data));
                break;
            case ATTR_TYPE_UINT64:
                memcpy(&u, a.data, 8);
                attr_container_printf(", type: uint64, value: 0x%llx\n",
                                      (unsigned long long)u);
                break;
            case ATTR_TYPE_FLOAT:
                memcpy(&f, a.data, 4);
                attr_container_printf(", type: float, value: %f\n", (double)f);
                break;
            case ATTR_TYPE_DOUBLE:
                memcpy(&d, a.data, 8);
                attr_container_printf(", type: double, value: %f\n", d);
                break;
            case ATTR_TYPE_BOOLEAN:
                attr_container_printf(", type: bool, value: 0x%x\n",
                                      (unsigned)(uint8_t)a.data[0]);
                break;
            case ATTR_TYPE_STRING:
                if (a.data_len > 0 && a.data[a.data_len - 1] == '\0') {
                    attr_container_printf(", type: string, value: %s\n",
                                          a.data);
                }
                else {
                    /* no NUL: print its bytes (WAMR's printf has no %.*s) */
                    uint32_t k;
                    attr_container_printf(", type: string, value: ");
                    for (k = 0; k < a.data_len; k++)
                        attr_container_printf("%c", a.data[k]);
                    attr_container_printf("\n");
                }
                break;
            default:
                attr_container_printf(", type: byte array, length: %d\n",
                                      (int)a.data_len);
                break;
        }
    }
    attr_container_printf("\n");
}

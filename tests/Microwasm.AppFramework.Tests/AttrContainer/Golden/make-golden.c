/*
 * Writes attr_container blobs built by WAMR's own attr_container.c, for the golden tests in
 * AttrContainerGoldenTests.cs. Not compiled by the tests; run by hand when the expectations change:
 *
 *   W=/work/shared/third_party/wamr-b9db23b/core
 *   gcc -O1 -o /tmp/make-golden make-golden.c $W/app-framework/app-native-shared/attr_container.c \
 *       -I$W/app-framework/app-native-shared -I$W/shared/utils -I$W/shared/platform/linux \
 *       -I$W/shared/platform/include -DBH_PLATFORM_LINUX \
 *       '-Dattr_container_malloc=malloc' '-Dattr_container_free=free'
 *   /tmp/make-golden OUTDIR          # writes OUTDIR/wamr-all-types.bin and OUTDIR/wamr-request-handler.bin
 *   /tmp/make-golden --read FILE     # reads FILE with WAMR's getters and dumps it
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bi-inc/attr_container.h"

/* The two helpers attr_container.c needs from WAMR's shared utils, with the same behaviour, so
   that only attr_container.c itself has to be compiled. */
int
b_memcpy_s(void *s1, unsigned int s1max, const void *s2, unsigned int n)
{
    if (n == 0)
        return 0;
    if (s1 == NULL)
        return -1;
    if (s2 == NULL || n > s1max) {
        memset(s1, 0, s1max);
        return -1;
    }
    memcpy(s1, s2, n);
    return 0;
}

void
bh_assert_internal(int64 v, const char *file_name, int line_number,
                   const char *expr_string)
{
    if (v)
        return;
    fprintf(stderr, "ASSERTION FAILED: %s, at %s:%d\n", expr_string, file_name, line_number);
    abort();
}

static void
write_blob(const char *dir, const char *name, const char *blob, unsigned len)
{
    char path[1024];
    FILE *f;
    unsigned i;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "wb");
    if (!f || fwrite(blob, 1, len, f) != len) {
        perror(path);
        exit(1);
    }
    fclose(f);
    printf("%s (%u bytes):", name, len);
    for (i = 0; i < len; i++)
        printf("%s0x%02X,", i % 16 ? " " : "\n    ", (unsigned char)blob[i]);
    printf("\n");
}

static int
read_blob(const char *file)
{
    /* malloc'd, because a setter may re-allocate the container and free this buffer */
    char *buf = malloc(65536);
    FILE *f = fopen(file, "rb");
    size_t n;
    attr_container_t *c = (attr_container_t *)buf;
    unsigned len = 0;
    const int8_t *bytes;
    if (!f)
        return 1;
    n = fread(buf, 1, 65536, f);
    fclose(f);
    printf("read %zu bytes, serialize length %u, attr num %u, tag '%s'\n", n,
           attr_container_get_serialize_length(c), attr_container_get_attr_num(c),
           attr_container_get_tag(c));
    attr_container_dump(c);
    printf("i8=%d i16=%d i32=%d i64=%lld u8=%u u16=%u u32=%u u64=%llu f=%g d=%.17g b=%d s='%s'\n",
           attr_container_get_as_int8(c, "i8"), attr_container_get_as_int16(c, "i16"),
           attr_container_get_as_int32(c, "i32"),
           (long long)attr_container_get_as_int64(c, "i64"),
           attr_container_get_as_uint8(c, "u8"), attr_container_get_as_uint16(c, "u16"),
           attr_container_get_as_uint32(c, "u32"),
           (unsigned long long)attr_container_get_as_uint64(c, "u64"),
           attr_container_get_as_float(c, "f"), attr_container_get_as_double(c, "d"),
           attr_container_get_as_bool(c, "b"),
           attr_container_get_as_string(c, "s") ? attr_container_get_as_string(c, "s") : "(null)");
    bytes = attr_container_get_as_bytearray(c, "bytes", &len);
    printf("bytes: %s len=%u:", bytes ? "found" : "missing", len);
    for (unsigned i = 0; bytes && i < len; i++)
        printf(" %d", bytes[i]);
    printf("\ncontains last key: %d\n", attr_container_contain_key(c, "bytes"));
    /* WAMR refuses to extend a container whose attribute list starts at total_length */
    printf("set after read: %d\n", attr_container_set_int(&c, "added", 7));
    printf("attr num after set: %u, added=%d\n", attr_container_get_attr_num(c),
           attr_container_get_as_int(c, "added"));
    attr_container_destroy(c);
    return 0;
}

int
main(int argc, char **argv)
{
    attr_container_t *c;
    char *blob;
    unsigned len;
    static const int8_t bytes[] = { 1, -1, 0, 127, -128 };

    if (argc == 3 && strcmp(argv[1], "--read") == 0)
        return read_blob(argv[2]);
    if (argc != 2)
        return 2;

    /* Every type, in the order of the current numbering, then serialized with
       attr_container_serialize (which sets the read-only flag). */
    c = attr_container_create("golden");
    attr_container_set_int8(&c, "i8", -5);
    attr_container_set_int16(&c, "i16", -300);
    attr_container_set_int32(&c, "i32", -70000);
    attr_container_set_int64(&c, "i64", -5000000000LL);
    attr_container_set_uint8(&c, "u8", 200);
    attr_container_set_uint16(&c, "u16", 60000);
    attr_container_set_uint32(&c, "u32", 4000000000u);
    attr_container_set_uint64(&c, "u64", 18000000000000000000ull);
    attr_container_set_float(&c, "f", 1.5f);
    attr_container_set_double(&c, "d", -0.1);
    attr_container_set_bool(&c, "b", true);
    attr_container_set_string(&c, "s", "h\xC3\xA9llo");
    attr_container_set_bytearray(&c, "bytes", bytes, sizeof(bytes));
    /* replace in place: same key, same size */
    attr_container_set_int32(&c, "i32", 123456);
    len = attr_container_get_serialize_length(c);
    blob = malloc(len);
    attr_container_serialize(blob, c);
    write_blob(argv[1], "wamr-all-types.bin", blob, len);
    free(blob);
    attr_container_destroy(c);

    /* What samples/simple/wasm-apps/request_handler.c answers: the container itself, not
       attr_container_serialize's copy, so the flags stay 0. */
    c = attr_container_create("wasm app response payload");
    attr_container_set_string(&c, "key1", "value1");
    attr_container_set_string(&c, "key2", "value2");
    write_blob(argv[1], "wamr-request-handler.bin", (char *)c,
               attr_container_get_serialize_length(c));
    attr_container_destroy(c);
    return 0;
}

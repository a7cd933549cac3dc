/*
 * Microwasm applet SDK: the attribute container, a tagged key/value blob.
 *
 * Layout (integers in the machine's byte order, little-endian on wasm):
 *   flags[2]                   bit 2 set = read-only (set by serialize)
 *   u32 total_length           length of everything after flags, including
 *                              this field and unused reserve at the end
 *   u16 tag_len, tag           tag_len counts the NUL
 *   u16 attr_num
 *   attr_num x { u16 key_len, key (NUL-terminated), u8 type, value }
 * Values: fixed-size types take 1 << (type & 3) bytes; STRING is u16 length
 * (NUL included) + bytes; BYTEARRAY is u32 length + bytes.
 * The type codes are WAMR's current numbering (since 2023-01); WAMR before
 * that used other codes for byte, float, double, bool, string and bytearray.
 * The serialized form is flags + total_length bytes, reserve included.
 */
#ifndef _ATTR_CONTAINER_H_
#define _ATTR_CONTAINER_H_

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <stdbool.h>
#include "bh_platform.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
    ATTR_TYPE_BEGIN = 0,
    ATTR_TYPE_BYTE = 0,
    ATTR_TYPE_INT8 = ATTR_TYPE_BYTE,
    ATTR_TYPE_SHORT = 1,
    ATTR_TYPE_INT16 = ATTR_TYPE_SHORT,
    ATTR_TYPE_INT = 2,
    ATTR_TYPE_INT32 = ATTR_TYPE_INT,
    ATTR_TYPE_INT64 = 3,
    ATTR_TYPE_UINT8 = 4,
    ATTR_TYPE_UINT16 = 5,
    ATTR_TYPE_UINT32 = 6,
    ATTR_TYPE_UINT64 = 7,
    /* 10 and 11 so that 1 << (type & 3) still gives 4 and 8 bytes */
    ATTR_TYPE_FLOAT = 10,
    ATTR_TYPE_DOUBLE = 11,
    ATTR_TYPE_BOOLEAN = 12,
    ATTR_TYPE_STRING = 13,
    ATTR_TYPE_BYTEARRAY = 14,
    ATTR_TYPE_END = ATTR_TYPE_BYTEARRAY
};

#define ATTR_CONT_READONLY_SHIFT 2

typedef struct attr_container {
    char flags[2];
    char buf[1];
} attr_container_t;

/* A new empty container (tag may be NULL: stored as ""); NULL on no memory. */
attr_container_t *attr_container_create(const char *tag);
void attr_container_destroy(const attr_container_t *attr_cont);

/* Setters may move the container (hence the double pointer); an existing key
 * is replaced. They fail on a read-only container or an empty key. */
bool attr_container_set_short(attr_container_t **p_attr_cont, const char *key,
                              short value);
bool attr_container_set_int16(attr_container_t **p_attr_cont, const char *key,
                              int16_t value);
bool attr_container_set_int(attr_container_t **p_attr_cont, const char *key,
                            int value);
bool attr_container_set_int32(attr_container_t **p_attr_cont, const char *key,
                              int32_t value);
bool attr_container_set_uint32(attr_container_t **p_attr_cont, const char *key,
                               uint32_t value);
bool attr_container_set_int64(attr_container_t **p_attr_cont, const char *key,
                              int64_t value);
bool attr_container_set_uint64(attr_container_t **p_attr_cont, const char *key,
                               uint64_t value);
bool attr_container_set_byte(attr_container_t **p_attr_cont, const char *key,
                             int8_t value);
bool attr_container_set_int8(attr_container_t **p_attr_cont, const char *key,
                             int8_t value);
bool attr_container_set_uint8(attr_container_t **p_attr_cont, const char *key,
                              uint8_t value);
bool attr_container_set_uint16(attr_container_t **p_attr_cont, const char *key,
                               uint16_t value);
bool attr_container_set_float(attr_container_t **p_attr_cont, const char *key,
                              float value);
bool attr_container_set_double(attr_container_t **p_attr_cont, const char *key,
                               double value);
bool attr_container_set_bool(attr_container_t **p_attr_cont, const char *key,
                             bool value);
bool attr_container_set_string(attr_container_t **p_attr_cont, const char *key,
                               const char *value);
bool attr_container_set_bytearray(attr_container_t **p_attr_cont,
                                  const char *key, const int8_t *value,
                                  unsigned length);

const char *attr_container_get_tag(const attr_container_t *attr_cont);
uint16_t attr_container_get_attr_num(const attr_container_t *attr_cont);
bool attr_container_contain_key(const attr_container_t *attr_cont,
                                const char *key);

/* Numeric getters return 0 (false) when the key is absent. A value stored
 * with another numeric type is converted (doubles saturate); string and
 * bytearray values give their first bytes, as in WAMR. */
short attr_container_get_as_short(const attr_container_t *attr_cont,
                                  const char *key);
int16_t attr_container_get_as_int16(const attr_container_t *attr_cont,
                                    const char *key);
int attr_container_get_as_int(const attr_container_t *attr_cont,
                              const char *key);
int32_t attr_container_get_as_int32(const attr_container_t *attr_cont,
                                    const char *key);
uint32_t attr_container_get_as_uint32(const attr_container_t *attr_cont,
                                      const char *key);
int64_t attr_container_get_as_int64(const attr_container_t *attr_cont,
                                    const char *key);
uint64_t attr_container_get_as_uint64(const attr_container_t *attr_cont,
                                      const char *key);
int8_t attr_container_get_as_byte(const attr_container_t *attr_cont,
                                  const char *key);
int8_t attr_container_get_as_int8(const attr_container_t *attr_cont,
                                  const char *key);
uint8_t attr_container_get_as_uint8(const attr_container_t *attr_cont,
                                    const char *key);
uint16_t attr_container_get_as_uint16(const attr_container_t *attr_cont,
                                      const char *key);
float attr_container_get_as_float(const attr_container_t *attr_cont,
                                  const char *key);
double attr_container_get_as_double(const attr_container_t *attr_cont,
                                    const char *key);
bool attr_container_get_as_bool(const attr_container_t *attr_cont,
                                const char *key);
/* Pointers into the container (not copies); NULL when absent. */
char *attr_container_get_as_string(const attr_container_t *attr_cont,
                                   const char *key);
const int8_t *attr_container_get_as_bytearray(const attr_container_t *attr_cont,
                                              const char *key,
                                              unsigned *array_length);

/* Bytes attr_container_serialize writes: 2 + total_length. */
unsigned attr_container_get_serialize_length(const attr_container_t *attr_cont);
/* Copies the container to buf and marks the copy read-only. */
bool attr_container_serialize(char *buf, const attr_container_t *attr_cont);
bool attr_container_is_constant(const attr_container_t *attr_cont);
/* Prints the tag and every attribute with printf. */
void attr_container_dump(const attr_container_t *attr_cont);

#ifndef attr_container_malloc
#define attr_container_malloc WA_MALLOC
#endif
#ifndef attr_container_free
#define attr_container_free WA_FREE
#endif
#ifndef attr_container_printf
#define attr_container_printf printf
#endif

#ifdef __cplusplus
}
#endif

#endif

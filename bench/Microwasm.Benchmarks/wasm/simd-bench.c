// A SIMD kernel written with wasm_simd128.h intrinsics, as a WASI command: float saxpy and dot
// product, an 8-bit image blend (saturating adds, rounding averages, min/max), an int16 dot product
// (i32x4.dot_i16x8_s), 4x4 float matrix products (splats and lane extraction) and a hex encoder
// (i8x16.swizzle). It prints a checksum of all the work, so a wrong engine cannot hide.
//   clang-14 --target=wasm32-wasi --sysroot=/usr -O2 -msimd128 -Wl,--strip-all -o simd-bench.wasm simd-bench.c
//   microwasm run --engine compiler simd-bench.wasm [ROUNDS]
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <wasm_simd128.h>

#define N 16384

static float xs[N], ys[N];
static uint8_t image_a[N], image_b[N], image_out[N];
static int16_t left[N], right[N];
static uint8_t hex_out[2 * N];

static void fill(uint32_t seed)
{
    uint32_t x = seed;
    for (int i = 0; i < N; i++)
    {
        x = x * 1664525u + 1013904223u;
        xs[i] = (float)(x >> 8) / 16777216.0f;
        ys[i] = (float)(x & 0xFFFF) / 65536.0f;
        image_a[i] = (uint8_t)(x >> 24);
        image_b[i] = (uint8_t)(x >> 16);
        left[i] = (int16_t)(x >> 8);
        right[i] = (int16_t)(x >> 12);
    }
}

static float saxpy_dot(float a)
{
    v128_t va = wasm_f32x4_splat(a);
    v128_t acc = wasm_f32x4_splat(0.0f);
    for (int i = 0; i < N; i += 4)
    {
        v128_t x = wasm_v128_load(&xs[i]);
        v128_t y = wasm_v128_load(&ys[i]);
        y = wasm_f32x4_add(wasm_f32x4_mul(va, x), y);
        // keep the values bounded so the sums stay exact enough
        y = wasm_f32x4_min(wasm_f32x4_max(y, wasm_f32x4_splat(-4.0f)), wasm_f32x4_splat(4.0f));
        wasm_v128_store(&ys[i], y);
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(x, y));
    }
    return wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) +
           wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
}

static uint32_t blend(void)
{
    v128_t sum = wasm_i32x4_splat(0);
    for (int i = 0; i < N; i += 16)
    {
        v128_t a = wasm_v128_load(&image_a[i]);
        v128_t b = wasm_v128_load(&image_b[i]);
        v128_t avg = wasm_u8x16_avgr(a, b);
        v128_t bright = wasm_u8x16_add_sat(avg, wasm_u8x16_splat(16));
        v128_t clamped = wasm_u8x16_min(wasm_u8x16_max(bright, wasm_u8x16_splat(24)), wasm_u8x16_splat(232));
        wasm_v128_store(&image_out[i], clamped);
        // widen and add up: u8 -> u16 -> u32
        v128_t pairs = wasm_u16x8_extadd_pairwise_u8x16(clamped);
        sum = wasm_i32x4_add(sum, wasm_u32x4_extadd_pairwise_u16x8(pairs));
        // feed the output back into the next round
        wasm_v128_store(&image_a[i], wasm_v128_xor(clamped, b));
    }
    return wasm_i32x4_extract_lane(sum, 0) + wasm_i32x4_extract_lane(sum, 1) +
           wasm_i32x4_extract_lane(sum, 2) + wasm_i32x4_extract_lane(sum, 3);
}

static int32_t dot_i16(void)
{
    v128_t acc = wasm_i32x4_splat(0);
    for (int i = 0; i < N; i += 8)
    {
        v128_t l = wasm_v128_load(&left[i]);
        v128_t r = wasm_v128_load(&right[i]);
        acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(l, r));
        // rotate the right vector's lanes for the next round
        wasm_v128_store(&right[i], wasm_i16x8_shuffle(r, r, 1, 2, 3, 4, 5, 6, 7, 0));
    }
    return wasm_i32x4_extract_lane(acc, 0) ^ wasm_i32x4_extract_lane(acc, 1) ^
           wasm_i32x4_extract_lane(acc, 2) ^ wasm_i32x4_extract_lane(acc, 3);
}

static float matrices(void)
{
    // m = m * k, repeated; rows of 4 floats
    v128_t m[4] = {
        wasm_f32x4_make(1, 0, 0, 0), wasm_f32x4_make(0, 1, 0, 0),
        wasm_f32x4_make(0, 0, 1, 0), wasm_f32x4_make(0, 0, 0, 1),
    };
    const v128_t k[4] = {
        wasm_f32x4_make(0.5f, 0.25f, 0.125f, 0.0625f), wasm_f32x4_make(0.25f, 0.5f, 0.125f, 0.0625f),
        wasm_f32x4_make(0.125f, 0.25f, 0.5f, 0.0625f), wasm_f32x4_make(0.0625f, 0.125f, 0.25f, 0.5f),
    };
    for (int round = 0; round < N / 4; round++)
    {
        v128_t next[4];
        for (int r = 0; r < 4; r++)
        {
            v128_t row = wasm_f32x4_mul(wasm_f32x4_splat(wasm_f32x4_extract_lane(m[r], 0)), k[0]);
            row = wasm_f32x4_add(row, wasm_f32x4_mul(wasm_f32x4_splat(wasm_f32x4_extract_lane(m[r], 1)), k[1]));
            row = wasm_f32x4_add(row, wasm_f32x4_mul(wasm_f32x4_splat(wasm_f32x4_extract_lane(m[r], 2)), k[2]));
            row = wasm_f32x4_add(row, wasm_f32x4_mul(wasm_f32x4_splat(wasm_f32x4_extract_lane(m[r], 3)), k[3]));
            // renormalise so the values neither vanish nor grow
            next[r] = wasm_f32x4_mul(row, wasm_f32x4_splat(1.0625f));
        }
        for (int r = 0; r < 4; r++)
        {
            m[r] = next[r];
        }
    }
    return wasm_f32x4_extract_lane(m[0], 0) + wasm_f32x4_extract_lane(m[1], 1) +
           wasm_f32x4_extract_lane(m[2], 2) + wasm_f32x4_extract_lane(m[3], 3);
}

static uint32_t hex(void)
{
    const v128_t digits = wasm_i8x16_make('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f');
    v128_t check = wasm_i32x4_splat(0);
    for (int i = 0; i < N; i += 16)
    {
        v128_t in = wasm_v128_load(&image_out[i]);
        v128_t high = wasm_u8x16_shr(in, 4);
        v128_t low = wasm_v128_and(in, wasm_u8x16_splat(15));
        v128_t hi_chars = wasm_i8x16_swizzle(digits, high);
        v128_t lo_chars = wasm_i8x16_swizzle(digits, low);
        v128_t first = wasm_i8x16_shuffle(hi_chars, lo_chars, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
        v128_t second = wasm_i8x16_shuffle(hi_chars, lo_chars, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
        wasm_v128_store(&hex_out[2 * i], first);
        wasm_v128_store(&hex_out[2 * i + 16], second);
        check = wasm_i32x4_add(check, wasm_i32x4_add(first, second));
    }
    return wasm_i32x4_extract_lane(check, 0) ^ wasm_i32x4_extract_lane(check, 3);
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 400;
    fill(12345);
    double fsum = 0;
    uint32_t isum = 0;
    for (int r = 0; r < rounds; r++)
    {
        fsum += saxpy_dot(0.5f + (float)(r & 7) / 16.0f);
        isum += blend();
        isum ^= (uint32_t)dot_i16();
        isum += hex();
        if ((r & 15) == 0)
        {
            fsum += matrices();
        }
    }
    printf("%.4f %u\n", fsum, isum);
    return 0;
}

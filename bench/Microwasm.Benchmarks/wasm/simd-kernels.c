// SIMD benchmark kernels, built twice from this one source so that the two .wasm files differ
// only in whether clang's auto-vectoriser may use v128 (SimdBenchmarks.cs runs both):
//   clang-14 --target=wasm32 -O2 -msimd128 -nostdlib -Wl,--no-entry -Wl,--export-all -o simd-kernels-simd.wasm simd-kernels.c
//   clang-14 --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--export-all -o simd-kernels-scalar.wasm simd-kernels.c
#include <stdint.h>

#define N 65536

static uint8_t bytes[N];
static int16_t left[N];
static int16_t right[N];

// Fills the buffers with a deterministic pseudo-random pattern (a 32-bit LCG).
void fill(uint32_t seed)
{
    uint32_t x = seed;
    for (int i = 0; i < N; i++)
    {
        x = x * 1664525u + 1013904223u;
        bytes[i] = (uint8_t)(x >> 24);
        left[i] = (int16_t)(x >> 8);
        right[i] = (int16_t)(x >> 16);
    }
}

// The sum of the first n bytes (n <= N).
uint32_t byte_sum(uint32_t n)
{
    uint32_t sum = 0;
    for (uint32_t i = 0; i < n; i++)
    {
        sum += bytes[i];
    }
    return sum;
}

// The dot product of the first n elements of two int16 vectors (n <= N).
int32_t dot_i16(uint32_t n)
{
    int32_t sum = 0;
    for (uint32_t i = 0; i < n; i++)
    {
        sum += (int32_t)left[i] * right[i];
    }
    return sum;
}

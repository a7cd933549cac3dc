// Clocks, sleeping (poll_oneoff) and randomness.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
    struct timespec a, b, real, res;
    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec nap = {0, 20 * 1000 * 1000};
    int slept = nanosleep(&nap, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    long long elapsed = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
    printf("nanosleep=%d slept_enough=%d\n", slept, elapsed >= 19000000LL);

    clock_gettime(CLOCK_REALTIME, &real);
    printf("realtime_after_2020=%d\n", real.tv_sec > 1577836800);
    printf("res=%d\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0);
    struct timespec cpu;
    printf("cputime=%d\n", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu) == 0);

    unsigned char buf[32];
    memset(buf, 0, sizeof buf);
    int r = getentropy(buf, sizeof buf);
    int nonzero = 0;
    for (size_t i = 0; i < sizeof buf; i++)
        nonzero |= buf[i];
    printf("getentropy=%d nonzero=%d\n", r, nonzero != 0);
    exit(7);
}

/* Emscripten's -s STANDALONE_WASM: a WASI program (args, environment, clock, malloc, float printf). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv) {
    printf("argc = %d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d] = %s\n", i, argv[i]);
    const char *greeting = getenv("GREETING");
    printf("GREETING = %s\n", greeting ? greeting : "(unset)");
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    printf("clock after 2020: %s\n", now.tv_sec > 1577836800 ? "yes" : "no");
    double *squares = malloc(1000 * sizeof *squares);
    double sum = 0;
    for (int i = 0; i < 1000; i++) sum += squares[i] = (double)i * i;
    printf("sum of squares = %.1f, mean = %.3f\n", sum, sum / 1000);
    free(squares);
    return argc > 3 ? 3 : 0;
}

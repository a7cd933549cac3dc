/*
 * A WASI command for `microwasm compile --native`, one module for every behaviour the tests check:
 * prints its argv and $GREETING, then acts on argv[1]: "exit N" calls exit(N), "trap" divides by
 * zero in a function of its own, "read PATH" prints the file's first line (or why it cannot),
 * "return N" returns N from main.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

__attribute__((noinline)) int divide(int a, int b)
{
    return a / b;
}

int main(int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        printf("argv[%d]=%s\n", i, argv[i]);
    }
    const char *greeting = getenv("GREETING");
    printf("GREETING=%s\n", greeting ? greeting : "(unset)");
    fflush(stdout);
    if (argc >= 3 && strcmp(argv[1], "exit") == 0) {
        exit(atoi(argv[2]));
    }
    if (argc >= 3 && strcmp(argv[1], "return") == 0) {
        return atoi(argv[2]);
    }
    if (argc >= 2 && strcmp(argv[1], "trap") == 0) {
        volatile int zero = argc - 2;
        printf("%d\n", divide(argc, zero));
    }
    if (argc >= 3 && strcmp(argv[1], "read") == 0) {
        FILE *f = fopen(argv[2], "r");
        if (!f) {
            printf("cannot open %s: %s\n", argv[2], strerror(errno));
            return 4;
        }
        char line[256] = {0};
        fgets(line, sizeof line, f);
        fclose(f);
        printf("read %s: %s", argv[2], line);
    }
    return 0;
}

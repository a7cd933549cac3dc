/*
 * A WASI command for `microwasm run`: prints its arguments and one environment variable, reads
 * the file named by $IN and writes the file named by $OUT (inside the pre-opened directories),
 * then exits with the status in $STATUS or returns the one in $RETURN.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        printf("argv[%d]=%s\n", i, argv[i]);
    }
    const char *greeting = getenv("GREETING");
    printf("GREETING=%s\n", greeting ? greeting : "(unset)");

    const char *in = getenv("IN");
    if (in) {
        FILE *f = fopen(in, "r");
        if (!f) {
            perror(in);
            return 2;
        }
        char buf[256];
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        buf[n] = 0;
        fclose(f);
        printf("read %s: %s\n", in, buf);
    }
    const char *out = getenv("OUT");
    if (out) {
        FILE *f = fopen(out, "w");
        if (!f) {
            perror(out);
            return 3;
        }
        fputs("written by the guest\n", f);
        fclose(f);
        printf("wrote %s\n", out);
    }
    fflush(stdout);

    const char *status = getenv("STATUS");
    if (status) {
        exit(atoi(status));
    }
    const char *ret = getenv("RETURN");
    return ret ? atoi(ret) : 0;
}

/*
 * A WASI command that copies standard input to standard output until end of input, then prints
 * the byte count: for `microwasm run` with input from a pipe.
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    char buf[4096];
    long total = 0;
    ssize_t n;
    while ((n = read(0, buf, sizeof buf)) > 0) {
        fwrite(buf, 1, (size_t)n, stdout);
        total += n;
    }
    printf("\ntotal=%ld\n", total);
    return n < 0 ? 1 : 0;
}

/* The guest of the embedding sample: plain C, no libc, every function exported. */

int fib(int n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

/* Upper-cases the ASCII letters of buf[0..len) in place; returns how many it changed. */
int to_upper(unsigned char *buf, int len)
{
    int changed = 0;
    for (int i = 0; i < len; i++) {
        if (buf[i] >= 'a' && buf[i] <= 'z') {
            buf[i] -= 'a' - 'A';
            changed++;
        }
    }
    return changed;
}

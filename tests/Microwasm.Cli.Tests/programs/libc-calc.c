/*
 * A builtin-libc module for `microwasm run`: main prints its argv (placed in the app heap by the
 * runtime) and returns argc; the exports are for -f and --repl, including a trap and a loop that
 * never ends (for --timeout).
 */
#include <stdio.h>

static int counter;

int add(int a, int b)
{
    return a + b;
}

int count(void)
{
    return ++counter;
}

int divide(int a, int b)
{
    return a / b;
}

__attribute__((noinline)) static void spin_forever(volatile int *cell)
{
    for (;;) {
        (*cell)++;
    }
}

void spin(void)
{
    volatile int cell = 0;
    spin_forever(&cell);
}

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) {
        printf("argv[%d]=%s\n", i, argv[i]);
    }
    printf("argv[argc]=%s\n", argv[argc] ? "set" : "NULL");
    return argc;
}

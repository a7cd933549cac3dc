/*
 * The smallest program for the builtin libc: output, the app heap and formatting into memory.
 * It has no libc of its own; printf, malloc, sprintf and free are imported from module "env".
 */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    printf("Hello world!\n");

    char *text = malloc(64);
    if (text == NULL) {
        printf("out of memory\n");
        return 1;
    }
    printf("buf ptr: %p\n", (void *)text);

    sprintf(text, "%d", 1234);
    printf("buf: %s\n", text);

    free(text);
    return 0;
}

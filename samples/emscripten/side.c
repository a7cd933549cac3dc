/* An Emscripten side module (-s SIDE_MODULE=1): static data with pointers in it (relocated at
 * __memory_base when the module starts), a constructor, a function pointer taken through the GOT
 * (a table slot the loader fills), printf and malloc from the host's builtin libc. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *planets[] = {"mercury", "venus", "earth", "mars"};
static int scale = 1;
int counter;

static int add(int a, int b) { return a + b; }
static int mul(int a, int b) { return a * b; }
int (*operations[])(int, int) = {add, mul};

__attribute__((constructor)) static void setup(void) { scale = 10; }

/* exported for --function: op 0 adds, op 1 multiplies, through the table */
int apply(int op, int a, int b) { return operations[op & 1](a, b) * scale; }

int longest_planet(void) {
    int best = 0;
    for (unsigned i = 0; i < sizeof planets / sizeof planets[0]; i++) {
        int n = (int)strlen(planets[i]);
        if (n > best) best = n;
    }
    return best;
}

int main(int argc, char **argv) {
    char *line = malloc(64);
    if (!line) return 2;
    snprintf(line, 64, "%d args, %s is the third planet", argc, planets[2]);
    puts(line);
    free(line);
    counter++;
    printf("apply(0, 2, 3) = %d, apply(1, 2, 3) = %d, longest = %d, counter = %d\n",
           apply(0, 2, 3), apply(1, 2, 3), longest_planet(), counter);
    return 0;
}

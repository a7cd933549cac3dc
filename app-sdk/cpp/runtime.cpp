/*
 * The C++ runtime support a freestanding applet needs: operator new and
 * delete on the builtin libc's malloc and free (a failed new returns null,
 * since exceptions are off), and __cxa_pure_virtual. build-applet.sh links
 * this file into every applet that has a C++ source.
 */
#include <stddef.h>
#include <stdlib.h>

void *operator new(size_t size) { return malloc(size ? size : 1); }
void *operator new[](size_t size) { return malloc(size ? size : 1); }
void operator delete(void *p) noexcept { free(p); }
void operator delete[](void *p) noexcept { free(p); }
void operator delete(void *p, size_t) noexcept { free(p); }
void operator delete[](void *p, size_t) noexcept { free(p); }

extern "C" void __cxa_pure_virtual() { abort(); }

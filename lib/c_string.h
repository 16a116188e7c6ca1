// The C memory and string primitives for the i386 side (kernel and user programs; the host has libc). C
// linkage and the standard signatures, because GCC emits calls to memcpy/memset/memmove/memcmp on its own
// (struct copies, zeroing, loop idioms) even in freestanding code, and C-style code expects the usual
// names. Built by lib/CMakeLists.txt as cw_c_string_kernel and cw_c_string_user (object libraries, so
// the symbols are always linked whatever the archive order).
#pragma once

#include <cstddef>

extern "C" {

void* memcpy(void* dest, const void* src, size_t n);
void* memset(void* dest, int value, size_t n);
// Handles overlapping ranges in either direction.
void* memmove(void* dest, const void* src, size_t n);
int memcmp(const void* a, const void* b, size_t n);
size_t strlen(const char* s);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t n);
// Copies src including its NUL; the caller guarantees room. Returns dest.
char* strcpy(char* dest, const char* src);

}  // extern "C"

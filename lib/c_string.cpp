// Built with -fno-tree-loop-distribute-patterns (lib/CMakeLists.txt): otherwise GCC recognises
// these loops as memcpy/memset idioms and compiles them into calls to themselves.
#include "lib/c_string.h"

extern "C" {

void* memcpy(void* dest, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dest);
  auto* s = static_cast<const unsigned char*>(src);
  asm volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
  return dest;
}

void* memset(void* dest, int value, size_t n) {
  auto* d = static_cast<unsigned char*>(dest);
  asm volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(value) : "memory");
  return dest;
}

void* memmove(void* dest, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dest);
  auto* s = static_cast<const unsigned char*>(src);
  // Forward copying is safe unless dest starts inside [src, src + n).
  if (d <= s || d >= s + n) return memcpy(dest, src, n);
  for (size_t i = n; i > 0; --i) d[i - 1] = s[i - 1];
  return dest;
}

int memcmp(const void* a, const void* b, size_t n) {
  auto* x = static_cast<const unsigned char*>(a);
  auto* y = static_cast<const unsigned char*>(b);
  for (size_t i = 0; i < n; ++i)
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

size_t strlen(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

// Compares as unsigned char, as the C standard requires.
int strncmp(const char* a, const char* b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    auto x = static_cast<unsigned char>(a[i]);
    auto y = static_cast<unsigned char>(b[i]);
    if (x != y) return x < y ? -1 : 1;
    if (x == '\0') return 0;
  }
  return 0;
}

int strcmp(const char* a, const char* b) { return strncmp(a, b, static_cast<size_t>(-1)); }

char* strcpy(char* dest, const char* src) {
  size_t i = 0;
  do {
    dest[i] = src[i];
  } while (src[i++] != '\0');
  return dest;
}

}  // extern "C"

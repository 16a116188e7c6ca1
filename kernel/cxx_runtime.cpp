// What the freestanding C++ runtime needs from the kernel: the C memory primitives GCC may call, global
// constructors, and the pure-virtual trap. There is no libc and no libstdc++ in the kernel.
#include <cstddef>
#include <cstdint>

#include "kernel/cxx_runtime.h"
#include "kernel/panic.h"

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
  while (s[n]) ++n;
  return n;
}

void __cxa_pure_virtual() { PANIC("pure virtual function called"); }

using Constructor = void (*)();
extern const Constructor __init_array_start[];
extern const Constructor __init_array_end[];

}  // extern "C"

namespace cw {

void run_global_constructors() {
  for (const Constructor* c = __init_array_start; c != __init_array_end; ++c) (*c)();
}

}  // namespace cw

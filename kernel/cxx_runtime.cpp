// What the freestanding C++ runtime needs from the kernel: global constructors and the pure-virtual trap.
// (The C memory primitives GCC may call come from lib/c_string.cpp.) There is no libc and no libstdc++
// in the kernel.
#include <cstddef>
#include <cstdint>

#include "kernel/cxx_runtime.h"
#include "kernel/panic.h"

extern "C" {

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

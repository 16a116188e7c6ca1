#include "kernel/crash.h"

#include <cstdint>

#include "kernel/panic.h"
#include "kernel/print.h"

namespace cw {

void crash_on_request(StringView kind) {
  if (kind.empty()) return;
  kprint("crash: deliberately triggering '{}'\n", kind);
  if (kind == "divide") {
    // Through asm: a literal division by zero in C++ is undefined behaviour the compiler may delete.
    uint32_t eax = 1, edx = 0, divisor = 0;
    asm volatile("divl %2" : "+a"(eax), "+d"(edx) : "r"(divisor));
  } else if (kind == "pagefault") {
    volatile uint32_t* unmapped = reinterpret_cast<volatile uint32_t*>(0xDEAD0000);
    *unmapped = 0xC10C;
  } else if (kind == "panic") {
    PANIC("crash=panic requested on the command line");
  } else if (kind == "opcode") {
    asm volatile("ud2");
  } else {
    kprint("crash: unknown kind '{}' (divide, pagefault, panic, opcode); ignored\n", kind);
    return;
  }
  PANIC("crash '{}' did not stop the kernel", kind);
}

}  // namespace cw

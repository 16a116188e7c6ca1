#include "kernel/panic.h"

#include "kernel/arch/cpu.h"
#include "kernel/power.h"
#include "kernel/print.h"
#include "mm/kernel_layout.h"

namespace cw {

namespace {

// Walks the frame-pointer chain (the kernel is built with -fno-omit-frame-pointer). Stops at the null
// frame pointer entry.asm plants, at anything outside the kernel's address range, or after 16 frames.
void print_backtrace() {
  auto* frame = static_cast<uint32_t*>(__builtin_frame_address(0));
  kprint("  backtrace:");
  for (int depth = 0; depth < 16 && frame != nullptr; ++depth) {
    uint32_t address = reinterpret_cast<uint32_t>(frame);
    if (address < kKernelVirtualBase || (address & 3) != 0) break;
    kprint(" {:#010x}", frame[1]);
    frame = reinterpret_cast<uint32_t*>(frame[0]);
  }
  kprint("\n");
}

bool panicking = false;

}  // namespace

void panic_formatted(const char* file, int line, StringView fmt, const FormatArg* args, size_t count) {
  cpu::disable_interrupts();
  if (panicking) {
    kprint("PANIC: nested panic at {}:{}\n", file, line);
    power_off(kExitPanic);
  }
  panicking = true;
  kprint("PANIC: ");
  vformat(console::sink(), fmt, args, count);
  kprint("\n  at {}:{}\n", file, line);
  print_backtrace();
  power_off(kExitPanic);
}

}  // namespace cw

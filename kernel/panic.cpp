#include "kernel/panic.h"

#include "kernel/arch/cpu.h"
#include "kernel/debug/backtrace.h"
#include "kernel/power.h"
#include "kernel/print.h"

namespace cw {

namespace {

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
  // From this function's own frame: the first return address is the PANIC's site.
  uint32_t frame = reinterpret_cast<uint32_t>(__builtin_frame_address(0));
  print_backtrace(frame, frame);
  power_off(kExitPanic);
}

}  // namespace cw

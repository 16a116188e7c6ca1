#include "kernel/debug/backtrace.h"

#include "kernel/debug/kernel_symbols.h"
#include "kernel/print.h"
#include "mm/kernel_layout.h"

namespace cw {

namespace {

inline constexpr int kMaxFrames = 16;
// A kernel stack (Thread::kStackSize, the boot stack in entry.asm) is 16 KiB.
inline constexpr uint32_t kMaxStackSpan = 16 * 1024;

// A frame the walk may read two words from: word-aligned, in the kernel's direct map, and within one
// stack's span above the stack pointer the walk started from. The walk runs while the kernel is broken,
// so a corrupt EBP must end it rather than fault.
bool on_stack(uint32_t frame, uint32_t stack_pointer) {
  return (frame & 3) == 0 && frame >= kKernelVirtualBase && frame <= kKernelWindowBase - 8 &&
         frame >= stack_pointer && frame - stack_pointer < kMaxStackSpan;
}

}  // namespace

void print_code_address(uint32_t address) {
  format_code_address(console::sink(), kKernelSymbols, address);
}

void print_backtrace(uint32_t frame_pointer, uint32_t stack_pointer) {
  kprint("  backtrace:\n");
  uint32_t frame = frame_pointer;
  for (int depth = 0; depth < kMaxFrames && on_stack(frame, stack_pointer); ++depth) {
    const auto* words = reinterpret_cast<const uint32_t*>(frame);
    uint32_t return_address = words[1];
    if (return_address == 0) break;  // a new thread's first frame (sched/scheduler.cpp)
    kprint("    ");
    format_return_address(console::sink(), kKernelSymbols, return_address);
    kprint("\n");
    // Callers' frames are higher (the stack grows down); entry.asm's null EBP ends the chain here too.
    if (words[0] <= frame) break;
    frame = words[0];
  }
}

}  // namespace cw

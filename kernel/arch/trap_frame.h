// The register state saved on every interrupt, exception and system call, in the order kernel/arch/isr.asm
// pushes it (lowest address first). The CPU pushes eip..eflags, plus user_esp/user_ss only when the
// interrupt arrives from ring 3 (Intel SDM Vol 3A 6.12.1, figure 6-4).
#pragma once

#include <cstdint>

namespace cw {

struct TrapFrame {
  uint32_t gs, fs, es, ds;
  uint32_t edi, esi, ebp, esp_at_pusha, ebx, edx, ecx, eax;  // pushad order
  uint32_t vector;
  uint32_t error_code;  // the CPU's, or 0 pushed by the stub
  uint32_t eip, cs, eflags;
  uint32_t user_esp, user_ss;  // valid only if from_user()

  bool from_user() const { return (cs & 3) == 3; }
};

static_assert(sizeof(TrapFrame) == 19 * 4);
static_assert(sizeof(TrapFrame) <= 80, "Thread::kTrapFrameReserve must hold a TrapFrame");

}  // namespace cw

// Which signal a user-mode CPU exception raises, with its si_code and si_addr, as Linux i386 does
// (arch/x86/kernel/traps.c; the page fault is mm/pager's: kernel/arch/exceptions.cpp).
#pragma once

#include <cstdint>

namespace cw::signal {

enum class FaultAddress { None, Eip };  // si_addr: 0, or the faulting instruction

struct FaultSignal {
  int sig;
  int32_t code;  // si_code; 0 for #MF/#XM means "work it out from the FPU status" (fpe_code)
  FaultAddress address;
};

// Precondition: vector < 32 and not 14 (#PF).
FaultSignal fault_signal(uint32_t vector);

// si_code of a SIGFPE from #MF (x87: control and status words) or #XM (MXCSR), as Linux's
// fpu__exception_code; 0 if no unmasked exception is flagged (a spurious trap: no signal).
int32_t x87_fpe_code(uint16_t control, uint16_t status);
int32_t simd_fpe_code(uint32_t mxcsr);

}  // namespace cw::signal

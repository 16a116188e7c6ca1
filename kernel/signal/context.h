// The interrupted user registers as a trap frame holds them (kernel/arch/trap_frame.h) and as a signal
// frame's sigcontext holds them (lib/abi/signal.h): the two conversions delivery and sigreturn need.
#pragma once

#include "kernel/arch/trap_frame.h"
#include "lib/abi/signal.h"
#include "lib/signal/frame.h"

namespace cw::signal {

// The user code and data selectors (kernel/arch/gdt.h), for lib/signal/frame.h.
Selectors user_selectors();

// Precondition: frame.from_user(). trapno and err are the trap that entered the kernel; cr2 is 0 (the
// caller sets it for page faults); fpstate and oldmask are the frame builder's.
abi::Sigcontext save_context(const TrapFrame& frame);
// Writes every register of `context` (already checked: checked_context) back into the trap frame.
void load_context(TrapFrame& frame, const abi::Sigcontext& context);

}  // namespace cw::signal

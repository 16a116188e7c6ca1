// The user-visible CPU state of a thread beyond its trap frame: FPU/SSE registers and TLS entries
// (docs/fpu_tls.md). A new program starts with both in their initial state.
#pragma once

#include "kernel/sched/thread.h"

namespace cw::proc {

// Puts the *running* thread's FPU/SSE state back to the initial one (fpu::reset) in memory and in the
// registers, and clears its TLS entries in memory and in the GDT. Both halves matter: the scheduler saves
// the live registers over Thread::fpu at the next switch, and the GDT holds the running thread's entries.
// Called before a thread first enters a program (run_user_thread); execve must call it too. The caller
// loads flat selectors into the frame's segment registers.
void reset_cpu_state(Thread& self);

}  // namespace cw::proc

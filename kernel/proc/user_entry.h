// Entering ring 3: the registers of a fresh image and the first return to user mode.
#pragma once

#include "kernel/arch/trap_frame.h"
#include "kernel/proc/process.h"
#include "lib/types.h"

namespace cw::proc {

// The ring-3 registers a new image starts with, as Linux's start_thread leaves them: eip at the ELF
// entry, esp at the initial stack (lib/initial_stack.h), user segments, interrupts enabled, every
// general register 0 (the psABI leaves edx for an atexit function: 0 means none).
void init_user_frame(TrapFrame& frame, VirtAddr entry, VirtAddr stack_pointer);

// Thread entry for a user process (arg: the Process): builds a ring-3 trap frame at the top of the
// thread's kernel stack and leaves the kernel through it. Never returns.
void run_user_thread(void* process);

}  // namespace cw::proc

// The FPU/SSE state in signal frames (Linux arch/x86/kernel/fpu/signal.c as the model; layout in
// lib/signal/fpu_frame.h). Delivery saves the interrupted code's x87/SSE registers above the frame, so a
// handler may use the FPU freely; sigreturn loads them back from the frame (with MXCSR sanitised: a bad
// value from user memory must not make FXRSTOR fault in the kernel).
#pragma once

#include <cstdint>

#include "lib/result.h"

namespace cw::signal {

// Bytes of FPU state a frame carries: sizeof(_fpstate_32) with FXSR; 0 on a CPU without it (the
// frame's fpstate is then 0 and the state is not saved: docs/signals.md).
uint32_t fpu_frame_bytes();
// Writes the current thread's FPU state at `user_address` (fpu_frame_bytes() bytes). Errors: BadAddress.
Result<void> save_fpu_to_frame(uint32_t user_address);
// Reloads the current thread's FPU state from sigcontext.fpstate. 0 means the frame carries none: the
// state goes back to its initial values, as Linux's fpu__restore_sig with a null buffer does.
// Errors: BadAddress (the process then gets SIGSEGV).
Result<void> restore_fpu_from_frame(uint32_t fpstate);
// Gives a handler about to run a fresh FPU state (fpu::reset: control word 0x37F, MXCSR 0x1F80, data
// registers zero), as Linux's handle_signal does with fpu__clear_user_states once the frame is written:
// the interrupted state is in the frame, and sigreturn brings it back.
void reset_fpu_for_handler();

}  // namespace cw::signal

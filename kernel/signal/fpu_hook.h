// FIXME(fpu): the FPU/SSE state in signal frames. Clockwork does not yet save FPU state per thread
// (another change adds FXSAVE); until then frames carry none: sigcontext.fpstate is 0, which glibc and
// Linux both accept as "no FPU context" (Linux arch/x86/include/uapi/asm/sigcontext.h), and a handler
// that uses the FPU can disturb the interrupted code's x87/SSE registers.
//
// Wiring it up (Linux arch/x86/kernel/fpu/signal.c as the model): fpu_frame_bytes() returns the room
// for an _fpstate_32 (+ FXSAVE area, 16/64-aligned) that lib/signal/frame.cpp must reserve above the
// frame, save_fpu_to_frame() writes the thread's state there and returns its user address for
// sigcontext.fpstate, and restore_fpu_from_frame() reloads it in sigreturn.
#pragma once

#include <cstdint>

#include "lib/result.h"

namespace cw::signal {

// Bytes of FPU state a frame carries: 0 for now.
uint32_t fpu_frame_bytes();
// Writes the current thread's FPU state at `user_address` and returns the address to record in
// sigcontext.fpstate (0: none saved).
Result<uint32_t> save_fpu_to_frame(uint32_t user_address);
// Reloads FPU state from sigcontext.fpstate (0: nothing to load).
Result<void> restore_fpu_from_frame(uint32_t fpstate);

}  // namespace cw::signal

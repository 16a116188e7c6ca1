// Restarting system calls that a signal interrupted (Linux arch/x86/kernel/signal.c handle_signal and
// arch_do_signal_or_restart, with -ERESTARTSYS as the model).
//
// A blocking call that a signal cuts short returns EINTR (WaitQueue::wait_interruptible). When the
// signal is delivered to a handler with SA_RESTART, or to no handler at all, such a call is restarted
// instead: eax gets the call's number back and eip steps back over the 2-byte `int 0x80`, so the call
// runs again with the same arguments once the handler returns. Without SA_RESTART, EINTR stands.
// Calls Linux never restarts after a handler (nanosleep, pause, sigsuspend: -ERESTARTNOHAND and
// -ERESTART_RESTARTBLOCK) keep EINTR after one, SA_RESTART or not; with no handler (the signal stopped
// the process, or turned out ignored) pause and sigsuspend are restarted, so they go on waiting, and the
// timed sleeps become restart_syscall (0), which sleeps on to the end they kept (their restart block).
#pragma once

#include <cstdint>

#include "kernel/arch/trap_frame.h"
#include "lib/signal/signal_state.h"

namespace cw::signal {

// Called by the system-call dispatcher on entry: the number, for a restart (Linux orig_ax).
void note_syscall(uint32_t number);

// At delivery, once per return to user: `frame` is about to run a handler with `action_flags` (or no
// handler at all: handler_runs false). Applies the restart rule above if the return is from a system
// call that returned EINTR, and forgets the call.
void settle_interrupted_syscall(TrapFrame& frame, SignalState& state, bool handler_runs, uint32_t action_flags);

}  // namespace cw::signal

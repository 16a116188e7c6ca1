// Signal delivery, on every return to user mode (proc::on_return_to_user, from trap_dispatch).
//
// Takes the pending, unblocked signals one at a time (lib/signal/signal_state.h dequeue: faults first,
// then the lowest number): an ignored one is dropped, a fatal default ends the process with the kill
// report, a stop signal's default stops it here until SIGCONT (kernel/signal/job_control.h), a caught one gets a Linux sigframe or rt_sigframe on the user (or alternate) stack and the
// trap frame is pointed at the handler. Several caught signals stack several frames, the last one
// running first, as on Linux. A frame that cannot be written forces SIGSEGV (Linux force_sigsegv).
#pragma once

#include "kernel/arch/trap_frame.h"

namespace cw::signal {

// Precondition: interrupts off, `frame` is the current process's ring-3 frame. Returns with interrupts
// off and nothing deliverable left; does not return if a signal ends the process.
void deliver_pending(TrapFrame& frame);

}  // namespace cw::signal

// Sending signals: kill(2), tkill/tgkill, the kernel's own (Ctrl-C, SIGCHLD) and faults.
#pragma once

#include <cstdint>

#include "kernel/arch/trap_frame.h"
#include "lib/result.h"
#include "lib/signal/signal_state.h"
#include "lib/string_view.h"

namespace cw {
class Process;
}

namespace cw::signal {

// Makes `sig` pending in `target` with `info` (discarded if the target ignores it and does not block
// it) and, if the target can take it now, cuts short its interruptible wait (sched::interrupt) so it
// reaches delivery. SIGCONT continues a stopped target first, and SIGKILL wakes one
// (kernel/signal/job_control.h). A zombie takes nothing. Safe from interrupt handlers.
void send(Process& target, int sig, const PendingInfo& info);

// kill(2) from `sender` (null: the kernel, si_code SI_KERNEL). pid > 0: that process; 0: the sender's
// process group; -1: every process but init and the sender; < -1: the process group -pid. Signal 0 only
// checks. Errors: InvalidArgument (sig outside 0..64), NoProcess (nobody to signal).
Result<void> kill(Process* sender, int32_t pid, int sig);
// The signal to every member of process group `pgid` (Linux __kill_pgrp_info; zombies count as members
// and take nothing). Errors: InvalidArgument (bad sig), NoProcess (no member).
Result<void> kill_group(Process* sender, int32_t pgid, int sig);
// tgkill / tkill: one thread per process, so tid is a pid; tgid, if given (> 0; tkill passes 0), must
// be its pid. Errors: InvalidArgument (tid <= 0, bad sig), NoProcess. si_code SI_TKILL.
Result<void> tgkill(Process& sender, int32_t tgid, int32_t tid, int sig);

// SIGCHLD to `child`'s parent as it becomes a zombie (CLD_EXITED or CLD_KILLED, from its waitpid
// status word; cpu_ticks, in ms, becomes si_utime).
void notify_parent(Process& parent, const Process& child, int32_t status_word, uint64_t cpu_ticks);
// SIGCHLD to `child`'s parent as it stops or is continued (`code` CLD_STOPPED or CLD_CONTINUED, si_status
// the signal that did it).
void notify_parent_job(Process& parent, const Process& child, int32_t code, int sig);
// Whether `parent` has asked for its children to be reaped at once (SIGCHLD set to SIG_IGN, or
// SA_NOCLDWAIT): then an exiting child leaves no zombie (POSIX, Linux do_notify_parent).
bool reaps_children_itself(const Process& parent);

// A fault in user mode raised `sig` (Linux force_sig_fault): a blocked or ignored `sig` is reset to
// SIG_DFL and unblocked, so the fault cannot be ignored. `what` and the addresses are for the one-line
// report if the signal ends the process.
void raise_fault(int sig, const PendingInfo& info, const char* what, uint32_t eip, uint32_t report_address);
// The signal frame for `sig` could not be built or written (Linux force_sigsegv): SIGSEGV is forced,
// with its handler reset first if `sig` was SIGSEGV itself, so a bad stack ends in the kill.
void raise_bad_frame(int sig, uint32_t eip, uint32_t frame_address);

}  // namespace cw::signal

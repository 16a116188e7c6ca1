// What a signal does when its disposition is SIG_DFL, as Linux's kernel/signal.c sig_kernel_* sets
// classify them (and signal(7)).
#pragma once

#include "lib/abi/signal.h"
#include "lib/signal/sigset.h"

namespace cw::signal {

// Core: terminate; Clockwork writes no core file, and the waitpid status is the plain signal number
// without WCOREFLAG (docs/signals.md). Stop: the process stops until SIGCONT or SIGKILL (job control,
// kernel/signal/job_control.h). Continue: nothing at delivery; SIGCONT resumes a stopped process when it
// is sent, whatever its disposition (Linux prepare_signal).
enum class DefaultAction { Terminate, Core, Ignore, Stop, Continue };

// SIGSTOP, SIGTSTP, SIGTTIN and SIGTTOU: the signals whose default stops (Linux SIG_KERNEL_STOP_MASK).
constexpr SigSet kStopSignals =
    SigSet::of(abi::kSigStop).with(abi::kSigTstp).with(abi::kSigTtin).with(abi::kSigTtou);
inline bool is_stop_signal(int sig) { return kStopSignals.contains(sig); }
// The three a terminal sends (or would): their default stop is discarded in an orphaned process group,
// which no shell could continue (POSIX; Linux do_signal_stop via is_current_pgrp_orphaned).
inline bool is_tty_stop_signal(int sig) { return is_stop_signal(sig) && sig != abi::kSigStop; }

// Precondition: valid_signal(sig).
DefaultAction default_action(int sig);

// Whether the default action ends the process.
inline bool default_is_fatal(int sig) {
  DefaultAction a = default_action(sig);
  return a == DefaultAction::Terminate || a == DefaultAction::Core;
}

}  // namespace cw::signal

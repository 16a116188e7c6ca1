// What a signal does when its disposition is SIG_DFL, as Linux's kernel/signal.c sig_kernel_* sets
// classify them (and signal(7)).
#pragma once

namespace cw::signal {

// Core: terminate; Clockwork writes no core file, and the waitpid status is the plain signal number
// without WCOREFLAG (docs/signals.md). Stop: job control is not implemented, so the stop signals are
// discarded like Continue (as if stopped and continued at once; docs/signals.md).
enum class DefaultAction { Terminate, Core, Ignore, Stop, Continue };

// Precondition: valid_signal(sig).
DefaultAction default_action(int sig);

// Whether the default action ends the process.
inline bool default_is_fatal(int sig) {
  DefaultAction a = default_action(sig);
  return a == DefaultAction::Terminate || a == DefaultAction::Core;
}

}  // namespace cw::signal

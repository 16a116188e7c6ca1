// Job control (POSIX; Linux kernel/signal.c do_signal_stop, prepare_signal, kernel/exit.c
// kill_orphaned_pgrp): processes stop on a stop signal's default action and go on at SIGCONT, their
// parent learns of both through SIGCHLD (CLD_STOPPED, CLD_CONTINUED) and wait4 (WUNTRACED, WCONTINUED),
// and process groups that nobody in the session could continue are looked after.
//
// One thread a process: "stopped" is the process's state (Process::job), and the stopped thread waits,
// uninterruptibly, in its return to user mode until SIGCONT or SIGKILL. Other signals stay pending.
// Context: every function runs with interrupts off, or takes them off itself.
#pragma once

#include <cstdint>

namespace cw {
class Process;
}

namespace cw::signal {

// Called by send() for every signal before it is posted to `target` (not a zombie): SIGCONT continues a
// stopped target, whatever SIGCONT's disposition (its parent is told: CLD_CONTINUED), and SIGKILL wakes
// a stopped target so that it dies.
void on_send(Process& target, int sig);

// Delivery of a stop signal whose disposition is the default (Disposition::Stop) to the current process:
// stops it and returns once it is continued or has SIGKILL pending. Discarded instead, as on Linux, for
// SIGTSTP, SIGTTIN and SIGTTOU in an orphaned process group, and for init.
void stop_current(int sig);

// POSIX's orphaned process group: no member has a parent in another group of the same session, so no
// job-control shell can continue it. `leaving` (may be null) is about to exit and counts neither as a
// member nor as a parent (Linux will_become_orphaned_pgrp). Zombies do not count; a parent that is init,
// or none, does not connect (Linux is_global_init).
bool group_is_orphaned(int32_t pgid, const Process* leaving = nullptr);

// At the exit of `exiting`, before its children lose it as their parent: every process group its exit
// orphans (its own, or a child's) that has a stopped member gets SIGHUP and then SIGCONT, so no job
// stays stopped forever (POSIX _exit; Linux kill_orphaned_pgrp).
void on_exit(Process& exiting);

}  // namespace cw::signal

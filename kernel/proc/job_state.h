// A process's job-control state (POSIX job control, Linux's SIGNAL_STOP_* flags and exit_code): whether
// it is stopped, by which signal, and the change its parent's wait4 has yet to see.
#pragma once

#include <cstdint>

#include "kernel/sched/wait_queue.h"

namespace cw {

// What wait4 reports once for a child that has stopped (WUNTRACED) or been continued (WCONTINUED). A
// later change replaces an unreported one, as Linux keeps one exit_code: a child stopped and continued
// before its parent looked reports only that it was continued.
enum class JobReport : uint8_t { None, Stopped, Continued };

struct JobState {
  bool stopped = false;       // the thread waits in `resumed` until SIGCONT or SIGKILL
  int stop_signal = 0;        // the signal that stopped it, for the waitpid status and si_status
  JobReport report = JobReport::None;
  WaitQueue resumed;          // the stopped thread
};

}  // namespace cw

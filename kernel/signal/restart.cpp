#include "kernel/signal/restart.h"

#include "kernel/proc/process.h"
#include "kernel/syscall/syscall.h"
#include "lib/abi/syscall_numbers.h"
#include "lib/error.h"

namespace cw::signal {

namespace {

inline constexpr uint32_t kIntInstructionBytes = 2;  // int 0x80: CD 80

// The calls that return EINTR after a handler whatever SA_RESTART says (signal(7), "never restarted";
// Linux's -ERESTARTNOHAND and -ERESTART_RESTARTBLOCK).
bool never_restarted_after_handler(int32_t number) {
  switch (static_cast<abi::Syscall>(number)) {
    case abi::Syscall::Nanosleep:
    case abi::Syscall::ClockNanosleep:
    case abi::Syscall::ClockNanosleepTime64:
    case abi::Syscall::Pause:
    case abi::Syscall::RtSigsuspend:
    case abi::Syscall::Poll:
    case abi::Syscall::Newselect:
      return true;
    default:
      return false;
  }
}

// With no handler to run, Linux restarts those too; nanosleep would resume with the time left (its
// restart block), which Clockwork does not keep, so it returns EINTR instead (docs/signals.md); so do
// clock_nanosleep's two forms. poll and select restart with their whole timeout.
bool restarted_without_handler(int32_t number) {
  auto call = static_cast<abi::Syscall>(number);
  return call != abi::Syscall::Nanosleep && call != abi::Syscall::ClockNanosleep &&
         call != abi::Syscall::ClockNanosleepTime64;
}

}  // namespace

void note_syscall(uint32_t number) {
  if (Process* p = proc::current()) p->signals.syscall_number = static_cast<int32_t>(number);
}

void settle_interrupted_syscall(TrapFrame& frame, SignalState& state, bool handler_runs, uint32_t action_flags) {
  int32_t number = state.syscall_number;
  state.syscall_number = -1;
  if (number < 0 || frame.vector != syscall::kVector) return;
  if (static_cast<int32_t>(frame.eax) != syscall::error_return(Error::Interrupted)) return;
  if (handler_runs && (never_restarted_after_handler(number) || !(action_flags & abi::kSaRestart))) return;
  if (!handler_runs && !restarted_without_handler(number)) return;
  frame.eax = static_cast<uint32_t>(number);
  frame.eip -= kIntInstructionBytes;
}

}  // namespace cw::signal

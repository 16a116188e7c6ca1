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
    case abi::Syscall::RestartSyscall:
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

// The timed sleeps: with no handler to run they resume through restart_syscall, which sleeps on to the
// end they kept (Linux -ERESTART_RESTARTBLOCK); the other calls restart as they were (poll and select
// with their whole timeout).
bool resumes_through_restart_block(int32_t number) {
  switch (static_cast<abi::Syscall>(number)) {
    case abi::Syscall::RestartSyscall:
    case abi::Syscall::Nanosleep:
    case abi::Syscall::ClockNanosleep:
    case abi::Syscall::ClockNanosleepTime64:
      return true;
    default:
      return false;
  }
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
  if (handler_runs && (never_restarted_after_handler(number) || !(action_flags & abi::kSaRestart))) {
    state.restart.armed = false;  // EINTR stands: nothing is to be resumed
    return;
  }
  bool by_block = !handler_runs && resumes_through_restart_block(number);
  frame.eax = static_cast<uint32_t>(by_block ? static_cast<int32_t>(abi::Syscall::RestartSyscall) : number);
  frame.eip -= kIntInstructionBytes;
}

}  // namespace cw::signal

#include "kernel/signal/delivery.h"

#include "kernel/arch/cpu.h"
#include "kernel/print.h"
#include "kernel/proc/process.h"
#include "kernel/sched/scheduler.h"
#include "kernel/signal/context.h"
#include "kernel/signal/fpu_hook.h"
#include "kernel/signal/job_control.h"
#include "kernel/signal/restart.h"
#include "kernel/signal/send.h"
#include "lib/abi/syscall_numbers.h"
#include "lib/signal/frame.h"
#include "mm/address_space.h"

namespace cw::signal {

namespace {

inline constexpr uint32_t kPageFaultVector = 14;

[[noreturn]] void terminate(Process& p, int sig) {
  FaultRecord fault = p.signals.take_fault(sig);
  if (fault.sig != 0) {
    kprint("process {} (pid {}) killed: {} at eip {:#010x}, address {:#010x} (signal {})\n", p.name, p.pid,
           fault.what, fault.eip, fault.address, sig);
  } else if (sig != abi::kSigPipe) {
    // SIGPIPE is how the writer of a pipeline ends when its reader is done (`yes | head`): routine, and
    // left unreported as shells leave it (bash reports every other signal death).
    kprint("process {} (pid {}) killed by signal {}\n", p.name, p.pid, sig);
  }
  // A core-dumping default writes no core: the status is the plain signal (docs/signals.md).
  proc::exit_current(abi::signal_status_word(sig));
}

// Writes the frame as the process itself would push it: each page of it and of the FPU state above it
// is faulted in as if the stack pointer were already there (a push there may grow the stack), then the
// frame's bytes are copied (the FPU state is save_fpu_to_frame's).
bool write_frame(AddressSpace& space, const FramePlan& plan, uint32_t fpu_bytes) {
  uint32_t first = plan.address & ~(kPageSize - 1);
  uint32_t end = plan.address + plan.size;
  if (plan.fpu_address != 0 && plan.fpu_address + fpu_bytes > end) end = plan.fpu_address + fpu_bytes;
  if (end < plan.address) return false;
  for (uint32_t page = first; page < end; page += kPageSize) {
    if (!space.handle_fault(VirtAddr(page), mm::Access::Write, VirtAddr(page))) return false;
  }
  return static_cast<bool>(space.copy_out(VirtAddr(plan.address), plan.bytes, plan.size));
}

void enter_handler(TrapFrame& frame, const FramePlan& plan) {
  frame.eip = plan.eip;
  frame.user_esp = plan.esp;
  frame.eax = plan.eax;
  frame.edx = plan.edx;
  frame.ecx = plan.ecx;
  frame.eflags = plan.eflags;
  frame.cs = plan.cs;
  frame.ds = plan.ds;
  frame.es = plan.es;
  frame.user_ss = plan.ss;
}

// One caught signal: returns false if its frame could not be set up (SIGSEGV is then forced).
bool handle(Process& p, TrapFrame& frame, int sig, const PendingInfo& info) {
  SignalState& s = p.signals;
  FrameRequest request;
  request.sig = sig;
  request.action = s.action(sig);
  settle_interrupted_syscall(frame, s, true, request.action.flags);
  request.context = save_context(frame);
  if (frame.vector == kPageFaultVector && (sig == abi::kSigSegv || sig == abi::kSigBus))
    request.context.cr2 = info.fields[0];
  request.restore_mask = s.mask_to_restore();
  request.info = make_siginfo(sig, info);
  request.fpu_bytes = fpu_frame_bytes();
  auto plan = plan_frame(request, s, user_selectors());
  if (!plan || !write_frame(*p.space, plan.value(), request.fpu_bytes) ||
      (plan.value().fpu_address != 0 && !save_fpu_to_frame(plan.value().fpu_address))) {
    raise_bad_frame(sig, frame.eip, plan ? plan.value().address : request.context.esp);
    return false;
  }
  reset_fpu_for_handler();
  cpu::InterruptGuard guard;
  s.drop_saved_mask();
  (void)s.begin_handler(sig);
  if (plan.value().disarm_alt_stack) s.disarm_alt_stack();
  enter_handler(frame, plan.value());
  return true;
}

}  // namespace

void deliver_pending(TrapFrame& frame) {
  Process* p = proc::current();
  Thread* self = sched::current();
  SignalState& s = p->signals;
  for (;;) {
    cpu::disable_interrupts();
    PendingInfo info;
    int sig = s.dequeue(&info);
    if (sig == 0) {
      settle_interrupted_syscall(frame, s, false, 0);
      s.restore_saved_mask();  // sigsuspend ended without a handler
      self->interrupted = false;  // nothing left to cut waits short for
      return;
    }
    cpu::enable_interrupts();  // writing a frame may page
    switch (s.disposition(sig)) {
      case Disposition::Ignore:
        continue;
      case Disposition::Terminate:
      case Disposition::Core:
        terminate(*p, sig);
      case Disposition::Stop:
        stop_current(sig);  // returns when continued; what became pending meanwhile is taken next
        continue;
      case Disposition::Handle:
        (void)handle(*p, frame, sig, info);
        continue;
    }
  }
}

}  // namespace cw::signal

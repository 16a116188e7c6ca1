// sigreturn (119) and rt_sigreturn (173): back from a handler through the frame delivery.cpp built
// (Linux arch/x86/kernel/signal_32.c sys_sigreturn, sys_rt_sigreturn). The frame lives in user memory
// and may have been rewritten: lib/signal/frame.h checked_context decides what is accepted. A frame that
// cannot be read or does not pass forces SIGSEGV (Linux's badframe).
#include "kernel/arch/cpu.h"
#include "kernel/proc/process.h"
#include "kernel/sched/scheduler.h"
#include "kernel/signal/context.h"
#include "kernel/signal/fpu_hook.h"
#include "kernel/signal/send.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "lib/signal/frame.h"

namespace cw::syscall {

namespace {

using signal::SigSet;

// Puts the registers and the mask of a frame back; false if the frame is refused.
bool restore(TrapFrame& frame, const abi::Sigcontext& saved, SigSet mask) {
  auto context = signal::checked_context(saved, signal::save_context(frame), signal::user_selectors());
  if (!context) return false;
  if (!signal::restore_fpu_from_frame(saved.fpstate)) return false;
  Process& p = *proc::current();
  cpu::InterruptGuard guard;
  signal::load_context(frame, context.value());
  p.signals.set_blocked(mask);
  p.signals.syscall_number = -1;  // not a system call to restart (Linux sets orig_ax = -1)
  return true;
}

// Linux signal_fault: SIGSEGV, which a handler may still catch (unless blocked); the call returns 0.
int32_t bad_frame(const TrapFrame& frame, uint32_t address) {
  signal::raise_bad_frame(0, frame.eip, address);
  return 0;
}

}  // namespace

int32_t sys_sigreturn(const Args&) {
  TrapFrame& frame = *sched::current()->user_frame();
  uint32_t at = signal::sigframe_at(frame.user_esp);
  auto f = read_user<abi::Sigframe>(at);
  if (!f) return bad_frame(frame, at);
  SigSet mask = SigSet::from_abi(abi::Sigset{{f.value().sc.oldmask, f.value().extramask}});
  if (!restore(frame, f.value().sc, mask)) return bad_frame(frame, at);
  return static_cast<int32_t>(frame.eax);  // the dispatcher stores it back in eax
}

int32_t sys_rt_sigreturn(const Args&) {
  TrapFrame& frame = *sched::current()->user_frame();
  uint32_t at = signal::rt_sigframe_at(frame.user_esp);
  auto f = read_user<abi::RtSigframe>(at);
  if (!f) return bad_frame(frame, at);
  const abi::Ucontext& uc = f.value().uc;
  if (!restore(frame, uc.uc_mcontext, SigSet::from_abi(uc.uc_sigmask))) return bad_frame(frame, at);
  // Linux restore_altstack: the saved alternate stack comes back (SS_AUTODISARM); refusals are ignored.
  Process& p = *proc::current();
  cpu::InterruptGuard guard;
  (void)p.signals.set_alt_stack(uc.uc_stack, frame.user_esp);
  return static_cast<int32_t>(frame.eax);
}

}  // namespace cw::syscall

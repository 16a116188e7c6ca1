// The signal system calls but sigreturn (sigreturn.cpp): dispositions, masks, pending, suspend, the
// alternate stack, sending and alarm. Numbers, semantics and errors are Linux i386's (kernel/signal.c); the
// order of checks follows Linux so that the same bad input gets the same errno (docs/abi.md).
#include "kernel/arch/cpu.h"
#include "kernel/proc/process.h"
#include "kernel/sched/scheduler.h"
#include "kernel/signal/alarm.h"
#include "kernel/signal/send.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "lib/signal/signal_state.h"

namespace cw::syscall {

namespace {

using signal::SigSet;
using signal::SignalState;

inline constexpr uint32_t kSigsetSize = sizeof(abi::Sigset);

SignalState& state() { return proc::current()->signals; }
uint32_t user_esp() { return sched::current()->user_frame()->user_esp; }
int sig_arg(uint32_t value) { return static_cast<int>(value); }

// sigaction and rt_sigaction share this: act/old are already in kernel memory.
Result<void> change_action(int sig, const abi::KSigaction* act, abi::KSigaction* old) {
  cpu::InterruptGuard guard;  // a sender reads the disposition
  return state().set_action(sig, act, old);
}

// Waits until a signal can be delivered; its delivery (or, with no handler, the return to user) puts
// the mask sigsuspend saved back. Always EINTR, never restarted (kernel/signal/restart.h).
int32_t suspend_until_signal() {
  SignalState& s = state();
  Thread* self = sched::current();
  WaitQueue nobody;  // only sched::interrupt (a deliverable signal) ends the wait
  cpu::InterruptGuard guard;
  while (!s.has_deliverable()) {
    self->interrupted = false;  // a stale cut from a signal the new mask now blocks
    (void)nobody.wait_interruptible();
  }
  return error_return(Error::Interrupted);
}

}  // namespace

int32_t sys_rt_sigaction(const Args& a) {
  int sig = sig_arg(a.a[0]);
  if (a.a[3] != kSigsetSize) return error_return(Error::InvalidArgument);
  abi::KSigaction act{};
  if (a.a[1] != 0) {
    auto in = read_user<abi::KSigaction>(a.a[1]);
    if (!in) return error_return(in.error());
    act = in.value();
  }
  abi::KSigaction old{};
  auto changed = change_action(sig, a.a[1] ? &act : nullptr, &old);
  if (!changed) return error_return(changed.error());
  if (a.a[2] != 0) return to_return(write_user(a.a[2], old));
  return 0;
}

int32_t sys_sigaction(const Args& a) {
  int sig = sig_arg(a.a[0]);
  abi::KSigaction act{};
  if (a.a[1] != 0) {
    auto in = read_user<abi::OldSigaction>(a.a[1]);
    if (!in) return error_return(in.error());
    act = abi::KSigaction{in.value().handler, in.value().flags, in.value().restorer, {{in.value().mask, 0}}};
  }
  abi::KSigaction old{};
  auto changed = change_action(sig, a.a[1] ? &act : nullptr, &old);
  if (!changed) return error_return(changed.error());
  if (a.a[2] != 0) return to_return(write_user(a.a[2], abi::OldSigaction{old.handler, old.mask.sig[0], old.flags, old.restorer}));
  return 0;
}

int32_t sys_signal(const Args& a) {
  // Linux sys_signal: one-shot, not deferred (SA_RESETHAND | SA_NODEFER), empty mask; no restorer, so
  // the frame's own trampoline returns.
  abi::KSigaction act{a.a[1], abi::kSaResethand | abi::kSaNodefer, 0, {}};
  abi::KSigaction old{};
  auto changed = change_action(sig_arg(a.a[0]), &act, &old);
  if (!changed) return error_return(changed.error());
  return static_cast<int32_t>(old.handler);
}

int32_t sys_rt_sigprocmask(const Args& a) {
  if (a.a[3] != kSigsetSize) return error_return(Error::InvalidArgument);
  SigSet old = state().blocked();
  if (a.a[1] != 0) {
    auto set = read_user<abi::Sigset>(a.a[1]);
    if (!set) return error_return(set.error());
    cpu::InterruptGuard guard;
    auto changed = state().change_blocked(a.a[0], SigSet::from_abi(set.value()));
    if (!changed) return error_return(changed.error());
  }
  if (a.a[2] != 0) return to_return(write_user(a.a[2], old.to_abi()));
  return 0;
}

int32_t sys_sigprocmask(const Args& a) {
  // The old call sees and sets the low 32 signals only; SIG_SETMASK keeps the real-time half.
  SigSet old = state().blocked();
  if (a.a[1] != 0) {
    auto word = read_user<uint32_t>(a.a[1]);
    if (!word) return error_return(word.error());
    SigSet low = SigSet::from_bits(word.value());
    cpu::InterruptGuard guard;
    Result<void> changed = Error::InvalidArgument;
    if (a.a[0] == abi::kSigSetmask) {
      changed = state().change_blocked(a.a[0], low | (old & SigSet::from_bits(0xFFFFFFFF00000000ull)));
    } else {
      changed = state().change_blocked(a.a[0], low);
    }
    if (!changed) return error_return(changed.error());
  }
  if (a.a[2] != 0) return to_return(write_user(a.a[2], old.low_word()));
  return 0;
}

int32_t sys_rt_sigpending(const Args& a) {
  // Linux: any size up to 8 is accepted and that many bytes are written.
  if (a.a[1] > kSigsetSize) return error_return(Error::InvalidArgument);
  abi::Sigset pending = (state().pending() & state().blocked()).to_abi();
  return to_return(current_space().copy_out(VirtAddr(a.a[0]), &pending, a.a[1]));
}

int32_t sys_rt_sigsuspend(const Args& a) {
  if (a.a[1] != kSigsetSize) return error_return(Error::InvalidArgument);
  auto set = read_user<abi::Sigset>(a.a[0]);
  if (!set) return error_return(set.error());
  {
    cpu::InterruptGuard guard;
    state().save_mask_for_suspend();
    state().set_blocked(SigSet::from_abi(set.value()));
  }
  return suspend_until_signal();
}

int32_t sys_pause(const Args&) { return suspend_until_signal(); }

int32_t sys_sigaltstack(const Args& a) {
  abi::StackT requested{};
  if (a.a[0] != 0) {
    auto in = read_user<abi::StackT>(a.a[0]);
    if (!in) return error_return(in.error());
    requested = in.value();
  }
  uint32_t sp = user_esp();
  abi::StackT old{};
  {
    cpu::InterruptGuard guard;
    old = state().alt_stack_info(sp);
    if (a.a[0] != 0) {
      auto set = state().set_alt_stack(requested, sp);
      if (!set) return error_return(set.error());
    }
  }
  if (a.a[1] != 0) return to_return(write_user(a.a[1], old));
  return 0;
}

int32_t sys_alarm(const Args& a) { return to_return(signal::set_alarm(a.a[0])); }

int32_t sys_kill(const Args& a) {
  return to_return(signal::kill(proc::current(), static_cast<int32_t>(a.a[0]), sig_arg(a.a[1])));
}

int32_t sys_tkill(const Args& a) {
  return to_return(signal::tgkill(*proc::current(), 0, static_cast<int32_t>(a.a[0]), sig_arg(a.a[1])));
}

int32_t sys_tgkill(const Args& a) {
  if (static_cast<int32_t>(a.a[0]) <= 0) return error_return(Error::InvalidArgument);
  return to_return(signal::tgkill(*proc::current(), static_cast<int32_t>(a.a[0]), static_cast<int32_t>(a.a[1]),
                                  sig_arg(a.a[2])));
}

}  // namespace cw::syscall

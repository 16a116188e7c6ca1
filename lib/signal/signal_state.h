// One process's signal state, as Linux keeps it per thread group and task (Clockwork has one thread a
// process): dispositions, the blocked mask, pending signals with their siginfo, the alternate stack, and
// the bookkeeping of delivery (the mask sigsuspend replaced, the fault that raised a signal).
//
// Hardware-independent: the kernel (kernel/signal/) drives it; the host tests check its rules. Not
// synchronised: the kernel calls it with interrupts off where a sender and the owner could race.
#pragma once

#include <cstdint>

#include "lib/abi/signal.h"
#include "lib/result.h"
#include "lib/signal/default_action.h"
#include "lib/signal/sigset.h"

namespace cw::signal {

// What a pending signal carries into its siginfo_t: si_code, si_errno, and the first words of the union
// (si_pid/si_addr, si_uid, si_status, si_utime, si_stime). Real-time signals are not queued: one pending
// instance per signal, the first one's information kept (docs/signals.md).
struct PendingInfo {
  int32_t code = abi::kSiUser;
  int32_t error = 0;
  uint32_t fields[5] = {};
};

abi::Siginfo make_siginfo(int sig, const PendingInfo& info);
PendingInfo user_info(int32_t code, int32_t sender_pid);      // kill, tgkill: si_pid, si_uid 0
PendingInfo fault_info(int32_t code, uint32_t address);       // faults: si_addr

// A fault that raised a signal, for the one-line kill report when that signal ends the process.
struct FaultRecord {
  int sig = 0;  // 0: none
  const char* what = "";
  uint32_t eip = 0;
  uint32_t address = 0;
};

// What the delivery of a dequeued signal does (Stop: the default of a stop signal, job control).
enum class Disposition { Ignore, Terminate, Core, Stop, Handle };

struct AltStack {
  uint32_t sp = 0;
  uint32_t size = 0;   // 0: disabled
  int32_t flags = 0;   // as given to sigaltstack (SS_AUTODISARM kept)
};

// Linux's restart block for the timed sleeps (nanosleep, clock_nanosleep): where the interrupted sleep
// was to end, on the tick clock, and where the time left goes. restart_syscall resumes it.
struct SleepRestart {
  uint64_t end_tick = 0;
  uint32_t rem = 0;  // user address; 0: none
  bool wide = false;  // rem is a 64-bit timespec
  bool armed = false;
};

class SignalState {
public:
  // sigaction: `act` (may be null) replaces the disposition of `sig`, `old` (may be null) receives the
  // previous one. EINVAL for a signal outside 1..64 and for any new action on SIGKILL or SIGSTOP. Unknown
  // flag bits are dropped and SIGKILL/SIGSTOP leave the mask; a disposition that ignores discards the
  // pending instance (POSIX).
  Result<void> set_action(int sig, const abi::KSigaction* act, abi::KSigaction* old);
  const abi::KSigaction& action(int sig) const { return actions_[sig - 1]; }
  // The disposition back to SIG_DFL, flags and mask kept (Linux force_sigsegv, SA_RESETHAND).
  void reset_to_default(int sig) { actions_[sig - 1].handler = abi::kSigDfl; }

  SigSet blocked() const { return blocked_; }
  // SIGKILL and SIGSTOP are silently left out, as on Linux.
  void set_blocked(SigSet mask) { blocked_ = mask & ~SigSet::unblockable(); }
  // sigprocmask's SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK; EINVAL for another `how`.
  Result<void> change_blocked(uint32_t how, SigSet set);
  SigSet pending() const { return pending_; }

  // Ignored now: SIG_IGN, or SIG_DFL with a default that discards. SIGKILL/SIGSTOP are never ignored.
  bool ignores(int sig) const;
  // Generation (kill, the kernel). A stop signal first discards a pending SIGCONT, and SIGCONT every
  // pending stop signal (Linux prepare_signal). Returns false if the signal was discarded (ignored and
  // not blocked: Linux's sig_ignored) or was already pending; true if it is newly pending.
  bool post(int sig, const PendingInfo& info);
  // Linux's force_sig for faults: a blocked or ignored `sig` is unblocked and reset to SIG_DFL first,
  // so it cannot be missed (and then kills); `fault` is kept for the kill report.
  void force(int sig, const PendingInfo& info, const FaultRecord& fault);
  // Whether some pending signal is not blocked (the owner should stop waiting and take it).
  bool has_deliverable() const { return !(pending_ & ~blocked_).empty(); }
  bool deliverable(int sig) const { return pending_.contains(sig) && !blocked_.contains(sig); }

  // Takes the next deliverable signal off the pending set: synchronous (fault) signals first, then the
  // lowest number (Linux next_signal). Returns 0 if none.
  int dequeue(PendingInfo* info);
  Disposition disposition(int sig) const;
  // The handler of `sig` is about to run: returns the action it runs with, blocks its sa_mask and (unless
  // SA_NODEFER) `sig`, and resets the disposition with SA_RESETHAND.
  abi::KSigaction begin_handler(int sig);

  // The fault report for `sig`, consumed (none: sig 0).
  FaultRecord take_fault(int sig);

  // sigsuspend: the mask to restore once the signal that ends the wait has been handled.
  void save_mask_for_suspend() { saved_mask_ = blocked_; has_saved_mask_ = true; }
  bool has_saved_mask() const { return has_saved_mask_; }
  // The mask a handler's frame records as the one to restore: the saved one if sigsuspend set it.
  SigSet mask_to_restore() const { return has_saved_mask_ ? saved_mask_ : blocked_; }
  // Consumes the saved mask: back in blocked (no handler ran) or just dropped (a frame recorded it).
  void restore_saved_mask() { if (has_saved_mask_) blocked_ = saved_mask_; has_saved_mask_ = false; }
  void drop_saved_mask() { has_saved_mask_ = false; }

  // Alternate stack (sigaltstack). `sp` is the user stack pointer at the call.
  const AltStack& alt_stack() const { return alt_; }
  bool on_alt_stack(uint32_t sp) const;
  // Linux sas_ss_flags: SS_DISABLE (none), SS_ONSTACK (sp is on it) or 0.
  int32_t alt_stack_mode(uint32_t sp) const;
  abi::StackT alt_stack_info(uint32_t sp) const;
  // EPERM while on the alternate stack, EINVAL for a bad mode, ENOMEM below MINSIGSTKSZ.
  Result<void> set_alt_stack(const abi::StackT& ss, uint32_t sp);
  void disarm_alt_stack() { alt_ = AltStack{}; }

  // fork: the child gets dispositions, mask and alternate stack; nothing pending, no alarm.
  void inherit_for_fork(const SignalState& parent);
  // execve (Linux flush_signal_handlers, POSIX): caught signals go back to SIG_DFL, ignored ones stay
  // ignored, every flag, restorer and sa_mask is cleared; the mask and the pending signals are kept;
  // the alternate stack is dropped.
  void reset_for_exec();

  // The system call the owner is in (Linux orig_ax), for restarting after a handler; -1: none.
  int32_t syscall_number = -1;
  // The sleep restart_syscall resumes, armed when a timed sleep is cut short (kernel/syscall/sys_time.cpp).
  SleepRestart restart;
  // alarm(2): the tick at which SIGALRM is due; 0: none. Not inherited by fork, kept by exec (POSIX).
  uint64_t alarm_tick = 0;

private:
  abi::KSigaction actions_[abi::kNsig] = {};
  PendingInfo info_[abi::kNsig] = {};
  SigSet blocked_;
  SigSet pending_;
  SigSet saved_mask_;
  bool has_saved_mask_ = false;
  AltStack alt_;
  FaultRecord fault_;
};

}  // namespace cw::signal

#include "lib/signal/signal_state.h"

#include "lib/abi/syscall_numbers.h"

namespace cw::signal {

namespace {

// Signals a fault raises: dequeued before the rest (Linux kernel/signal.c SYNCHRONOUS_MASK).
constexpr SigSet kSynchronous = SigSet::of(abi::kSigSegv)
                                    .with(abi::kSigBus)
                                    .with(abi::kSigIll)
                                    .with(abi::kSigTrap)
                                    .with(abi::kSigFpe)
                                    .with(abi::kSigSys);

bool default_ignores(int sig) {
  DefaultAction a = default_action(sig);
  return a == DefaultAction::Ignore || a == DefaultAction::Continue;
}

bool unblockable(int sig) { return SigSet::unblockable().contains(sig); }

}  // namespace

abi::Siginfo make_siginfo(int sig, const PendingInfo& info) {
  abi::Siginfo out{};
  out.si_signo = sig;
  out.si_errno = info.error;
  out.si_code = info.code;
  for (uint32_t i = 0; i < 5; ++i) out.fields[i] = info.fields[i];
  return out;
}

PendingInfo user_info(int32_t code, int32_t sender_pid) {
  PendingInfo info;
  info.code = code;
  info.fields[0] = static_cast<uint32_t>(sender_pid);
  return info;
}

PendingInfo fault_info(int32_t code, uint32_t address) {
  PendingInfo info;
  info.code = code;
  info.fields[0] = address;
  return info;
}

Result<void> SignalState::set_action(int sig, const abi::KSigaction* act, abi::KSigaction* old) {
  if (!valid_signal(sig) || (act && unblockable(sig))) return Error::InvalidArgument;
  abi::KSigaction& slot = actions_[sig - 1];
  if (old) *old = slot;
  if (!act) return {};
  slot = *act;
  slot.flags &= abi::kSaKnownFlags;
  slot.mask = (SigSet::from_abi(act->mask) & ~SigSet::unblockable()).to_abi();
  if (ignores(sig)) pending_ = pending_.without(sig);
  return {};
}

Result<void> SignalState::change_blocked(uint32_t how, SigSet set) {
  switch (how) {
    case abi::kSigBlock: set_blocked(blocked_ | set); return {};
    case abi::kSigUnblock: set_blocked(blocked_ & ~set); return {};
    case abi::kSigSetmask: set_blocked(set); return {};
    default: return Error::InvalidArgument;
  }
}

bool SignalState::ignores(int sig) const {
  if (unblockable(sig)) return false;
  uint32_t handler = actions_[sig - 1].handler;
  return handler == abi::kSigIgn || (handler == abi::kSigDfl && default_ignores(sig));
}

bool SignalState::post(int sig, const PendingInfo& info) {
  // Linux prepare_signal, whatever the dispositions: a stop signal cancels a pending SIGCONT and SIGCONT
  // every pending stop signal, so the later of the two decides.
  if (is_stop_signal(sig)) pending_ = pending_.without(abi::kSigCont);
  if (sig == abi::kSigCont) pending_ = pending_ & ~kStopSignals;
  if (ignores(sig) && !blocked_.contains(sig)) return false;
  if (pending_.contains(sig)) return false;
  pending_ = pending_.with(sig);
  info_[sig - 1] = info;
  return true;
}

void SignalState::force(int sig, const PendingInfo& info, const FaultRecord& fault) {
  bool blocked = blocked_.contains(sig);
  if (blocked || ignores(sig)) {
    actions_[sig - 1].handler = abi::kSigDfl;
    if (blocked) blocked_ = blocked_.without(sig);
  }
  // A fault's own information wins over an instance already pending (from kill, say).
  pending_ = pending_.with(sig);
  info_[sig - 1] = info;
  fault_ = fault;
  fault_.sig = sig;
}

int SignalState::dequeue(PendingInfo* info) {
  SigSet ready = pending_ & ~blocked_;
  SigSet sync = ready & kSynchronous;
  int sig = sync.empty() ? ready.lowest() : sync.lowest();
  if (sig == 0) return 0;
  pending_ = pending_.without(sig);
  if (info) *info = info_[sig - 1];
  return sig;
}

Disposition SignalState::disposition(int sig) const {
  uint32_t handler = actions_[sig - 1].handler;
  if (!unblockable(sig) && handler == abi::kSigIgn) return Disposition::Ignore;
  if (unblockable(sig) || handler == abi::kSigDfl) {
    switch (default_action(sig)) {
      case DefaultAction::Terminate: return Disposition::Terminate;
      case DefaultAction::Core: return Disposition::Core;
      case DefaultAction::Stop: return Disposition::Stop;
      default: return Disposition::Ignore;  // ignore; SIGCONT did its work when it was sent
    }
  }
  return Disposition::Handle;
}

abi::KSigaction SignalState::begin_handler(int sig) {
  abi::KSigaction act = actions_[sig - 1];
  SigSet mask = blocked_ | SigSet::from_abi(act.mask);
  if (!(act.flags & abi::kSaNodefer)) mask = mask.with(sig);
  set_blocked(mask);
  if (act.flags & abi::kSaResethand) actions_[sig - 1].handler = abi::kSigDfl;  // Linux: SA_ONESHOT
  if (fault_.sig == sig) fault_ = FaultRecord{};  // handled: no kill report
  return act;
}

FaultRecord SignalState::take_fault(int sig) {
  if (fault_.sig != sig) return FaultRecord{};
  FaultRecord f = fault_;
  fault_ = FaultRecord{};
  return f;
}

bool SignalState::on_alt_stack(uint32_t sp) const {
  // Linux on_sig_stack: the stack grows down, so its top (sp + size) itself is on it and its base not.
  if (alt_.flags & abi::kSsAutodisarm) return false;
  return sp > alt_.sp && sp - alt_.sp <= alt_.size;
}

int32_t SignalState::alt_stack_mode(uint32_t sp) const {
  if (alt_.size == 0) return abi::kSsDisable;
  return on_alt_stack(sp) ? abi::kSsOnstack : 0;
}

abi::StackT SignalState::alt_stack_info(uint32_t sp) const {
  return abi::StackT{alt_.sp, alt_stack_mode(sp) | (alt_.flags & abi::kSsAutodisarm), alt_.size};
}

Result<void> SignalState::set_alt_stack(const abi::StackT& ss, uint32_t sp) {
  if (on_alt_stack(sp)) return Error::Permission;
  int32_t mode = ss.ss_flags & ~abi::kSsAutodisarm;
  if (mode != abi::kSsDisable && mode != abi::kSsOnstack && mode != 0) return Error::InvalidArgument;
  if (mode == abi::kSsDisable) {
    alt_ = AltStack{0, 0, ss.ss_flags};
    return {};
  }
  if (ss.ss_size < abi::kMinSigStkSz) return Error::NoMemory;
  alt_ = AltStack{ss.ss_sp, ss.ss_size, ss.ss_flags};
  return {};
}

void SignalState::inherit_for_fork(const SignalState& parent) {
  *this = parent;
  pending_ = SigSet{};
  fault_ = FaultRecord{};
  has_saved_mask_ = false;
  syscall_number = -1;
  restart = SleepRestart{};
  alarm_tick = 0;
}

void SignalState::reset_for_exec() {
  for (abi::KSigaction& a : actions_) {
    uint32_t handler = a.handler == abi::kSigIgn ? abi::kSigIgn : abi::kSigDfl;
    a = abi::KSigaction{};
    a.handler = handler;
  }
  alt_ = AltStack{};
  fault_ = FaultRecord{};
  has_saved_mask_ = false;
}

}  // namespace cw::signal

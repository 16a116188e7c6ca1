#include "kernel/signal/send.h"

#include "kernel/arch/cpu.h"
#include "kernel/proc/process.h"
#include "kernel/sched/scheduler.h"
#include "kernel/signal/job_control.h"

namespace cw::signal {

namespace {

// Linux reports times in clock ticks of USER_HZ = 100 (10 ms); Clockwork counts 1 ms ticks.
constexpr uint32_t clock_ticks(uint64_t ms) { return static_cast<uint32_t>(ms / 10); }

void wake_if_deliverable(Process& target, int sig) {
  if (target.thread && target.signals.deliverable(sig)) sched::interrupt(target.thread);
}

// kill's siginfo: SI_USER from a process, SI_KERNEL from the kernel (ctrl-C, orphaned groups).
PendingInfo sender_info(const Process* sender) {
  return sender ? user_info(abi::kSiUser, sender->pid) : user_info(abi::kSiKernel, 0);
}

// SIGCHLD to `parent` about `child`: si_code `code`, si_status `status`, si_utime from `cpu_ticks` (ms).
void notify(Process& parent, const Process& child, int32_t code, uint32_t status, uint64_t cpu_ticks) {
  PendingInfo info;
  info.code = code;
  info.fields[0] = static_cast<uint32_t>(child.pid);
  info.fields[1] = 0;  // si_uid
  info.fields[2] = status;
  info.fields[3] = clock_ticks(cpu_ticks);  // si_utime: Clockwork does not split user and system time
  info.fields[4] = 0;                       // si_stime
  send(parent, abi::kSigChld, info);
}

Result<void> send_checked(Process& target, int sig, const PendingInfo& info) {
  if (sig != 0) send(target, sig, info);
  return {};
}

}  // namespace

void send(Process& target, int sig, const PendingInfo& info) {
  cpu::InterruptGuard guard;
  if (target.state == ProcessState::Zombie) return;
  on_send(target, sig);
  target.signals.post(sig, info);
  wake_if_deliverable(target, sig);
}

Result<void> kill(Process* sender, int32_t pid, int sig) {
  if (sig < 0 || sig > abi::kNsig) return Error::InvalidArgument;
  PendingInfo info = sender_info(sender);
  cpu::InterruptGuard guard;
  if (pid == INT32_MIN) return Error::NoProcess;  // -pid would overflow (Linux returns ESRCH too)
  if (pid == 0) {
    if (!sender) return Error::NoProcess;
    return kill_group(sender, sender->pgid, sig);
  }
  if (pid < -1) return kill_group(sender, -pid, sig);
  if (pid == -1) {
    bool any = false;
    for (Process* p = proc::first(); p; p = p->next) {
      if (p->pid == proc::kInitPid || p == sender || p->state == ProcessState::Zombie) continue;
      any = true;
      (void)send_checked(*p, sig, info);
    }
    return any ? Result<void>{} : Result<void>{Error::NoProcess};
  }
  Process* target = proc::find(pid);
  if (!target) return Error::NoProcess;
  return send_checked(*target, sig, info);
}

Result<void> kill_group(Process* sender, int32_t pgid, int sig) {
  if (sig < 0 || sig > abi::kNsig) return Error::InvalidArgument;
  PendingInfo info = sender_info(sender);
  cpu::InterruptGuard guard;
  bool any = false;
  for (Process* p = proc::first(); p; p = p->next) {
    if (p->pgid != pgid) continue;
    any = true;
    (void)send_checked(*p, sig, info);
  }
  return any ? Result<void>{} : Result<void>{Error::NoProcess};
}

Result<void> tgkill(Process& sender, int32_t tgid, int32_t tid, int sig) {
  if (tid <= 0 || sig < 0 || sig > abi::kNsig) return Error::InvalidArgument;
  cpu::InterruptGuard guard;
  Process* target = proc::find(tid);
  if (!target || (tgid > 0 && target->pid != tgid)) return Error::NoProcess;
  return send_checked(*target, sig, user_info(abi::kSiTkill, sender.pid));
}

void notify_parent(Process& parent, const Process& child, int32_t status_word, uint64_t cpu_ticks) {
  bool exited = (status_word & 0x7F) == 0;
  notify(parent, child, exited ? abi::kCldExited : abi::kCldKilled,
         static_cast<uint32_t>(exited ? (status_word >> 8) & 0xFF : status_word & 0x7F), cpu_ticks);
}

void notify_parent_job(Process& parent, const Process& child, int32_t code, int sig) {
  notify(parent, child, code, static_cast<uint32_t>(sig), child.thread ? child.thread->cpu_ticks : 0);
}

bool reaps_children_itself(const Process& parent) {
  const abi::KSigaction& a = parent.signals.action(abi::kSigChld);
  return a.handler == abi::kSigIgn || (a.flags & abi::kSaNocldwait);
}

void raise_fault(int sig, const PendingInfo& info, const char* what, uint32_t eip, uint32_t report_address) {
  Process* self = proc::current();
  cpu::InterruptGuard guard;
  // `what` is a string literal or an exception name: it outlives the report.
  self->signals.force(sig, info, FaultRecord{sig, what, eip, report_address});
}

void raise_bad_frame(int sig, uint32_t eip, uint32_t frame_address) {
  Process* self = proc::current();
  cpu::InterruptGuard guard;
  if (sig == abi::kSigSegv) self->signals.reset_to_default(abi::kSigSegv);
  self->signals.force(abi::kSigSegv, user_info(abi::kSiKernel, 0),
                      FaultRecord{abi::kSigSegv, "bad signal frame", eip, frame_address});
}

}  // namespace cw::signal

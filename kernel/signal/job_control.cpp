#include "kernel/signal/job_control.h"

#include "kernel/arch/cpu.h"
#include "kernel/proc/process.h"
#include "kernel/sched/scheduler.h"
#include "kernel/signal/send.h"
#include "lib/abi/signal.h"
#include "lib/signal/default_action.h"

namespace cw::signal {

namespace {

Process* parent_of(const Process& p) { return p.parent_pid > 0 ? proc::find(p.parent_pid) : nullptr; }

// SIGCHLD to the parent for a stop or a continue, unless it asked for none (SA_NOCLDSTOP); its wait4
// wakes either way (Linux do_notify_parent_cldstop).
void tell_parent(Process& child, int32_t code, int sig) {
  Process* parent = parent_of(child);
  if (!parent) return;
  if (!(parent->signals.action(abi::kSigChld).flags & abi::kSaNocldstop)) notify_parent_job(*parent, child, code, sig);
  parent->child_exited.wake_all();
}

bool has_stopped_member(int32_t pgid) {
  for (Process* p = proc::first(); p; p = p->next)
    if (p->pgid == pgid && p->state != ProcessState::Zombie && p->job.stopped) return true;
  return false;
}

// The check of kill_orphaned_pgrp for group `pgid`, whose connection through `parent` (in group
// `parent_pgid`) is going.
void hang_up_if_orphaned(int32_t pgid, const Process& parent, int32_t sid, const Process* leaving) {
  if (parent.pgid == pgid || parent.sid != sid) return;  // that parent was no connection
  if (!group_is_orphaned(pgid, leaving) || !has_stopped_member(pgid)) return;
  (void)kill_group(nullptr, pgid, abi::kSigHup);
  (void)kill_group(nullptr, pgid, abi::kSigCont);
}

}  // namespace

void on_send(Process& target, int sig) {
  if (sig == abi::kSigCont && target.job.stopped) {
    target.job.stopped = false;
    target.job.report = JobReport::Continued;
    target.job.resumed.wake_all();
    tell_parent(target, abi::kCldContinued, abi::kSigCont);
  } else if (sig == abi::kSigKill && target.job.stopped) {
    target.job.resumed.wake_all();  // it finds SIGKILL pending and dies
  }
}

void stop_current(int sig) {
  Process& p = *proc::current();
  Thread* self = sched::current();
  cpu::InterruptGuard guard;
  // Linux: init ignores every signal it has no handler for (SIGNAL_UNKILLABLE), SIGSTOP included.
  if (p.pid == proc::kInitPid) return;
  if (is_tty_stop_signal(sig) && group_is_orphaned(p.pgid)) return;
  p.job.stopped = true;
  p.job.stop_signal = sig;
  p.job.report = JobReport::Stopped;
  self->stopped = true;
  tell_parent(p, abi::kCldStopped, sig);
  while (p.job.stopped && !p.signals.pending().contains(abi::kSigKill)) p.job.resumed.wait();
  self->stopped = false;
}

bool group_is_orphaned(int32_t pgid, const Process* leaving) {
  for (Process* p = proc::first(); p; p = p->next) {
    if (p->pgid != pgid || p == leaving || p->state == ProcessState::Zombie) continue;
    Process* parent = parent_of(*p);
    if (!parent || parent == leaving || parent->pid == proc::kInitPid) continue;
    if (parent->pgid != pgid && parent->sid == p->sid) return false;
  }
  return true;
}

void on_exit(Process& exiting) {
  cpu::InterruptGuard guard;
  // Its own group, if its parent was the group's last connection...
  if (Process* parent = parent_of(exiting)) hang_up_if_orphaned(exiting.pgid, *parent, exiting.sid, &exiting);
  // ...and each child's group, if the exiting process was.
  for (Process* child = proc::first(); child; child = child->next) {
    if (child->parent_pid != exiting.pid || child->state == ProcessState::Zombie) continue;
    hang_up_if_orphaned(child->pgid, exiting, child->sid, &exiting);
  }
}

}  // namespace cw::signal

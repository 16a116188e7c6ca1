// The process table and the process life cycle: spawn, exit, wait, kill.
#include "kernel/proc/process.h"

#include "drivers/pit.h"
#include "kernel/arch/cpu.h"
#include "kernel/heap.h"
#include "kernel/panic.h"
#include "kernel/print.h"
#include "kernel/proc/image.h"
#include "kernel/proc/user_entry.h"
#include "kernel/sched/scheduler.h"
#include "kernel/signal/delivery.h"
#include "kernel/signal/job_control.h"
#include "kernel/signal/send.h"
#include "lib/abi/syscall_numbers.h"
#include "mm/address_space.h"
#include "mm/kernel_paging.h"

namespace cw::proc {

namespace {

Process* processes = nullptr;
int32_t next_pid = kInitPid;
// The kernel stands in as the parent of processes it starts itself (init): it waits here.
WaitQueue kernel_child_exited;

void copy_name(char* out, StringView name) {
  size_t i = 0;
  for (; i < name.size() && i + 1 < abi::kNameMax; ++i) out[i] = name[i];
  out[i] = '\0';
}

void unlink(Process* p) {
  for (Process** link = &processes; *link; link = &(*link)->next) {
    if (*link == p) {
      *link = p->next;
      return;
    }
  }
}

void free_record(Process* p) {
  unlink(p);
  delete p;
}

Process* parent_of(const Process* p) { return p->parent_pid > 0 ? find(p->parent_pid) : nullptr; }

}  // namespace

Process* current() {
  Thread* t = sched::current();
  return t ? t->process : nullptr;
}

Process* find(int32_t pid) {
  for (Process* p = processes; p; p = p->next)
    if (p->pid == pid) return p;
  return nullptr;
}

Process* first() { return processes; }

int32_t last_pid() {
  cpu::InterruptGuard guard;
  return next_pid - 1;
}

int32_t take_pid() {
  cpu::InterruptGuard guard;
  return next_pid++;
}

void publish(Process* p) {
  cpu::InterruptGuard guard;
  p->next = processes;
  processes = p;
}

Result<Process*> spawn(StringView program_name, const ExecArgs& args, Process* parent, bool own_group) {
  // The pid is taken now, so that the space's owner label (vmlog) is right from its first page (the
  // stack). A spawn that fails later leaves its pid unused, as fork does on Linux.
  int32_t pid = take_pid();
  char name[abi::kNameMax];
  copy_name(name, program_name);
  Image image = TRY(build_image(program_name, args, program_name, pid, name));
  auto record = try_new<Process>();
  if (!record) {
    delete image.space;
    return Error::NoMemory;
  }
  Process* p = record.value();
  if (!CommandLine::make(args, p->command_line)) {
    delete image.space;
    delete p;
    return Error::NoMemory;
  }
  copy_name(p->name, program_name);
  p->pid = pid;
  p->space = image.space;
  p->parent_pid = parent ? parent->pid : 0;
  inherit_attributes(*p, parent);
  if (own_group) p->pgid = p->pid;
  // A fork and an execve in one: the parent's descriptors but the close-on-exec ones; the console for
  // a process the kernel starts.
  if (parent) {
    p->files.copy_from(parent->files);
    p->files.close_on_exec();
  } else {
    p->files.open_console();
  }
  p->ran_program = true;
  p->start_tick = pit::ticks();
  auto thread = sched::create_thread(p->name, run_user_thread, p);
  if (!thread) {
    delete image.space;
    delete p;
    return thread.error();
  }
  p->thread = thread.value();
  p->thread->process = p;
  p->thread->page_directory = image.space->page_directory();
  p->user_entry = image.entry.get();
  p->user_stack = image.stack_pointer.get();
  publish(p);
  sched::make_ready(p->thread);
  return p;
}

void inherit_attributes(Process& child, const Process* parent) {
  if (!parent) {
    child.pgid = child.sid = child.pid;
    return;
  }
  child.limits = parent->limits;
  child.umask = parent->umask;
  child.pgid = parent->pgid;
  child.sid = parent->sid;
  if (parent->cwd) {
    parent->cwd->ref();
    child.cwd = parent->cwd;
  }
}

void exit_current(int32_t status_word) {
  Process* p = current();
  CW_ASSERT(p != nullptr);
  // Leave the process's page directory before tearing it down.
  Thread* self = sched::current();
  self->page_directory = kernel_page_directory();
  cpu::write_cr3(kernel_page_directory());
  close_resources(*p);
  if (p->clear_child_tid != 0) {
    // CLONE_CHILD_CLEARTID, as Linux's mm_release: a bad address is ignored.
    uint32_t zero = 0;
    (void)p->space->copy_out(VirtAddr(p->clear_child_tid), &zero, sizeof(zero));
  }
  p->usage.minor_faults = p->space->counters().minor_faults;
  p->usage.major_faults = p->space->counters().major_faults;
  delete p->space;
  p->space = nullptr;

  cpu::disable_interrupts();
  p->status_word = status_word;
  p->usage.cpu_ticks = self->cpu_ticks;
  p->state = ProcessState::Zombie;
  p->thread = nullptr;
  self->process = nullptr;
  signal::on_exit(*p);  // groups this exit orphans, if stopped, are hung up and continued
  // Orphans: nobody will wait for them any more.
  for (Process* child = processes; child;) {
    Process* next = child->next;
    if (child->parent_pid == p->pid) {
      child->parent_pid = -1;
      if (child->state == ProcessState::Zombie) free_record(child);
    }
    child = next;
  }
  if (p->parent_pid == 0) {
    kernel_child_exited.wake_all();
  } else if (Process* parent = parent_of(p)) {
    // A parent that ignores SIGCHLD (SIG_IGN or SA_NOCLDWAIT) gets no zombie to reap (POSIX); its
    // waitpid wakes and finds one child fewer.
    bool reaped = signal::reaps_children_itself(*parent);
    signal::notify_parent(*parent, *p, status_word, self->cpu_ticks);
    parent->child_exited.wake_all();
    if (reaped) free_record(p);
  } else {
    free_record(p);
  }
  sched::exit_current();
}

void kill_current_for_fault(int signal, StringView fault, uint32_t eip, uint32_t address) {
  Process* p = current();
  kprint("process {} (pid {}) killed: {} at eip {:#010x}, address {:#010x} (signal {})\n", p->name, p->pid,
         fault, eip, address, signal);
  exit_current(abi::signal_status_word(signal));
}

namespace {

// Which children a wait for `pid` reports (Linux kernel/exit.c): pid > 0 that child, -1 any child, 0
// those in the caller's process group (the kernel, waiting for init: any), < -1 those in group -pid.
bool waits_for(const Process& child, int32_t pid, const Process* self) {
  if (pid > 0) return child.pid == pid;
  if (pid == -1) return true;
  if (pid == 0) return !self || child.pgid == self->pgid;
  return child.pgid == -pid;
}

// A stop or continue of a live child that `options` asks for, consumed (Linux wait_task_stopped and
// wait_task_continued): the status word 0x7f | sig << 8, or 0xffff.
bool take_job_report(Process& child, const WaitOptions& options, Waited* out) {
  JobState& job = child.job;
  if (options.untraced && job.report == JobReport::Stopped && job.stopped) {
    *out = Waited{child.pid, (job.stop_signal << 8) | 0x7F, {}};
  } else if (options.continued && job.report == JobReport::Continued) {
    *out = Waited{child.pid, 0xFFFF, {}};
  } else {
    return false;
  }
  job.report = JobReport::None;
  if (child.thread) out->usage.cpu_ticks = child.thread->cpu_ticks;
  return true;
}

}  // namespace

Result<Waited> wait(int32_t pid, WaitOptions options) {
  Process* self = current();
  int32_t parent_pid = self ? self->pid : 0;
  WaitQueue& queue = self ? self->child_exited : kernel_child_exited;
  cpu::InterruptGuard guard;
  bool interrupted = false;
  for (;;) {
    bool any_child = false;
    for (Process* p = processes; p; p = p->next) {
      if (p->parent_pid != parent_pid || !waits_for(*p, pid, self)) continue;
      any_child = true;
      if (p->state != ProcessState::Zombie) {
        Waited report;
        if (take_job_report(*p, options, &report)) return report;
        continue;
      }
      Waited waited{p->pid, p->status_word, p->usage};
      waited.usage.add(p->reaped_children);
      if (self) self->reaped_children.add(waited.usage);
      free_record(p);
      return waited;
    }
    if (!any_child) return Error::NoChild;
    if (interrupted) return Error::Interrupted;
    if (options.no_hang) return Waited{};
    // Cut short by a signal: look once more, since the child whose exit sent SIGCHLD may be there now
    // (Linux do_wait scans before it gives up with -ERESTARTSYS).
    interrupted = !queue.wait_interruptible();
  }
}

void close_resources(Process& process) {
  process.mailboxes.close_all();
  process.files.close_all();  // the last writer of a pipe gone: its reader sees end of file
  if (process.cwd) process.cwd->unref();
  process.cwd = nullptr;
}

void on_return_to_user() {
  Process* p = current();
  if (p && p->space) signal::deliver_pending(*sched::current()->user_frame());
}

}  // namespace cw::proc

// The process table and the process life cycle: spawn, exit, wait, kill.
#include "kernel/proc/process.h"

#include "drivers/pit.h"
#include "kernel/arch/cpu.h"
#include "kernel/fs/program_store.h"
#include "kernel/heap.h"
#include "kernel/panic.h"
#include "kernel/print.h"
#include "kernel/proc/user_entry.h"
#include "kernel/sched/scheduler.h"
#include "kernel/signal/delivery.h"
#include "kernel/signal/send.h"
#include "lib/abi/syscall_numbers.h"
#include "lib/elf_plan.h"
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

Result<ElfPlan> plan_program(const disk::ProgramEntry& program) {
  uint8_t header[kPageSize];
  uint32_t available = program.size < kPageSize ? program.size : kPageSize;
  TRY(programs::read(program, 0, header, available));
  auto plan = plan_elf(header, available, program.size, kUserElfLimits);
  if (!plan) {
    kprint("spawn: program '{}' refused: {}\n", program.name, describe(plan.error()));
    return Error::BadExecutable;
  }
  return plan.release_value();
}

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

int32_t take_pid() {
  cpu::InterruptGuard guard;
  return next_pid++;
}

void publish(Process* p) {
  cpu::InterruptGuard guard;
  p->next = processes;
  processes = p;
}

Result<Process*> spawn(StringView program_name, const Arguments& args, Process* parent) {
  const disk::ProgramEntry* program = programs::find(program_name);
  if (!program) return Error::NotFound;
  ElfPlan plan = TRY(plan_program(*program));
  auto created = AddressSpace::create(*program, plan);
  if (!created) {
    // Page directories and tables are kernel frames the process must hold for its whole life.
    kprint("spawn: cannot create an address space for '{}': {}\n", program->name, created.error());
    return created.error();
  }
  AddressSpace* space = created.value();
  // The pid is taken now, so that the space's owner label (vmlog) is right from its first page (the
  // stack, filled just below). A spawn that fails later leaves its pid unused, as fork does on Linux.
  int32_t pid = 0;
  {
    cpu::InterruptGuard guard;
    pid = next_pid++;
  }
  char name[abi::kNameMax];
  copy_name(name, program_name);
  space->set_owner(pid, name);
  auto entry = prepare_user_stack(*space, args);
  auto record = try_new<Process>();
  if (!entry || !record) {
    delete space;
    if (record) delete record.value();
    return entry ? Error::NoMemory : entry.error();
  }
  Process* p = record.value();
  copy_name(p->name, program_name);
  p->pid = pid;
  p->space = space;
  p->parent_pid = parent ? parent->pid : 0;
  p->start_tick = pit::ticks();
  auto thread = sched::create_thread(p->name, run_user_thread, p);
  if (!thread) {
    delete space;
    delete p;
    return thread.error();
  }
  p->thread = thread.value();
  p->thread->process = p;
  p->thread->page_directory = space->page_directory();
  p->user_entry = plan.entry().get();
  p->user_stack = entry.value().get();
  {
    cpu::InterruptGuard guard;
    p->next = processes;
    processes = p;
  }
  sched::make_ready(p->thread);
  return p;
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
  delete p->space;
  p->space = nullptr;

  cpu::disable_interrupts();
  p->status_word = status_word;
  p->state = ProcessState::Zombie;
  p->thread = nullptr;
  self->process = nullptr;
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

Result<int32_t> wait(int32_t pid, int32_t* status_word, bool no_hang) {
  Process* self = current();
  int32_t parent_pid = self ? self->pid : 0;
  WaitQueue& queue = self ? self->child_exited : kernel_child_exited;
  cpu::InterruptGuard guard;
  bool interrupted = false;
  for (;;) {
    bool any_child = false;
    for (Process* p = processes; p; p = p->next) {
      if (p->parent_pid != parent_pid || (pid > 0 && p->pid != pid)) continue;
      any_child = true;
      if (p->state != ProcessState::Zombie) continue;
      int32_t reaped = p->pid;
      *status_word = p->status_word;
      free_record(p);
      return reaped;
    }
    if (!any_child) return Error::NoChild;
    if (interrupted) return Error::Interrupted;
    if (no_hang) return 0;
    // Cut short by a signal: look once more, since the child whose exit sent SIGCHLD may be there now
    // (Linux do_wait scans before it gives up with -ERESTARTSYS).
    interrupted = !queue.wait_interruptible();
  }
}

Result<void> kill(int32_t pid, int signal) {
  if (pid <= 0) return Error::NoProcess;  // the kernel names one process
  return signal::kill(nullptr, pid, signal);
}

void close_resources(Process& process) { process.mailboxes.close_all(); }

void on_return_to_user() {
  Process* p = current();
  if (p && p->space) signal::deliver_pending(*sched::current()->user_frame());
}

}  // namespace cw::proc

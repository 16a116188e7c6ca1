#include "kernel/proc/fork.h"

#include "drivers/pit.h"
#include "kernel/arch/cpu.h"
#include "kernel/arch/fpu.h"
#include "kernel/heap.h"
#include "kernel/proc/process.h"
#include "kernel/sched/scheduler.h"
#include "mm/address_space.h"

extern "C" [[noreturn]] void enter_trap_frame(cw::TrapFrame* frame);

namespace cw::proc {

namespace {

inline constexpr uint32_t kAcceptedFlags =
    kCloneSignalMask | kCloneVfork | kCloneParentSettid | kCloneChildCleartid | kCloneChildSettid;

// The forked child's first entry to ring 3: the parent's registers at its system call, eax 0.
void run_forked_thread(void* process) {
  auto* p = static_cast<Process*>(process);
  cpu::disable_interrupts();  // iret restores IF from the frame
  TrapFrame* frame = sched::current()->user_frame();
  *frame = p->fork_frame;
  enter_trap_frame(frame);
}

}  // namespace

Result<int32_t> fork_current(const CloneRequest& request) {
  if ((request.flags & ~kAcceptedFlags) != 0 || (request.flags & kCloneSignalMask) > 64) return Error::InvalidArgument;
  Process* parent = current();
  AddressSpace* space = TRY(parent->space->fork());
  auto record = try_new<Process>();
  if (!record) {
    delete space;
    return Error::NoMemory;
  }
  Process* child = record.value();
  child->pid = take_pid();
  child->parent_pid = parent->pid;
  inherit_attributes(*child, parent);
  __builtin_memcpy(child->name, parent->name, sizeof(child->name));
  child->space = space;
  child->start_tick = pit::ticks();
  space->set_owner(child->pid, child->name);
  child->fork_frame = *sched::current()->user_frame();  // the registers of this system call
  child->fork_frame.eax = 0;
  if (request.stack != 0) child->fork_frame.user_esp = request.stack;
  if (request.flags & kCloneChildCleartid) child->clear_child_tid = request.child_tid;
  auto fail = [&](Error error) -> Result<int32_t> {
    delete space;
    delete child;
    return error;
  };
  if (!CommandLine::copy(parent->command_line, child->command_line)) return fail(Error::NoMemory);
  if (request.flags & kCloneChildSettid) {
    if (!space->copy_out(VirtAddr(request.child_tid), &child->pid, sizeof(child->pid))) return fail(Error::BadAddress);
  }
  if (request.flags & kCloneParentSettid) {
    if (!parent->space->copy_out(VirtAddr(request.parent_tid), &child->pid, sizeof(child->pid)))
      return fail(Error::BadAddress);
  }
  child->mailboxes.inherit(parent->mailboxes);
  child->files.copy_from(parent->files);
  child->signals.inherit_for_fork(parent->signals);  // dispositions, mask, alternate stack; none pending
  auto thread = sched::create_thread(child->name, run_forked_thread, child);
  if (!thread) {
    child->mailboxes.close_all();
    child->files.close_all();
    return fail(thread.error());
  }
  child->thread = thread.value();
  child->thread->process = child;
  child->thread->page_directory = space->page_directory();
  // The parent's live FPU registers (it is in this system call, and the kernel never touches them) and
  // its TLS descriptors: the child resumes with the same %gs base and the same x87/SSE state.
  fpu::save(child->thread->fpu);
  child->thread->tls = sched::current()->tls;
  publish(child);
  sched::make_ready(child->thread);
  return child->pid;
}

}  // namespace cw::proc

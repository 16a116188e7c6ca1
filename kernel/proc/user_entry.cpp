#include "kernel/proc/user_entry.h"

#include "kernel/arch/cpu.h"
#include "kernel/arch/gdt.h"
#include "kernel/proc/cpu_state.h"
#include "kernel/sched/scheduler.h"

extern "C" [[noreturn]] void enter_trap_frame(cw::TrapFrame* frame);

namespace cw::proc {

namespace {

inline constexpr uint32_t kEflagsReserved = 1u << 1;  // always 1 (Intel SDM Vol 1 3.4.3)

}  // namespace

void init_user_frame(TrapFrame& frame, VirtAddr entry, VirtAddr stack_pointer) {
  __builtin_memset(&frame, 0, sizeof(TrapFrame));
  frame.ds = frame.es = frame.fs = frame.gs = gdt::kUserData;
  frame.cs = gdt::kUserCode;
  frame.eip = entry.get();
  frame.eflags = cpu::kEflagsIF | kEflagsReserved;
  frame.user_esp = stack_pointer.get();
  frame.user_ss = gdt::kUserData;
}

void run_user_thread(void* process) {
  auto* p = static_cast<Process*>(process);
  cpu::disable_interrupts();  // iret restores IF from the frame
  Thread* self = sched::current();
  reset_cpu_state(*self);
  TrapFrame* frame = self->user_frame();
  init_user_frame(*frame, VirtAddr(p->user_entry), VirtAddr(p->user_stack));
  enter_trap_frame(frame);
}

}  // namespace cw::proc

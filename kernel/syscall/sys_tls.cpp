// set_thread_area and get_thread_area: the calling thread's three TLS descriptors, GDT entries 6-8
// (lib/tls_descriptor.h has Linux's rules, docs/fpu_tls.md the design). modify_ldt stays ENOSYS: the LDT
// is null for good (kernel/arch/gdt.cpp).
#include "kernel/arch/cpu.h"
#include "kernel/arch/gdt.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "lib/abi/linux_structs.h"
#include "lib/tls_descriptor.h"

namespace cw::syscall {

namespace {

inline constexpr uint32_t kSelectorTableIndicator = 1u << 2;

// A selector register of the caller that names a now-empty TLS entry would fault when the return to
// user mode reloads it, in ring 0 (kernel/arch/isr.asm pops the segment registers before iret). Linux
// recovers from that fault by loading the null selector; Clockwork loads the null selector up front.
// The program then faults in user mode at its next use of the segment (SIGSEGV), never the kernel.
void drop_selectors_of_empty_entry(uint32_t entry) {
  TrapFrame* frame = sched::current()->user_frame();
  for (uint32_t* reg : {&frame->ds, &frame->es, &frame->fs, &frame->gs}) {
    uint32_t selector = *reg & 0xFFFF;
    if ((selector >> 3) == entry && (selector & kSelectorTableIndicator) == 0) *reg = 0;
  }
}

}  // namespace

// set_thread_area(struct user_desc* u_info). The order of checks is Linux's do_set_thread_area: the copy
// (EFAULT), the descriptor (EINVAL), a free slot for entry_number -1 (ESRCH), writing entry_number back
// (EFAULT, before anything changes), the entry's range (EINVAL).
int32_t sys_set_thread_area(const Args& a) {
  auto desc = read_user<abi::UserDesc>(a.a[0]);
  if (!desc) return error_return(desc.error());
  Thread* self = sched::current();
  tls::Slots slots = self->tls;
  auto entry = tls::set(slots, desc.value());
  if (!entry) return error_return(entry.error());
  if (desc.value().entry_number == UINT32_MAX) {
    auto ok = write_user<uint32_t>(a.a[0] + offsetof(abi::UserDesc, entry_number), entry.value());
    if (!ok) return error_return(ok.error());
  }
  cpu::InterruptGuard guard;  // the GDT entries are the running thread's: no switch in between
  self->tls = slots;
  gdt::load_tls(self->tls);
  if (slots.descriptor[entry.value() - tls::kFirstEntry] == 0) drop_selectors_of_empty_entry(entry.value());
  return 0;
}

// get_thread_area(struct user_desc* u_info): reads entry_number (EFAULT), checks its range (EINVAL) and
// writes the whole structure for that entry (an empty entry reads as the LDT_empty form).
int32_t sys_get_thread_area(const Args& a) {
  auto entry = read_user<uint32_t>(a.a[0] + offsetof(abi::UserDesc, entry_number));
  if (!entry) return error_return(entry.error());
  if (entry.value() < tls::kFirstEntry || entry.value() > tls::kLastEntry) return error_return(Error::InvalidArgument);
  uint64_t descriptor = sched::current()->tls.descriptor[entry.value() - tls::kFirstEntry];
  return to_return(write_user(a.a[0], tls::decode(entry.value(), descriptor)));
}

}  // namespace cw::syscall

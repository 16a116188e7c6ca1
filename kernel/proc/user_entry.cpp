#include "kernel/proc/user_entry.h"

#include "kernel/arch/cpu.h"
#include "kernel/arch/gdt.h"
#include "kernel/arch/trap_frame.h"
#include "kernel/proc/cpu_state.h"
#include "kernel/sched/scheduler.h"
#include "mm/address_space.h"

extern "C" [[noreturn]] void enter_trap_frame(cw::TrapFrame* frame);

namespace cw::proc {

namespace {

inline constexpr uint32_t kEflagsReserved = 1u << 1;  // always 1 (Intel SDM Vol 1 3.4.3)

size_t length_of(const char* s) {
  size_t n = 0;
  while (s[n]) ++n;
  return n;
}

}  // namespace

Result<VirtAddr> prepare_user_stack(AddressSpace& space, const Arguments& args) {
  if (args.argc > kMaxArgs) return Error::TooBig;
  uint32_t string_bytes = 0;
  for (uint32_t i = 0; i < args.argc; ++i) string_bytes += length_of(args.argv[i]) + 1;
  if (string_bytes > kMaxArgBytes) return Error::TooBig;

  // Build the block [esp, top) in kernel memory, then copy it out in one go.
  constexpr uint32_t kBlockMax = kMaxArgBytes + (kMaxArgs + 5) * 4 + 16;
  alignas(16) uint8_t block[kBlockMax + 16];
  uint32_t top = space.stack_top().get();
  uint32_t strings_at = (top - string_bytes) & ~3u;
  uint32_t words = 1 + args.argc + 1 + 1 + 2;  // argc, argv, NULL, envp NULL, AT_NULL pair
  uint32_t esp = (strings_at - words * 4) & ~15u;
  uint32_t size = top - esp;

  auto put_word = [&](uint32_t address, uint32_t value) {
    __builtin_memcpy(block + (address - esp), &value, 4);
  };
  __builtin_memset(block, 0, size);
  uint32_t cursor = strings_at;
  put_word(esp, args.argc);
  for (uint32_t i = 0; i < args.argc; ++i) {
    size_t n = length_of(args.argv[i]) + 1;
    __builtin_memcpy(block + (cursor - esp), args.argv[i], n);
    put_word(esp + 4 * (1 + i), cursor);
    cursor += n;
  }
  // The NULL after argv, envp's NULL and the AT_NULL auxv pair are already zero.
  TRY(space.copy_out(VirtAddr(esp), block, size));
  return VirtAddr(esp);
}

void run_user_thread(void* process) {
  auto* p = static_cast<Process*>(process);
  cpu::disable_interrupts();  // iret restores IF from the frame
  Thread* self = sched::current();
  reset_cpu_state(*self);
  TrapFrame* frame = self->user_frame();
  __builtin_memset(frame, 0, sizeof(TrapFrame));
  frame->ds = frame->es = frame->fs = frame->gs = gdt::kUserData;
  frame->cs = gdt::kUserCode;
  frame->eip = p->user_entry;
  frame->eflags = cpu::kEflagsIF | kEflagsReserved;
  frame->user_esp = p->user_stack;
  frame->user_ss = gdt::kUserData;
  enter_trap_frame(frame);
}

}  // namespace cw::proc

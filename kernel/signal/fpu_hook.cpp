#include "kernel/signal/fpu_hook.h"

#include "kernel/arch/cpu.h"
#include "kernel/arch/fpu.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/user_memory.h"
#include "lib/signal/fpu_frame.h"

namespace cw::signal {

uint32_t fpu_frame_bytes() { return fpu::has_fxsr() ? kFpstateSize : 0; }

Result<void> save_fpu_to_frame(uint32_t user_address) {
  if (!fpu::has_fxsr()) return {};
  Thread* self = sched::current();
  uint8_t image[fpu::kStateSize];
  {
    cpu::InterruptGuard guard;  // the live registers are this thread's until the next switch
    fpu::save(self->fpu);
    fpu::copy_out(self->fpu, image);
  }
  uint8_t fpstate[kFpstateSize];
  build_fpstate(image, fpstate);
  return syscall::current_space().copy_out(VirtAddr(user_address), fpstate, sizeof(fpstate));
}

void reset_fpu_for_handler() {
  Thread* self = sched::current();
  cpu::InterruptGuard guard;
  fpu::reset(self->fpu);
  fpu::restore(self->fpu);
}

Result<void> restore_fpu_from_frame(uint32_t fpstate) {
  Thread* self = sched::current();
  if (fpstate == 0 || !fpu::has_fxsr()) {
    cpu::InterruptGuard guard;
    fpu::reset(self->fpu);
    fpu::restore(self->fpu);
    return {};
  }
  uint8_t saved[kFpstateSize];
  TRY(syscall::current_space().copy_in(saved, VirtAddr(fpstate), sizeof(saved)));
  cpu::InterruptGuard guard;
  fpu::load_sanitized(self->fpu, fxsave_in_fpstate(saved));
  fpu::restore(self->fpu);
  return {};
}

}  // namespace cw::signal

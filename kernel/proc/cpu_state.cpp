#include "kernel/proc/cpu_state.h"

#include "kernel/arch/cpu.h"
#include "kernel/arch/fpu.h"
#include "kernel/arch/gdt.h"
#include "kernel/panic.h"
#include "kernel/sched/scheduler.h"

namespace cw::proc {

void reset_cpu_state(Thread& self) {
  CW_ASSERT(&self == sched::current());
  cpu::InterruptGuard guard;  // no switch between the memory and the live copy
  fpu::reset(self.fpu);
  fpu::restore(self.fpu);
  self.tls = tls::Slots{};
  gdt::load_tls(self.tls);
}

}  // namespace cw::proc

#include "drivers/ata/ata_wait.h"

#include "drivers/pit.h"
#include "kernel/arch/cpu.h"
#include "kernel/panic.h"

namespace cw::ata {

void IrqCompletion::arm() {
  cpu::InterruptGuard guard;
  signalled_ = false;
  armed_ = true;
}

bool IrqCompletion::signal_from_irq() {
  if (!armed_) return false;
  signalled_ = true;
  return true;
}

Result<void> IrqCompletion::wait(uint32_t timeout_ms) {
  CW_ASSERT(cpu::interrupts_enabled());
  // +1: the current tick is already partly over, so a deadline of "now + timeout" could come early.
  uint64_t deadline = pit::ticks() + timeout_ms + 1;
  // FIXME: replace this halt loop with a scheduler wait queue (see ata_wait.h).
  for (;;) {
    // Test and sleep with interrupts off between them, so a signal cannot land after the test and leave
    // us halted until some unrelated interrupt: `sti; hlt` enables interrupts and halts as one step.
    cpu::disable_interrupts();
    if (signalled_) {
      signalled_ = false;
      armed_ = false;
      cpu::enable_interrupts();
      return {};
    }
    if (pit::ticks() >= deadline) {
      armed_ = false;
      cpu::enable_interrupts();
      return fail(Error::TimedOut);
    }
    cpu::enable_interrupts_and_halt();
  }
}

void relax() {
  CW_ASSERT(cpu::interrupts_enabled());
  // FIXME: yield to the scheduler instead of halting (see ata_wait.h).
  cpu::halt();
}

uint64_t now_ms() { return pit::ticks(); }

}  // namespace cw::ata

#include "kernel/sync/irq_completion.h"

#include "drivers/pit.h"
#include "kernel/arch/cpu.h"
#include "kernel/panic.h"

namespace cw {

void IrqCompletion::arm() {
  cpu::InterruptGuard guard;
  signalled_ = false;
  armed_ = true;
}

bool IrqCompletion::signal_from_irq() {
  if (!armed_) return false;
  signalled_ = true;
  waiters_.wake_one();
  return true;
}

Result<void> IrqCompletion::wait(uint32_t timeout_ms) {
  CW_ASSERT(cpu::interrupts_enabled());
  // +1: the current tick is already partly over, so a deadline of "now + timeout" could come early.
  uint64_t deadline = pit::ticks() + timeout_ms + 1;
  // The thread sleeps on the wait queue; other threads run until the interrupt handler wakes it. The
  // test and the sleep happen with interrupts off, so a signal cannot slip in between.
  cpu::InterruptGuard guard;
  while (!signalled_) {
    uint64_t now = pit::ticks();
    if (now >= deadline || !waiters_.wait_for(static_cast<uint32_t>(deadline - now))) {
      if (signalled_) break;
      armed_ = false;
      return fail(Error::TimedOut);
    }
  }
  signalled_ = false;
  armed_ = false;
  return {};
}

}  // namespace cw

#include "kernel/sync/semaphore.h"

#include "kernel/arch/cpu.h"

namespace cw {

void Semaphore::down() {
  cpu::InterruptGuard guard;
  if (count_ > 0) {
    --count_;
    return;
  }
  for (;;) {
    waiters_.wait();
    // Normally up() woke this thread and left a unit for it. Should some other wake-up ever end the wait
    // early, take whatever unit exists, or queue again.
    if (handoffs_ > 0) {
      --handoffs_;
      return;
    }
    if (count_ > 0) {
      --count_;
      return;
    }
  }
}

bool Semaphore::try_down() {
  cpu::InterruptGuard guard;
  if (count_ == 0) return false;
  --count_;
  return true;
}

void Semaphore::up() {
  cpu::InterruptGuard guard;
  if (waiters_.empty()) {
    ++count_;
    return;
  }
  ++handoffs_;
  waiters_.wake_one();
}

}  // namespace cw

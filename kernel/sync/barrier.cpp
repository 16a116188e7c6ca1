#include "kernel/sync/barrier.h"

#include "kernel/arch/cpu.h"
#include "kernel/panic.h"

namespace cw {

Barrier::Barrier(uint32_t parties) : parties_(parties) {
  if (parties == 0) PANIC("barrier {}: needs at least one party", this);
}

bool Barrier::arrive_and_wait() {
  cpu::InterruptGuard guard;
  uint32_t my_generation = generation_;
  if (++arrived_ == parties_) {
    arrived_ = 0;
    ++generation_;
    waiters_.wake_all();
    return true;
  }
  // A wake-up that is not the end of this generation (none exists today) just waits again.
  while (generation_ == my_generation) waiters_.wait();
  return false;
}

}  // namespace cw

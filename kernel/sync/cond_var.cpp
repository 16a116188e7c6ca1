#include "kernel/sync/cond_var.h"

#include "kernel/arch/cpu.h"
#include "kernel/panic.h"

namespace cw {

void CondVar::wait(Mutex& mutex) {
  // Interrupts stay off from unlock() until this thread is on the wait queue, so no other thread and no
  // interrupt handler can signal in between.
  cpu::InterruptGuard guard;
  if (!mutex.held_by_current()) PANIC("condvar {}: wait() without owning mutex {}", this, &mutex);
  if (waiters_.empty()) mutex_ = &mutex;
  if (mutex_ != &mutex)
    PANIC("condvar {}: wait() with mutex {} while others wait with mutex {}", this, &mutex, mutex_);
  mutex.unlock();
  waiters_.wait();
  mutex.lock();
}

Result<void> CondVar::wait_interruptible(Mutex& mutex) {
  cpu::InterruptGuard guard;
  if (!mutex.held_by_current()) PANIC("condvar {}: wait() without owning mutex {}", this, &mutex);
  if (waiters_.empty()) mutex_ = &mutex;
  if (mutex_ != &mutex)
    PANIC("condvar {}: wait() with mutex {} while others wait with mutex {}", this, &mutex, mutex_);
  mutex.unlock();
  auto woken = waiters_.wait_interruptible();
  mutex.lock();
  return woken;
}

void CondVar::signal() { waiters_.wake_one(); }

void CondVar::broadcast() { waiters_.wake_all(); }

}  // namespace cw

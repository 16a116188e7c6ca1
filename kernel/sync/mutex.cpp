#include "kernel/sync/mutex.h"

#include "kernel/arch/cpu.h"
#include "kernel/panic.h"
#include "kernel/sched/scheduler.h"

namespace cw {

namespace {

Thread* calling_thread() {
  Thread* self = sched::current();
  CW_ASSERT(self != nullptr);  // the scheduler must be up before anything blocks
  return self;
}

}  // namespace

bool Mutex::held_by_current() const {
  cpu::InterruptGuard guard;
  return owner_ != nullptr && owner_ == sched::current();
}

void Mutex::lock() {
  cpu::InterruptGuard guard;
  Thread* self = calling_thread();
  if (owner_ == self)
    PANIC("mutex {}: thread {} ({}) locks it again while holding it (mutexes are not recursive)", this,
          self->id, self->name);
  if (owner_ == nullptr && !handoff_pending_) {
    owner_ = self;
    return;
  }
  for (;;) {
    waiters_.wait();
    // Normally unlock() picked this thread and left the hand-off for it. Should some other wake-up ever
    // end the wait early, take the mutex only if it is free; otherwise queue again.
    if (owner_ == nullptr) {
      handoff_pending_ = false;
      owner_ = self;
      return;
    }
  }
}

bool Mutex::try_lock() {
  cpu::InterruptGuard guard;
  Thread* self = calling_thread();
  if (owner_ == self)
    PANIC("mutex {}: thread {} ({}) try_locks it while holding it (mutexes are not recursive)", this,
          self->id, self->name);
  if (owner_ != nullptr || handoff_pending_) return false;
  owner_ = self;
  return true;
}

void Mutex::unlock() {
  cpu::InterruptGuard guard;
  Thread* self = calling_thread();
  if (owner_ == nullptr)
    PANIC("mutex {}: thread {} ({}) unlocks it but it is not locked", this, self->id, self->name);
  if (owner_ != self)
    PANIC("mutex {}: thread {} ({}) unlocks it but thread {} ({}) owns it", this, self->id, self->name,
          owner_->id, owner_->name);
  CW_ASSERT(!handoff_pending_);
  owner_ = nullptr;
  if (!waiters_.empty()) {
    handoff_pending_ = true;
    waiters_.wake_one();
  }
}

}  // namespace cw

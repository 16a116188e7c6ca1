#include "kernel/sched/wait_queue.h"

#include "drivers/pit.h"
#include "kernel/arch/cpu.h"
#include "kernel/panic.h"
#include "kernel/sched/scheduler.h"

namespace cw {

void WaitQueue::wait() {
  CW_ASSERT(!cpu::interrupts_enabled());
  threads_.push_back(sched::current());
  sched::block_current(ThreadState::Blocked);
}

Result<void> WaitQueue::wait_interruptible() {
  CW_ASSERT(!cpu::interrupts_enabled());
  Thread* self = sched::current();
  if (self->interrupted) return Error::Interrupted;
  self->interruptible = true;
  threads_.push_back(self);
  sched::block_current(ThreadState::Blocked);
  self->interruptible = false;
  if (self->interrupted) return Error::Interrupted;
  return {};
}

bool WaitQueue::wait_for(uint32_t milliseconds) {
  CW_ASSERT(!cpu::interrupts_enabled());
  Thread* self = sched::current();
  self->deadline = pit::ticks() + milliseconds + 1;
  threads_.push_back(self);
  sched::block_current(ThreadState::Blocked);
  return !self->timed_out;
}

Result<bool> WaitQueue::wait_interruptible_for(uint32_t milliseconds) {
  CW_ASSERT(!cpu::interrupts_enabled());
  Thread* self = sched::current();
  if (self->interrupted) return Error::Interrupted;
  self->interruptible = true;
  self->deadline = pit::ticks() + milliseconds + 1;
  threads_.push_back(self);
  sched::block_current(ThreadState::Blocked);
  self->interruptible = false;
  if (self->interrupted) return Error::Interrupted;
  return !self->timed_out;
}

void WaitQueue::wake_one() {
  cpu::InterruptGuard guard;
  Thread* t = threads_.pop_front();
  if (!t) return;
  t->queue = nullptr;
  sched::wake(t);
}

void WaitQueue::wake_all() {
  cpu::InterruptGuard guard;
  while (Thread* t = threads_.pop_front()) sched::wake(t);
}

}  // namespace cw

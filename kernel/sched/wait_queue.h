// WaitQueue: threads waiting for an event, woken in FIFO order. The building block for every blocking
// primitive (kernel/sync/), the disk driver's completion wait and process wait.
//
// The caller checks its condition and calls wait() with interrupts off, so an interrupt handler cannot
// signal between the check and the sleep (the lost wake-up problem):
//
//   cpu::InterruptGuard guard;
//   while (!done) queue.wait();
#pragma once

#include <cstdint>

#include "kernel/sched/thread.h"
#include "lib/result.h"

namespace cw {

class WaitQueue {
public:
  // Precondition: interrupts off. Returns after wake_one/wake_all picked this thread.
  void wait();
  // As wait(), but returns Interrupted at once, or when woken, if sched::interrupt() hit this thread
  // (its process has a signal to take: kernel/signal/send.h). Callers loop on their condition as with
  // wait(); a system call passes Interrupted up as EINTR, which signal delivery may turn into a restart.
  [[nodiscard]] Result<void> wait_interruptible();
  // As wait(), but gives up after `milliseconds`; returns false on timeout.
  [[nodiscard]] bool wait_for(uint32_t milliseconds);
  // Both: Interrupted as wait_interruptible, else false on timeout.
  [[nodiscard]] Result<bool> wait_interruptible_for(uint32_t milliseconds);

  void wake_one();
  void wake_all();
  bool empty() const { return threads_.empty(); }
  size_t size() const { return threads_.size(); }

private:
  ThreadQueue threads_;
};

}  // namespace cw

// Semaphore: a counting semaphore (Dijkstra's P/V as down/up).
//
// Contract:
//  * down() takes one unit, blocking while there is none. Thread context only.
//  * try_down() takes one unit if one is available right now and reports whether it did; never blocks.
//  * up() adds one unit. If threads are blocked in down(), the unit goes straight to the longest waiter
//    (FIFO wake order) and the count stays unchanged, so a thread calling down()/try_down() later cannot
//    take it first. Safe from interrupt handlers.
//  * value() is the number of units available now (0 whenever someone is blocked).
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernel/sched/wait_queue.h"

namespace cw {

class Semaphore {
public:
  explicit Semaphore(uint32_t initial = 0) : count_(initial) {}
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;

  void down();
  [[nodiscard]] bool try_down();
  void up();

  // Snapshots, for assertions and diagnostics.
  uint32_t value() const { return count_; }
  size_t waiters() const { return waiters_.size(); }

private:
  uint32_t count_;
  uint32_t handoffs_ = 0;  // units up() gave to woken waiters that have not run yet
  WaitQueue waiters_;
};

}  // namespace cw

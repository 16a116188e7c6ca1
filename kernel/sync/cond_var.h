// CondVar: a condition variable for use with a Mutex (Mesa semantics).
//
// Contract:
//  * wait(mutex): the caller must own `mutex` (else panic). Releases it and sleeps as one atomic step
//    (no signal between the two can be lost), then reacquires it before returning.
//  * signal() wakes the longest waiter, broadcast() wakes all; both are no-ops with no waiters. Neither
//    requires holding the mutex, and both are safe from interrupt handlers.
//  * A woken thread reacquires the mutex behind whoever else wants it, so the condition may have changed
//    again by then: always wait in a loop,
//
//      LockGuard guard(lock);
//      while (queue_empty()) not_empty.wait(lock);
//
//  * All threads waiting at the same time must use the same mutex (checked: panics otherwise).
#pragma once

#include "lib/result.h"

#include <cstddef>

#include "kernel/sched/wait_queue.h"
#include "kernel/sync/mutex.h"

namespace cw {

class CondVar {
public:
  CondVar() = default;
  CondVar(const CondVar&) = delete;
  CondVar& operator=(const CondVar&) = delete;

  void wait(Mutex& mutex);
  // As wait(), but returns Interrupted (with the mutex reacquired) if the thread is being killed
  // (sched::interrupt): for waits on behalf of a process that a kill must be able to end.
  [[nodiscard]] Result<void> wait_interruptible(Mutex& mutex);
  void signal();
  void broadcast();

  // Threads currently waiting (a snapshot).
  size_t waiters() const { return waiters_.size(); }

private:
  WaitQueue waiters_;
  Mutex* mutex_ = nullptr;  // the current waiters' mutex (meaningful only while there are waiters)
};

}  // namespace cw

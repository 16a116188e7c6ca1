// Mutex: a blocking, non-recursive lock with an owner, for kernel threads.
//
// Contract:
//  * lock() blocks until the calling thread owns the mutex. Locking a mutex the caller already owns is a
//    kernel bug and panics (the mutex is not recursive).
//  * unlock() must be called by the owner. Unlocking a mutex that is not locked, or that another thread
//    owns, panics.
//  * Waiters acquire the mutex in FIFO order: unlock() hands ownership straight to the longest waiter, so
//    a thread that unlocks and immediately locks again queues behind it instead of barging ahead
//    (no starvation).
//  * Thread context only (lock may block; unlock checks the owner): never from an interrupt handler.
//  * A thread must not exit while it owns a mutex (nothing releases it).
//
// Built on WaitQueue under InterruptGuard (the kernel runs on one CPU). Prefer LockGuard (lock_guard.h)
// to pairing lock() and unlock() by hand.
#pragma once

#include <cstddef>

#include "kernel/sched/thread.h"
#include "kernel/sched/wait_queue.h"

namespace cw {

class Mutex {
public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void lock();
  // Takes the mutex if it is free and nobody is queued for it; never blocks. Panics if the caller owns it.
  [[nodiscard]] bool try_lock();
  void unlock();

  // Snapshots, for assertions and diagnostics.
  bool is_locked() const { return owner_ != nullptr || handoff_pending_; }
  bool held_by_current() const;
  size_t waiters() const { return waiters_.size(); }

private:
  Thread* owner_ = nullptr;
  // unlock() passed ownership to a waiter it woke, which has not run yet. The mutex counts as locked, so
  // newcomers queue instead of taking it.
  bool handoff_pending_ = false;
  WaitQueue waiters_;
};

}  // namespace cw

// Helpers for in-kernel tests that run worker threads: spawning with a FAIL line on error, waiting for
// the workers to finish, and polling for a condition that other threads bring about.
#pragma once

#include "kernel/arch/cpu.h"
#include "kernel/ktest/ktest.h"
#include "kernel/sched/scheduler.h"
#include "kernel/sync/cond_var.h"
#include "kernel/sync/lock_guard.h"
#include "kernel/sync/mutex.h"

namespace cw::ktest {

// Failures found by worker threads, which cannot return a result: each prints its FAIL line and is
// counted, and the test thread reports failure if count() is not zero at the end.
class WorkerFailures {
public:
  explicit WorkerFailures(const char* test) : test_(test) {}

  template <typename... Args>
  void check(bool ok, StringView fmt, const Args&... args) {
    if (ktest::check(ok, test_, fmt, args...)) return;
    cpu::InterruptGuard guard;
    count_ = count_ + 1;
  }

  int count() const { return count_; }

private:
  const char* test_;
  volatile int count_ = 0;
};

// A set of worker threads that the test thread waits for. Every worker calls done() as its last step.
class WorkerGroup {
public:
  explicit WorkerGroup(const char* test) : test_(test) {}

  // Spawns a kernel thread running entry(arg); prints a FAIL line and returns false if it cannot.
  bool spawn(const char* name, Thread::Entry entry, void* arg = nullptr) {
    auto thread = sched::spawn_kernel_thread(name, entry, arg);
    if (!thread) return check(false, test_, "cannot spawn thread {}: {}", name, thread.error());
    LockGuard guard(lock_);
    ++spawned_;
    return true;
  }

  void done() {
    LockGuard guard(lock_);
    ++done_;
    all_done_.broadcast();
  }

  // Waits until every worker spawned so far has called done().
  void join() {
    LockGuard guard(lock_);
    while (done_ < spawned_) all_done_.wait(lock_);
  }

  int finished() {
    LockGuard guard(lock_);
    return done_;
  }

private:
  const char* test_;
  Mutex lock_;
  CondVar all_done_;
  int spawned_ = 0;
  int done_ = 0;
};

// Sleeps in 1 ms steps until condition() holds; false (after a FAIL line naming `what`) if it still
// does not after `limit_ms`.
template <typename Condition>
bool poll_until(const char* test, const char* what, Condition condition, uint32_t limit_ms = 5000) {
  for (uint32_t waited = 0; !condition(); ++waited) {
    if (waited == limit_ms) return check(false, test, "timed out after {} ms waiting for {}", limit_ms, what);
    sched::sleep_ms(1);
  }
  return true;
}

}  // namespace cw::ktest

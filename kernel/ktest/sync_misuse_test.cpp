// ktest=mutex_relock and ktest=mutex_foreign_unlock: misusing a Mutex is a kernel bug and must panic
// with a message that says what happened. Both tests end in that panic; reaching their end is a failure.
#include "kernel/ktest/ktest.h"
#include "kernel/sched/scheduler.h"
#include "kernel/sync/mutex.h"
#include "kernel/sync/semaphore.h"

namespace cw::ktest {

namespace {

Mutex misused;
Semaphore owner_has_it(0);
Semaphore never(0);

void owner_thread(void*) {
  misused.lock();
  owner_has_it.up();
  never.down();  // keeps the mutex for the rest of the test
}

}  // namespace

bool mutex_relock_test() {
  misused.lock();
  kprint("(mutex_relock) locking a mutex this thread already holds\n");
  misused.lock();
  return check(false, "mutex_relock", "locking twice did not panic");
}

bool mutex_foreign_unlock_test() {
  auto owner = sched::spawn_kernel_thread("owner", owner_thread, nullptr);
  if (!owner) return check(false, "mutex_foreign_unlock", "cannot spawn: {}", owner.error());
  owner_has_it.down();
  kprint("(mutex_foreign_unlock) unlocking a mutex another thread holds\n");
  misused.unlock();
  return check(false, "mutex_foreign_unlock", "unlocking another thread's mutex did not panic");
}

}  // namespace cw::ktest

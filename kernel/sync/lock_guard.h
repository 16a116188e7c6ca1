// LockGuard (alias MutexLocker): RAII ownership of a Mutex for one scope.
//
//   {
//     LockGuard guard(table_lock);   // lock() here ...
//     ...
//   }                                // ... unlock() here, on every path out of the scope
//
// [[nodiscard]] makes `LockGuard(table_lock);` (a temporary that unlocks at once) a compile error under
// -Werror. Not copyable or movable: the guard's scope is the critical section.
#pragma once

#include "kernel/sync/mutex.h"

namespace cw {

class [[nodiscard]] LockGuard {
public:
  explicit LockGuard(Mutex& mutex) : mutex_(mutex) { mutex_.lock(); }
  ~LockGuard() { mutex_.unlock(); }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

  // The guarded mutex, e.g. for CondVar::wait(guard.mutex()).
  Mutex& mutex() const { return mutex_; }

private:
  Mutex& mutex_;
};

using MutexLocker = LockGuard;

}  // namespace cw

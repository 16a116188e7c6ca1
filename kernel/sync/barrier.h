// Barrier: a rendezvous for a fixed number of threads, reusable generation after generation.
//
// Contract:
//  * Constructed for `parties` threads (at least 1).
//  * arrive_and_wait() blocks until `parties` threads have called it in the current generation; then all
//    of them return and the next generation starts (the barrier resets itself, so the same threads can
//    meet at it again in a loop). A thread that arrives for the next generation while the previous one's
//    threads are still waking up is counted in the next generation, never the previous one.
//  * Exactly one thread per generation, the last to arrive, gets true (for one-off work per round, like
//    PTHREAD_BARRIER_SERIAL_THREAD); the others get false.
//  * Thread context only.
#pragma once

#include <cstdint>

#include "kernel/sched/wait_queue.h"

namespace cw {

class Barrier {
public:
  explicit Barrier(uint32_t parties);
  Barrier(const Barrier&) = delete;
  Barrier& operator=(const Barrier&) = delete;

  bool arrive_and_wait();

  uint32_t parties() const { return parties_; }
  // Completed generations (a snapshot).
  uint32_t generation() const { return generation_; }

private:
  uint32_t parties_;
  uint32_t arrived_ = 0;     // threads waiting in the current generation
  uint32_t generation_ = 0;
  WaitQueue waiters_;
};

}  // namespace cw

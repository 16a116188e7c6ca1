// Polling a register with a time limit (every hardware wait of the driver has one). Kernel only.
#pragma once

#include <cstdint>

#include "drivers/pit.h"
#include "kernel/sched/scheduler.h"
#include "lib/result.h"

namespace cw::xhci {

// Calls `done()` until it returns true (Ok) or `timeout_ms` pass (TimedOut), yielding between tries.
// Thread context with interrupts enabled (the tick must advance).
template <typename F>
Result<void> poll_until(F done, uint32_t timeout_ms) {
  uint64_t deadline = pit::ticks() + timeout_ms;
  for (;;) {
    if (done()) return {};
    if (pit::ticks() > deadline) return done() ? Result<void>() : Result<void>(Error::TimedOut);
    sched::yield();
  }
}

}  // namespace cw::xhci

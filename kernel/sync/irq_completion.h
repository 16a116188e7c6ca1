// IrqCompletion: a thread waits, with a timeout, for an interrupt handler to say its device is done.
// Used by the disk and USB drivers.
//
// A one-shot event between one waiting thread and an interrupt handler:
//
//   completion.arm();                  // thread: before starting what will interrupt
//   start the device operation;
//   TRY(completion.wait(timeout_ms));  // thread: sleeps until the interrupt handler signals, or times out
//   ...                                // interrupt handler: completion.signal_from_irq();
//
// arm() must come before the operation is started, so an interrupt that arrives before wait() is not
// lost: wait() then returns at once. A signal that arrives while not armed (a spurious or late interrupt)
// is dropped and reported as unexpected. One waiter at a time per completion.
//
// wait() sleeps on a wait queue with a timeout; other threads run meanwhile.
#pragma once

#include <cstdint>

#include "kernel/sched/wait_queue.h"
#include "lib/result.h"

namespace cw {

class IrqCompletion {
public:
  IrqCompletion() = default;
  IrqCompletion(const IrqCompletion&) = delete;
  IrqCompletion& operator=(const IrqCompletion&) = delete;

  // Thread context. Clears an earlier signal and accepts the next one.
  void arm();
  // Thread context, interrupts enabled (it sleeps). Ok once signalled, consuming the signal; TimedOut if
  // `timeout_ms` milliseconds pass first, after which the completion is disarmed (a late interrupt is
  // then dropped). Panics if called with interrupts disabled: that would be a kernel bug, and would hang.
  Result<void> wait(uint32_t timeout_ms);
  // Interrupt context. Returns false (and does nothing) if the completion was not armed.
  bool signal_from_irq();

private:
  volatile bool armed_ = false;
  volatile bool signalled_ = false;
  WaitQueue waiters_;
};

}  // namespace cw

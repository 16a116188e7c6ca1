#include "kernel/signal/alarm.h"

#include "drivers/pit.h"
#include "kernel/arch/cpu.h"
#include "kernel/proc/process.h"
#include "kernel/sched/scheduler.h"
#include "kernel/signal/send.h"

namespace cw::signal {

namespace {

inline constexpr uint64_t kTicksPerSecond = pit::kTickHz;
inline constexpr uint32_t kLongestWait = 0x7FFFFFFF;

WaitQueue alarm_changed;  // the alarm thread waits here for its deadline or a new alarm
bool thread_started = false;

// Sends the alarms that are due; returns the earliest tick still ahead (0: none). Interrupts off.
uint64_t fire_due_alarms(uint64_t now) {
  uint64_t next = 0;
  for (Process* p = proc::first(); p; p = p->next) {
    uint64_t due = p->signals.alarm_tick;
    if (due == 0 || p->state == ProcessState::Zombie) continue;
    if (due <= now) {
      p->signals.alarm_tick = 0;
      send(*p, abi::kSigAlrm, user_info(abi::kSiKernel, 0));
    } else if (next == 0 || due < next) {
      next = due;
    }
  }
  return next;
}

void alarm_thread(void*) {
  cpu::InterruptGuard guard;
  for (;;) {
    uint64_t now = pit::ticks();
    uint64_t next = fire_due_alarms(now);
    if (next == 0) {
      alarm_changed.wait();
    } else {
      uint64_t wait = next - now;
      (void)alarm_changed.wait_for(wait > kLongestWait ? kLongestWait : static_cast<uint32_t>(wait));
    }
  }
}

// Linux alarm_setitimer: whole seconds, rounded to nearest, and never 0 while time is left.
uint32_t seconds_left(uint64_t due, uint64_t now) {
  if (due == 0 || due <= now) return 0;
  uint64_t ms = due - now;
  uint64_t seconds = (ms + kTicksPerSecond / 2) / kTicksPerSecond;
  return seconds == 0 ? 1 : static_cast<uint32_t>(seconds);
}

}  // namespace

Result<uint32_t> set_alarm(uint32_t seconds) {
  bool start = false;
  {
    cpu::InterruptGuard guard;  // one thread, however many processes call at once
    start = !thread_started;
    thread_started = true;
  }
  if (start) {
    auto thread = sched::spawn_kernel_thread("alarm", alarm_thread, nullptr);
    if (!thread) {
      thread_started = false;
      return thread.error();
    }
  }
  Process& self = *proc::current();
  cpu::InterruptGuard guard;
  uint64_t now = pit::ticks();
  uint32_t left = seconds_left(self.signals.alarm_tick, now);
  self.signals.alarm_tick = seconds == 0 ? 0 : now + uint64_t{seconds} * kTicksPerSecond;
  alarm_changed.wake_one();
  return left;
}

}  // namespace cw::signal

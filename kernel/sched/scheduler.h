// The scheduler: preemptive round-robin over one ready queue, on one CPU.
//
// Every thread runs for at most kQuantumTicks PIT ticks before the timer interrupt sends it to the back of
// the ready queue. A thread that blocks (on a WaitQueue, in sleep_ms) leaves the CPU at once. When
// nothing is ready the idle thread halts the CPU until the next interrupt.
//
// Mutual exclusion on this single CPU is "interrupts off": every function here that touches scheduler
// state does so under an InterruptGuard, and block_current must be called with interrupts already off so
// that checking a condition and going to sleep on it is atomic.
#pragma once

#include <cstdint>

#include "kernel/sched/thread.h"
#include "lib/result.h"

namespace cw::sched {

inline constexpr uint32_t kQuantumTicks = 10;  // 10 ms at 1 kHz

// Turns the boot flow into the first thread ("main") and creates the idle thread.
void init();

Thread* current();
// Ticks (ms) the idle thread has run: the CPU's idle time (/proc/uptime).
uint64_t idle_ticks();
// Switches from one thread to another since boot.
uint64_t context_switches();
// The load average over 1, 5 and 15 minutes (index 0, 1, 2), in lib/load_average.h's fixed point.
uint32_t load_average(int index);
// Threads that exist (the idle thread aside), those ready or running, and processes in an uninterruptible
// wait: /proc/loadavg's "running/total" and /proc/stat's procs_running and procs_blocked.
struct ThreadCounts {
  uint32_t total = 0;
  uint32_t running = 0;
  uint32_t blocked = 0;
};
ThreadCounts thread_counts();

// A new kernel thread that runs entry(arg), ready to run. NoMemory if its stack cannot be allocated.
Result<Thread*> spawn_kernel_thread(const char* name, Thread::Entry entry, void* arg);

// Creates a thread that is not yet ready (for user processes: the caller finishes setting it up and
// calls make_ready).
Result<Thread*> create_thread(const char* name, Thread::Entry entry, void* arg);
void make_ready(Thread* thread);

void yield();
void sleep_ms(uint32_t milliseconds);
[[noreturn]] void exit_current();

// Blocks the current thread in `state` (Blocked or Sleeping) until wake() or its deadline (if set).
// Precondition: interrupts off; the caller has put the thread on the queue it will be woken from.
void block_current(ThreadState state);
// Makes a blocked or sleeping thread ready (removing it from any wait queue). No-op for other states.
void wake(Thread* thread);

// Cuts short the thread's interruptible waits (sleep_ms, WaitQueue::wait_interruptible), now and until
// Thread::interrupted is cleared (signal delivery does, once nothing is left to deliver); other waits
// (locks, disk I/O) are left to finish. Used when a process has a signal to take.
void interrupt(Thread* thread);

// Hooks: the PIT tick, and the end of every trap (where a pending preemption takes effect).
void on_tick();
void preempt_if_needed();

}  // namespace cw::sched

// ktest=threads: kernel threads run, are preempted round-robin, sleep for at least the time asked and
// within one tick of it, and exit.
#include "drivers/pit.h"
#include "kernel/arch/cpu.h"
#include "kernel/ktest/ktest.h"
#include "kernel/sched/scheduler.h"
#include "kernel/sched/wait_queue.h"

namespace cw::ktest {

namespace {

constexpr int kSpinners = 3;
volatile uint32_t spins[kSpinners];
volatile bool stop = false;
volatile int finished = 0;
WaitQueue all_done;

void spinner(void* arg) {
  auto index = reinterpret_cast<uint32_t>(arg);
  while (!stop) spins[index] = spins[index] + 1;  // never yields: only preemption lets others run
  cpu::InterruptGuard guard;
  finished = finished + 1;
  all_done.wake_all();
}

}  // namespace

bool threads_test() {
  const char* name = "threads";
  bool ok = true;
  for (uint32_t i = 0; i < kSpinners; ++i) {
    auto t = sched::spawn_kernel_thread("spinner", spinner, reinterpret_cast<void*>(i));
    if (!check(t.has_value(), name, "cannot spawn a thread")) return false;
  }
  sched::sleep_ms(200);
  stop = true;
  {
    cpu::InterruptGuard guard;
    while (finished < kSpinners) all_done.wait();
  }
  for (int i = 0; i < kSpinners; ++i) ok &= check(spins[i] > 0, name, "spinner {} never ran", i);
  kprint("(threads) {} CPU-bound threads all ran under preemption\n", kSpinners);

  for (uint32_t ms : {1u, 5u, 20u, 50u}) {
    uint64_t start = pit::ticks();
    sched::sleep_ms(ms);
    uint64_t elapsed = pit::ticks() - start;
    ok &= check(elapsed >= ms && elapsed <= ms + 2, name, "sleep {} ms took {} ticks", ms, elapsed);
  }
  kprint("(threads) sleeps lasted their time, within a tick\n");
  return ok;
}

}  // namespace cw::ktest

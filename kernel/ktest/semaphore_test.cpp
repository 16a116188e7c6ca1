// ktest=semaphore: counting semantics, blocking at zero, FIFO wake order with hand-off (a unit given to a
// waiter cannot be taken by anyone else), a binary semaphore as a lock, and the classic bounded buffer
// built from two counting semaphores.
#include "kernel/arch/cpu.h"
#include "kernel/ktest/ktest.h"
#include "kernel/ktest/ktest_workers.h"
#include "kernel/sched/scheduler.h"
#include "kernel/sync/semaphore.h"

namespace cw::ktest {

namespace {

constexpr const char* kName = "semaphore";

WorkerFailures worker_failures(kName);

// --- Counting ----------------------------------------------------------------------------------------

bool counting() {
  Semaphore units(3);
  bool ok = true;
  for (int i = 0; i < 3; ++i) ok &= check(units.try_down(), kName, "try_down {} of 3 failed", i + 1);
  ok &= check(!units.try_down(), kName, "a 4th try_down succeeded");
  ok &= check(units.value() == 0, kName, "value {} after taking every unit", units.value());
  units.up();
  units.up();
  ok &= check(units.value() == 2, kName, "value {} after 2 ups", units.value());
  units.down();  // a unit is there: must not block
  ok &= check(units.value() == 1, kName, "value {} after down", units.value());
  if (ok) kprint("({}) counting: 3 units, a 4th try_down fails, 2 ups then a down leave 1\n", kName);
  return ok;
}

// --- Blocking ----------------------------------------------------------------------------------------

WorkerGroup blockers(kName);
Semaphore gate(0);
volatile bool passed_gate = false;

void blocker(void*) {
  gate.down();
  passed_gate = true;
  blockers.done();
}

bool blocking() {
  if (!blockers.spawn("blocker", blocker)) return false;
  if (!poll_until(kName, "the thread to block in down()", [] { return gate.waiters() == 1; })) return false;
  sched::sleep_ms(10);
  bool ok = check(!passed_gate && gate.waiters() == 1, kName, "down() returned while the value was 0");
  kprint("({}) blocking: down() at 0 blocks (1 waiter, still blocked after 10 ms)\n", kName);
  gate.up();
  blockers.join();
  ok &= check(passed_gate && gate.value() == 0 && gate.waiters() == 0, kName,
              "up() did not hand the unit to the waiter");
  if (ok) kprint("({}) blocking: up() released it\n", kName);
  return ok;
}

// --- Wake order --------------------------------------------------------------------------------------

constexpr uint32_t kQueued = 5;
WorkerGroup queued(kName);
Semaphore turnstile(0);
uint32_t woken_order[kQueued];
volatile uint32_t woken = 0;

void queued_thread(void* arg) {
  turnstile.down();
  {
    cpu::InterruptGuard guard;
    woken_order[woken] = reinterpret_cast<uint32_t>(arg);
    woken = woken + 1;
  }
  queued.done();
}

bool wake_order() {
  // Spawn one at a time and wait until each is queued, so the queue order is 0, 1, 2, ...
  for (uint32_t i = 0; i < kQueued; ++i) {
    if (!queued.spawn("queued", queued_thread, reinterpret_cast<void*>(i))) return false;
    if (!poll_until(kName, "a thread to queue", [i] { return turnstile.waiters() == i + 1; })) return false;
  }
  turnstile.up();
  turnstile.up();
  // The two units belong to the two oldest waiters now, even before they run.
  bool ok = check(!turnstile.try_down(), kName, "try_down took a unit meant for a waiter");
  if (!poll_until(kName, "two threads to pass", [] { return woken == 2; })) return false;
  sched::sleep_ms(10);
  ok &= check(woken == 2 && turnstile.waiters() == kQueued - 2, kName, "{} passed after 2 ups", woken);
  for (uint32_t i = 2; i < kQueued; ++i) turnstile.up();
  queued.join();
  ok &= check(turnstile.value() == 0, kName, "value {} after every waiter passed", turnstile.value());
  kprint("({}) wake order:", kName);
  for (uint32_t i = 0; i < woken; ++i) {
    kprint(" {}", woken_order[i]);
    ok &= check(woken_order[i] == i, kName, "waiter {} woke in position {}", woken_order[i], i);
  }
  kprint("\n");
  return ok;
}

// --- A binary semaphore as a lock --------------------------------------------------------------------

constexpr uint32_t kLockers = 3;
constexpr uint32_t kIncrements = 100;
WorkerGroup lockers(kName);
Semaphore binary(1);
uint32_t shared_counter = 0;  // guarded by `binary`
bool inside = false;          // guarded by `binary`

void locker(void*) {
  for (uint32_t i = 0; i < kIncrements; ++i) {
    binary.down();
    worker_failures.check(!inside, "two threads inside the critical section");
    inside = true;
    uint32_t seen = shared_counter;
    sched::yield();
    shared_counter = seen + 1;
    inside = false;
    binary.up();
  }
  lockers.done();
}

bool binary_lock() {
  for (uint32_t i = 0; i < kLockers; ++i)
    if (!lockers.spawn("locker", locker)) return false;
  lockers.join();
  bool ok = check(shared_counter == kLockers * kIncrements && binary.value() == 1, kName,
                  "counter {} (expected {}), value {}", shared_counter, kLockers * kIncrements, binary.value());
  kprint("({}) binary semaphore: {} threads x {} increments with a yield inside: counter {}\n", kName,
         kLockers, kIncrements, shared_counter);
  return ok;
}

// --- Bounded buffer from semaphores ------------------------------------------------------------------

constexpr uint32_t kSlots = 3;
constexpr uint32_t kItems = 50;
WorkerGroup pipeline(kName);
Semaphore free_slots(kSlots);
Semaphore full_slots(0);
uint32_t slots[kSlots];
uint32_t received_sum = 0;
uint32_t received = 0;

void slot_producer(void*) {
  for (uint32_t i = 0; i < kItems; ++i) {
    free_slots.down();
    slots[i % kSlots] = i * i;
    full_slots.up();
  }
  pipeline.done();
}

void slot_consumer(void*) {
  for (uint32_t i = 0; i < kItems; ++i) {
    full_slots.down();
    uint32_t item = slots[i % kSlots];
    free_slots.up();
    worker_failures.check(item == i * i, "item {} is {}, expected {}", i, item, i * i);
    received_sum += item;
    ++received;
    if (i % 7 == 0) sched::yield();
  }
  pipeline.done();
}

bool semaphore_buffer() {
  if (!pipeline.spawn("producer", slot_producer)) return false;
  if (!pipeline.spawn("consumer", slot_consumer)) return false;
  pipeline.join();
  uint32_t expected = 0;
  for (uint32_t i = 0; i < kItems; ++i) expected += i * i;
  bool ok = check(received == kItems && received_sum == expected, kName, "{} items, sum {} (expected {})",
                  received, received_sum, expected);
  ok &= check(free_slots.value() == kSlots && full_slots.value() == 0, kName, "slots {} free, {} full",
              free_slots.value(), full_slots.value());
  kprint("({}) bounded buffer: {} items through {} slots in order, sum {}\n", kName, received, kSlots,
         received_sum);
  return ok;
}

}  // namespace

bool semaphore_test() {
  bool ok = counting();
  ok = ok && blocking();
  ok = ok && wake_order();
  ok = ok && binary_lock();
  ok = ok && semaphore_buffer();
  return ok && worker_failures.count() == 0;
}

}  // namespace cw::ktest

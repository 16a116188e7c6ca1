// ktest=monitor: Mutex, CondVar and Barrier from kernel threads, all adding to one shared counter whose
// final value is known.
//
//  1. mutual exclusion: threads increment the counter with a read / yield / write inside the lock, so a
//     broken lock loses updates; every acquisition also checks FIFO hand-off (nobody gets the lock twice
//     while another thread has had it fewer times);
//  2. ping-pong: two threads take strictly alternating turns through a condition variable;
//  3. bounded buffer: producers fill a small monitor-protected buffer and block while it is full, then
//     consumers drain it; every item arrives once and in order per producer;
//  4. barrier: threads pass one barrier through several generations; nobody leaves a generation before
//     everyone has arrived, and exactly one thread per generation is told it was last.
#include "kernel/arch/cpu.h"
#include "kernel/ktest/ktest.h"
#include "kernel/ktest/ktest_workers.h"
#include "kernel/sched/scheduler.h"
#include "kernel/sync/barrier.h"
#include "kernel/sync/cond_var.h"
#include "kernel/sync/lock_guard.h"
#include "kernel/sync/mutex.h"

namespace cw::ktest {

namespace {

constexpr const char* kName = "monitor";

WorkerFailures worker_failures(kName);

// The counter every phase adds to.
Mutex counter_lock;
uint32_t counter = 0;  // guarded by counter_lock

void add_to_counter(uint32_t n) {
  LockGuard guard(counter_lock);
  counter += n;
}

// --- 1. Mutual exclusion -----------------------------------------------------------------------------

constexpr uint32_t kIncrementers = 4;
constexpr uint32_t kIncrements = 250;
WorkerGroup incrementers(kName);
Barrier start_line(kIncrementers);
bool inside = false;                          // guarded by counter_lock
uint32_t acquisitions[kIncrementers] = {};    // guarded by counter_lock

void incrementer(void* arg) {
  auto self = reinterpret_cast<uint32_t>(arg);
  start_line.arrive_and_wait();
  for (uint32_t i = 0; i < kIncrements; ++i) {
    LockGuard guard(counter_lock);
    worker_failures.check(!inside, "two threads inside the critical section");
    inside = true;
    for (uint32_t other = 0; other < kIncrementers; ++other)
      worker_failures.check(acquisitions[self] <= acquisitions[other],
                   "thread {} took the lock (acquisition {}) while thread {} had had it only {} times", self,
                   acquisitions[self] + 1, other, acquisitions[other]);
    ++acquisitions[self];
    uint32_t seen = counter;
    sched::yield();  // every other thread now tries to get in
    counter = seen + 1;
    inside = false;
  }
  incrementers.done();
}

bool mutual_exclusion() {
  Mutex probe;
  bool ok = check(probe.try_lock() && probe.held_by_current() && probe.is_locked(), kName,
                  "try_lock on a free mutex failed");
  probe.unlock();
  ok &= check(!probe.is_locked(), kName, "the mutex is still locked after unlock");
  if (!ok) return false;

  for (uint32_t i = 0; i < kIncrementers; ++i)
    if (!incrementers.spawn("incrementer", incrementer, reinterpret_cast<void*>(i))) return false;
  incrementers.join();
  LockGuard guard(counter_lock);
  ok = check(counter == kIncrementers * kIncrements, kName, "counter {} after the increments, expected {}",
             counter, kIncrementers * kIncrements);
  kprint("({}) mutex: {} threads x {} increments with a yield inside the lock: counter {}\n", kName,
         kIncrementers, kIncrements, counter);
  kprint("({}) mutex: the lock went round the threads in FIFO order\n", kName);
  return ok;
}

// --- 2. Ping-pong ------------------------------------------------------------------------------------

constexpr uint32_t kRounds = 100;
WorkerGroup players(kName);
Mutex table_lock;
CondVar turn_changed;
uint32_t turn = 0;                   // guarded by table_lock: whose turn it is
uint32_t turns_log[2 * kRounds];     // guarded by table_lock: who played each turn
uint32_t turns_played = 0;           // guarded by table_lock

void player(void* arg) {
  auto self = reinterpret_cast<uint32_t>(arg);
  for (uint32_t round = 0; round < kRounds; ++round) {
    LockGuard guard(table_lock);
    while (turn != self) turn_changed.wait(table_lock);
    turns_log[turns_played++] = self;
    add_to_counter(1);
    turn = 1 - self;
    turn_changed.signal();
  }
  players.done();
}

bool ping_pong() {
  // Player 1 starts first, so it has to wait for player 0's first turn.
  if (!players.spawn("player", player, reinterpret_cast<void*>(1))) return false;
  if (!players.spawn("player", player, reinterpret_cast<void*>(0))) return false;
  players.join();
  bool ok = check(turns_played == 2 * kRounds, kName, "{} turns played, expected {}", turns_played, 2 * kRounds);
  for (uint32_t i = 0; ok && i < turns_played; ++i)
    ok &= check(turns_log[i] == i % 2, kName, "turn {} was played by player {}", i, turns_log[i]);
  if (ok) kprint("({}) condvar: 2 threads took {} strictly alternating turns\n", kName, turns_played);
  return ok;
}

// --- 3. Bounded buffer -------------------------------------------------------------------------------

constexpr uint32_t kBufferSize = 4;
constexpr uint32_t kProducers = 2;
constexpr uint32_t kConsumers = 2;
constexpr uint32_t kItemsEach = 100;
constexpr uint32_t kItems = kProducers * kItemsEach;
WorkerGroup buffer_users(kName);

// The monitor: the buffer and everything about it, guarded by buffer_lock.
Mutex buffer_lock;
CondVar not_full;
CondVar not_empty;
uint32_t buffer[kBufferSize];
uint32_t buffer_head = 0;
uint32_t buffer_count = 0;
uint32_t items_taken = 0;
uint32_t item_sum = 0;
bool delivered[kProducers][kItemsEach] = {};

uint32_t make_item(uint32_t producer, uint32_t seq) { return producer * 1000 + seq; }

void producer(void* arg) {
  auto self = reinterpret_cast<uint32_t>(arg);
  for (uint32_t seq = 0; seq < kItemsEach; ++seq) {
    {
      LockGuard guard(buffer_lock);
      while (buffer_count == kBufferSize) not_full.wait(buffer_lock);
      buffer[(buffer_head + buffer_count) % kBufferSize] = make_item(self, seq);
      ++buffer_count;
      not_empty.signal();
    }
    if (seq % 3 == 0) sched::yield();
  }
  buffer_users.done();
}

void consumer(void* arg) {
  auto self = reinterpret_cast<uint32_t>(arg);
  uint32_t next_seq[kProducers] = {};  // per producer, the lowest sequence number this consumer may see
  for (;;) {
    LockGuard guard(buffer_lock);
    while (buffer_count == 0 && items_taken < kItems) not_empty.wait(buffer_lock);
    if (buffer_count == 0) break;  // everything has been taken
    uint32_t item = buffer[buffer_head];
    buffer_head = (buffer_head + 1) % kBufferSize;
    --buffer_count;
    ++items_taken;
    not_full.signal();
    if (items_taken == kItems) not_empty.broadcast();  // the other consumers stop waiting

    uint32_t from = item / 1000, seq = item % 1000;
    worker_failures.check(from < kProducers && seq < kItemsEach, "consumer {} got a bad item {}", self, item);
    if (from >= kProducers || seq >= kItemsEach) continue;
    worker_failures.check(!delivered[from][seq], "item {} delivered twice", item);
    worker_failures.check(seq >= next_seq[from], "consumer {} got item {} after item {}", self, item,
                 from * 1000 + next_seq[from] - 1);
    delivered[from][seq] = true;
    next_seq[from] = seq + 1;
    item_sum += item;
    add_to_counter(1);
  }
  buffer_users.done();
}

bool bounded_buffer() {
  for (uint32_t i = 0; i < kProducers; ++i)
    if (!buffer_users.spawn("producer", producer, reinterpret_cast<void*>(i))) return false;
  // No consumer yet: the producers fill the buffer and must block.
  bool ok = poll_until(kName, "both producers to block on a full buffer", [] {
    LockGuard guard(buffer_lock);
    return buffer_count == kBufferSize && not_full.waiters() == kProducers;
  });
  if (!ok) return false;
  kprint("({}) bounded buffer: full with {} items, {} producers blocked\n", kName, kBufferSize, kProducers);

  for (uint32_t i = 0; i < kConsumers; ++i)
    if (!buffer_users.spawn("consumer", consumer, reinterpret_cast<void*>(i))) return false;
  buffer_users.join();

  LockGuard guard(buffer_lock);
  uint32_t expected_sum = 0;
  for (uint32_t p = 0; p < kProducers; ++p)
    for (uint32_t seq = 0; seq < kItemsEach; ++seq) {
      expected_sum += make_item(p, seq);
      ok &= check(delivered[p][seq], kName, "item {} never delivered", make_item(p, seq));
    }
  ok &= check(items_taken == kItems && buffer_count == 0, kName, "{} items taken, {} left", items_taken,
              buffer_count);
  ok &= check(item_sum == expected_sum, kName, "item sum {}, expected {}", item_sum, expected_sum);
  kprint("({}) bounded buffer: {} producers -> {} consumers: {} items, each once, in order, sum {}\n", kName,
         kProducers, kConsumers, items_taken, item_sum);
  return ok;
}

// --- 4. Barrier --------------------------------------------------------------------------------------

constexpr uint32_t kRunners = 4;
constexpr uint32_t kGenerations = 5;
WorkerGroup runners(kName);
Barrier barrier(kRunners);
uint32_t arrived[kGenerations] = {};   // guarded by counter_lock
uint32_t last_ones[kGenerations] = {};  // guarded by counter_lock

void runner(void* arg) {
  auto self = reinterpret_cast<uint32_t>(arg);
  for (uint32_t g = 0; g < kGenerations; ++g) {
    {
      LockGuard guard(counter_lock);
      ++arrived[g];
      ++counter;
    }
    for (uint32_t i = 0; i < self + g; ++i) sched::yield();  // arrive in a different order every time
    bool last = barrier.arrive_and_wait();
    LockGuard guard(counter_lock);
    worker_failures.check(arrived[g] == kRunners, "thread {} left generation {} with only {} arrived", self, g,
                 arrived[g]);
    if (last) ++last_ones[g];
  }
  runners.done();
}

bool barrier_generations() {
  for (uint32_t i = 0; i < kRunners; ++i)
    if (!runners.spawn("runner", runner, reinterpret_cast<void*>(i))) return false;
  runners.join();
  bool ok = check(barrier.generation() == kGenerations, kName, "the barrier counted {} generations",
                  barrier.generation());
  for (uint32_t g = 0; g < kGenerations; ++g)
    ok &= check(last_ones[g] == 1, kName, "generation {} had {} last arrivals", g, last_ones[g]);
  if (ok)
    kprint("({}) barrier: {} threads passed {} generations together, one last arrival each\n", kName,
           kRunners, kGenerations);
  return ok;
}

}  // namespace

bool monitor_test() {
  bool ok = mutual_exclusion();
  ok = ok && ping_pong();
  ok = ok && bounded_buffer();
  ok = ok && barrier_generations();
  uint32_t expected = kIncrementers * kIncrements + 2 * kRounds + kItems + kRunners * kGenerations;
  LockGuard guard(counter_lock);
  ok &= check(counter == expected, kName, "final counter {}, expected {}", counter, expected);
  kprint("({}) final counter {}\n", kName, counter);
  return ok && worker_failures.count() == 0;
}

}  // namespace cw::ktest

// t_exhaust: running the kernel heap out refuses only the requests that ran into it (docs/vm.md,
// "Exhaustion").
//   1. a bystander (`t_exhaust bystander`, spawned) reads a read-only table larger than the pool over and
//      over, so its pages are evicted and loaded again from the program file the whole time;
//   2. this process spawns sleeping instances (`t_exhaust hold`) until the kernel refuses one: ENOMEM
//      (or EAGAIN), while the bystander keeps paging;
//   3. the instances are killed and reaped, and the kernel spawns again;
//   4. the bystander is still running, has never seen a wrong word, and ends on our SIGTERM (before the
//      fix, its page loads failed with "i/o error loading a page" once the heap was gone).
// Output: (t_exhaust) begin / one line per step / (t_exhaust) end.
#include "procs/lib/args.h"
#include "procs/lib/clock.h"
#include "procs/lib/fork_wait.h"
#include "procs/lib/print.h"
#include "procs/lib/syscall.h"
#include "procs/lib/test.h"
#include "procs/lib/wait.h"

using namespace cw;
using namespace cw::user;

namespace {

constexpr uint32_t kTablePages = 40;  // more than the default pool of 29 frames
constexpr uint32_t kTableWords = kTablePages * 4096 / 4;
constexpr uint32_t kMaxInstances = 4000;  // far more than the kernel heap holds (a kernel stack each)
constexpr int kSigKill = 9;
constexpr int kSigTerm = 15;

constexpr uint32_t word_at(uint32_t i) { return i * 2654435761u + 0x9E3779B9u; }

struct Table {
  uint32_t words[kTableWords];
  constexpr Table() : words() {
    for (uint32_t i = 0; i < kTableWords; ++i) words[i] = word_at(i);
  }
};
// In .rodata: clean, file-backed pages, which eviction drops and a fault reads back from the program.
constexpr Table table;

// Reads every page of the table, round after round, until killed. Exits 1 on a wrong word.
[[noreturn]] void bystander() {
  for (;;) {
    for (uint32_t i = 0; i < kTableWords; i += 256) {
      if (table.words[i] != word_at(i)) {
        print("(t_exhaust) FAIL: the bystander read {:#x} at word {}\n", table.words[i], i);
        exit(1);
      }
    }
  }
}

int spawn_self(const char* mode) {
  const char* argv[] = {"t_exhaust", mode, nullptr};
  auto pid = sys::spawn("t_exhaust", argv);
  if (!pid) fail_test("spawn t_exhaust {}: {}", mode, pid.error());
  return pid.value();
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "[hold|bystander]", 1);
  if (argc == 2 && StringView(argv[1]) == "bystander") bystander();
  if (argc == 2) {  // an instance that only holds its kernel resources until killed
    (void)sleep_ms(600000);
    return 0;
  }
  test_begin("t_exhaust");

  msg("1. a bystander pages a table larger than the pool in from its program file");
  int watcher = spawn_self("bystander");
  (void)sleep_ms(200);

  msg("2. spawning until the kernel refuses gives ENOMEM or EAGAIN");
  static int held[kMaxInstances];
  uint32_t count = 0;
  Error refusal = Error::Io;
  const char* hold_argv[] = {"t_exhaust", "hold", nullptr};
  for (; count < kMaxInstances; ++count) {
    auto pid = sys::spawn("t_exhaust", hold_argv);
    if (!pid) {
      refusal = pid.error();
      break;
    }
    held[count] = pid.value();
  }
  info("{} instances before the refusal ({})", count, refusal);
  check(count < kMaxInstances, "the kernel never refused a spawn ({} instances)", count);
  check(refusal == Error::NoMemory || refusal == Error::TryAgain, "spawn refused with {}", refusal);
  (void)sleep_ms(500);  // the bystander keeps paging while the heap is exhausted

  msg("3. the instances go and the kernel spawns again");
  for (uint32_t i = 0; i < count; ++i) (void)sys::kill(held[i], kSigKill);
  for (uint32_t i = 0; i < count; ++i) {
    int ended = wait_status(held[i]);
    check(WIFSIGNALED(ended) && WTERMSIG(ended) == kSigKill, "instance {} ended with {:#x}", held[i], ended);
  }
  int again = spawn_self("hold");
  (void)sys::kill(again, kSigKill);
  (void)wait_status(again);

  msg("4. the bystander survived with every word intact");
  check(sys::kill(watcher, kSigTerm).has_value(), "the bystander is gone");
  int ended = wait_status(watcher);
  check(WIFSIGNALED(ended) && WTERMSIG(ended) == kSigTerm, "the bystander ended with {:#x} (not our SIGTERM)",
        ended);

  test_end();
  return 0;
}

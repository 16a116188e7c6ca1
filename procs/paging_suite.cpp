// paging_suite [n [swapfill]]: several paging programs at once, then every frame and swap slot must be
// back where it was.
//
//   n         memtest children run at once in step (a) (default 3, at most 8). With a pool of 8 frames,
//             n = 3 crowds more processes than the pool holds two pages each for: the pager's paging
//             token keeps that from livelocking (tests/integration/cases/paging-crowd-8.test).
//   swapfill  also run step (c), which fills the whole swap partition: about 16 MiB of page writes with
//             the default image (a few seconds under QEMU)
//
// Meant to run as init, alone: the baseline check compares system-wide numbers. The suite first makes
// its own memory still: it locks (mlock) its data, bss and top stack page, so none of its writable
// pages can ever take a swap slot, and it touches every page of its image. Then it records the global
// VmStat (free_frames, swap_slots_used, pinned_frames) and its own resident pages, and runs:
//   (a) n x "memtest 0 <seed> quiet" (each 4x the pool, seeds 1..n) and "recurse 0 quiet", all at once;
//   (b) the same program twice at once, with different seeds: two memtests over the same virtual pages
//       (2x the pool each, seeds 101 and 202), then two bigdata instances (seeds 11 and 22, using 4x the
//       pool of their table, at most all 128 pages), which write their own values over half of the same
//       initialised .data: each verifies its own pattern, so any sharing of a writable page would fail
//       one of them;
//   (c) with "swapfill": one swapfill child, which must be killed with SIGKILL (9) when swap runs out,
//       while this process (blocked in waitpid, so never faulting) survives; every slot must have been
//       used (global swap-outs grew by at least the free slots).
// Every child must exit with status 0 (a child's failure reason is on its own "(<child>) FAIL" line).
// After all are reaped: no other process is left, swap_slots_used and pinned_frames equal the baseline,
// and free_frames plus this process's resident pages equal the baseline's (so free_frames itself is back
// whenever this process is as resident as before, which it is when the pool can hold all of it).
//
// Output:  (paging_suite) begin
//          (paging_suite) baseline recorded
//          (paging_suite) (a) <n> x memtest and a recurse at once: all passed
//          (paging_suite) (b) two memtests at once, then two bigdata instances at once: all passed
//          (paging_suite) (c) swapfill killed by signal 9 when swap ran out; suite survived   [with swapfill]
//          (paging_suite) every frame and swap slot back to the baseline
//          (paging_suite) end
#include "procs/lib/args.h"
#include "procs/lib/wait.h"
#include "procs/paging_common.h"
#include "procs/still_process.h"

using namespace cw;
using namespace cw::user;
using namespace cw::paging;

namespace {

constexpr uint32_t kMaxChildren = 12;

struct Child {
  const char* label;
  int pid;
};

Child children[kMaxChildren];
uint32_t child_count = 0;

// A decimal string that stays valid for the life of the process (spawn copies argv anyway).
const char* num(uint32_t value) {
  static char texts[32][12];
  static uint32_t used = 0;
  char* text = texts[used++ % 32];
  BufferSink sink(text, sizeof(texts[0]));
  format(sink, "{}", value);
  return text;
}

// Spawns `program` with argv {program, args...}.
template <typename... Args>
void start(const char* program, Args... args) {
  check(child_count < kMaxChildren, "too many children");
  const char* argv[] = {program, args..., nullptr};
  auto pid = sys::spawn(program, argv);
  if (!pid) fail_test("spawn {}: {}", program, pid.error());
  print("[paging_suite] info: started");
  for (const char* a : argv)
    if (a) print(" {}", a);
  print(": pid {}\n", pid.value());
  children[child_count++] = Child{program, pid.value()};
}

// Reaps every child started since the last call; each must have exited with status 0.
void wait_all(const char* step) {
  for (uint32_t i = 0; i < child_count; ++i) {
    int status = 0;
    auto waited = sys::waitpid(children[i].pid, &status, 0);
    if (!waited) fail_test("{}: waitpid {}: {}", step, children[i].pid, waited.error());
    if (WIFSIGNALED(status))
      fail_test("{}: {} (pid {}) was killed by signal {}", step, children[i].label, children[i].pid, WTERMSIG(status));
    check(WEXITSTATUS(status) == 0, "{}: {} (pid {}) exited with status {}", step, children[i].label, children[i].pid,
          WEXITSTATUS(status));
  }
  child_count = 0;
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "[N [swapfill]]", 2);
  uint32_t n = arg_uint(argc, argv, 1, 3);
  bool fill_swap = arg_keyword(argc, argv, 2, "swapfill");
  test_begin("paging_suite");
  check(n >= 1 && n <= 8, "n must be 1..8, not {}", n);

  // Make this process still (procs/still_process.h).
  uint32_t locked_pages = make_still();

  bool alone = process_count() == 1;
  abi::VmStat base = vm_stat(0);
  abi::VmStat base_own = vm_stat(sys::getpid());
  uint32_t pool = base.pageable_frames;
  info("baseline: pool {} frames, {} free, {} pinned, swap {} of {} slots used; suite resident {} pages ({} locked)",
       pool, base.free_frames, base.pinned_frames, base.swap_slots_used, base.swap_slots_total,
       base_own.resident_pages, locked_pages);
  if (!alone) info("other processes are running: the baseline check will be skipped");
  msg("baseline recorded");

  uint64_t t0 = now_ms();
  for (uint32_t i = 0; i < n; ++i) start("memtest", "0", num(i + 1), "quiet");
  start("recurse", "0", "quiet");
  wait_all("(a)");
  info("(a) took {} ms", now_ms() - t0);
  msg("(a) {} x memtest and a recurse at once: all passed", n);

  t0 = now_ms();
  start("memtest", num(2 * pool), "101", "quiet");
  start("memtest", num(2 * pool), "202", "quiet");
  wait_all("(b) memtest pair");
  info("(b) memtest pair took {} ms", now_ms() - t0);
  const char* table_pages = num(4 * pool < 128 ? 4 * pool : 128);
  start("bigdata", "11", table_pages, "quiet");
  start("bigdata", "22", table_pages, "quiet");
  wait_all("(b) bigdata pair");
  info("(b) took {} ms", now_ms() - t0);
  msg("(b) two memtests at once, then two bigdata instances at once: all passed");

  if (fill_swap) {
    t0 = now_ms();
    abi::VmStat before = vm_stat(0);
    const char* fill_argv[] = {"swapfill", nullptr};
    auto pid = sys::spawn("swapfill", fill_argv);
    if (!pid) fail_test("spawn swapfill: {}", pid.error());
    int status = 0;
    auto waited = sys::waitpid(pid.value(), &status, 0);
    if (!waited) fail_test("(c): waitpid: {}", waited.error());
    abi::VmStat after = vm_stat(0);
    info("(c) took {} ms; swap-outs {}", now_ms() - t0, after.swap_outs - before.swap_outs);
    check(WIFSIGNALED(status), "(c): swapfill exited with status {} instead of being killed", WEXITSTATUS(status));
    check(WTERMSIG(status) == abi::kSigKill, "(c): swapfill killed by signal {}, expected {}", WTERMSIG(status),
          abi::kSigKill);
    uint32_t free_slots = before.swap_slots_total - before.swap_slots_used;
    check(after.swap_outs - before.swap_outs >= free_slots, "(c): only {} swap-outs with {} free slots",
          after.swap_outs - before.swap_outs, free_slots);
    msg("(c) swapfill killed by signal {} when swap ran out; suite survived", WTERMSIG(status));
  }

  if (alone) {
    check_back_at_baseline(base, base_own);
    msg("every frame and swap slot back to the baseline");
  } else {
    msg("not alone: baseline check skipped");
  }
  test_end();
  return 0;
}

// t_fork: fork with copy-on-write (kernel/proc/fork.h, mm/memory_object.h).
//   1. fork returns the child's pid to the parent and 0 to the child; waitpid gets the child's status;
//   2. after fork, parent and child each see their own writes and not the other's;
//   3. 1000 fork/exit/wait rounds leave no frame mapped by a child, no memory object and (without
//      evictions) no swap slot behind;
//   4. a buffer larger than the pool, shared copy-on-write, is paged out while shared and comes back
//      intact for both sides, each writing half of it;
//   5. clone(CLONE_CHILD_SETTID) writes the child's pid in the child's memory only; a flag that needs
//      threads (CLONE_VM) is EINVAL;
//   6. two more instances of this program (`t_fork hold`, spawned: no fork involved) share their text
//      with each other and with us: each reports shared resident pages, and the pool's used frames grew by
//      less than their two resident counts together. Checked with a pool of 16 frames or more; in a
//      smaller one the sleeping instances' pages may be evicted by each other's start-up.
//   7. forking until the kernel refuses: ENOMEM (or EAGAIN), every child killed and reaped, then the
//      objects and frames are back at their baseline and fork works again.
// Output: (t_fork) begin / one line per step / (t_fork) end. A child reports a failure with a FAIL line
// and exit status 1.
#include "lib/abi/structs.h"
#include "procs/lib/args.h"
#include "procs/lib/fork_wait.h"
#include "procs/lib/clock.h"
#include "procs/lib/print.h"
#include "procs/lib/syscall.h"
#include "procs/lib/test.h"
#include "procs/lib/vm_stat_or_fail.h"
#include "procs/lib/wait.h"

using namespace cw;
using namespace cw::user;

namespace {

constexpr uint32_t kPage = 4096;
constexpr uint32_t kBigPages = 64;
constexpr uint32_t kMaxChildren = 4000;  // far more than the kernel heap holds (one kernel stack each)
constexpr uint32_t kCloneVm = 0x00000100;
constexpr uint32_t kCloneChildSettid = 0x01000000;
constexpr uint32_t kSigchld = 17;

alignas(4096) uint32_t big[kBigPages * kPage / 4];
uint32_t value = 1;
int tid_word = 0;

// Frames that some process other than this one maps (memshow's frame map): once every child is reaped
// there must be none. Frames merely cached (pages of this program that a child brought in and nobody
// maps now) are not counted: the program's page cache keeps them while this process runs it.
uint32_t frames_of_others() {
  static abi::FrameCell cells[1024];
  auto count = sys::frame_map(cells, 1024);
  if (!count) fail_test("frame_map: {}", count.error());
  int self = sys::getpid();
  uint32_t n = 0;
  for (size_t i = 0; i < count.value() && i < 1024; ++i)
    if (cells[i].use == abi::FrameUse::Mapped && (cells[i].pid != self || cells[i].mappers > 1)) ++n;
  return n;
}

uint32_t pattern(uint32_t word, uint32_t seed) { return word * 2654435761u + seed; }

void fill(uint32_t first_page, uint32_t step, uint32_t seed) {
  for (uint32_t p = first_page; p < kBigPages; p += step)
    for (uint32_t w = 0; w < kPage / 4; w += 64) big[p * kPage / 4 + w] = pattern(p * kPage / 4 + w, seed);
}

bool holds(uint32_t first_page, uint32_t step, uint32_t seed) {
  for (uint32_t p = first_page; p < kBigPages; p += step)
    for (uint32_t w = 0; w < kPage / 4; w += 64)
      if (big[p * kPage / 4 + w] != pattern(p * kPage / 4 + w, seed)) return false;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "[hold]", 1);
  if (argc == 2) {  // an instance for step 6: run, then wait to be killed
    (void)sleep_ms(20000);
    return 0;
  }
  test_begin("t_fork");

  msg("1. fork returns the child's pid to the parent and 0 to the child");
  int self = sys::getpid();
  int pid = fork_or_fail();
  if (pid == 0) exit(sys::getppid() == self ? 7 : 1);
  int status = wait_status(pid);
  check(pid != self && WIFEXITED(status) && WEXITSTATUS(status) == 7, "child {} ended with {:#x}", pid, status);

  msg("2. parent and child each see their own writes after fork");
  value = 100;
  pid = fork_or_fail();
  if (pid == 0) {
    if (value != 100) fail_test("child sees {} before writing", value);
    value = 200;
    for (int i = 0; i < 3; ++i) sys::sched_yield();
    exit(value == 200 ? 0 : 1);
  }
  for (int i = 0; i < 3; ++i) sys::sched_yield();
  check(value == 100, "parent sees {} after the child's write", value);
  value = 300;
  expect_child_ok(pid, "own writes");
  check(value == 300, "parent lost its write");

  msg("3. 1000 forks leave frames and swap slots at baseline");
  pid = fork_or_fail();
  if (pid == 0) exit(0);
  expect_child_ok(pid, "warm-up");
  abi::VmStat before = vm_stat_or_fail();
  for (int i = 0; i < 1000; ++i) {
    pid = fork_or_fail();
    if (pid == 0) {
      value = static_cast<uint32_t>(i);  // a write: one copied page
      exit(0);
    }
    expect_child_ok(pid, "round");
  }
  abi::VmStat after = vm_stat_or_fail();
  // Every child's objects are gone (exactly), and its frames with them: the parent may only have lost
  // pages to eviction meanwhile (a small pool). Without evictions the swap slots are exactly as before.
  check(after.memory_objects == before.memory_objects, "memory objects {} before, {} after", before.memory_objects,
        after.memory_objects);
  check(frames_of_others() == 0, "{} frames are still mapped by processes that are gone", frames_of_others());
  check(after.evictions != before.evictions || after.swap_slots_used == before.swap_slots_used,
        "swap slots {} before, {} after", before.swap_slots_used, after.swap_slots_used);

  msg("4. copy-on-write pages evicted while shared come back intact");
  fill(0, 1, 1);
  pid = fork_or_fail();
  if (pid == 0) {
    if (!holds(0, 1, 1)) fail_test("child: the shared buffer is wrong");
    fill(0, 2, 2);
    if (!holds(0, 2, 2) || !holds(1, 2, 1)) fail_test("child: wrong after its own writes");
    exit(0);
  }
  check(holds(0, 1, 1), "parent: the buffer changed while the child ran");
  fill(1, 2, 3);
  check(holds(1, 2, 3) && holds(0, 2, 1), "parent: wrong after its own writes");
  expect_child_ok(pid, "big buffer");
  check(holds(1, 2, 3) && holds(0, 2, 1), "parent: wrong after the child exited");

  msg("5. clone writes the child's tid with CLONE_CHILD_SETTID and refuses CLONE_VM");
  tid_word = 0;
  flush_output();
  auto cloned = sys::clone(kCloneChildSettid | kSigchld, nullptr, nullptr, &tid_word);
  if (!cloned) fail_test("clone: {}", cloned.error());
  if (cloned.value() == 0) exit(tid_word == sys::getpid() ? 0 : 1);
  check(tid_word == 0, "the parent's word changed to {}", tid_word);
  expect_child_ok(cloned.value(), "clone");
  auto refused = sys::clone(kCloneVm | kSigchld, nullptr, nullptr, nullptr);
  check(!refused && refused.error() == Error::InvalidArgument, "clone(CLONE_VM) was not EINVAL");

  msg("6. two instances of one program share their text pages");
  abi::VmStat idle = vm_stat_or_fail();
  const char* hold_argv[] = {"t_fork", "hold", nullptr};
  int a = sys::spawn("t_fork", hold_argv).value_or(-1);
  int b = sys::spawn("t_fork", hold_argv).value_or(-1);
  check(a > 0 && b > 0, "spawn t_fork hold failed");
  (void)sleep_ms(500);
  abi::VmStat sa{}, sb{};
  check(sys::vm_stat(a, &sa).has_value() && sys::vm_stat(b, &sb).has_value(), "vm_stat of the instances");
  abi::VmStat both = vm_stat_or_fail();
  uint32_t grown = (both.pageable_frames - both.free_frames) - (idle.pageable_frames - idle.free_frames);
  info("instances: {} and {} resident ({} and {} shared); the pool's used frames grew by {}", sa.resident_pages,
       sb.resident_pages, sa.shared_pages, sb.shared_pages, grown);
  if (both.pageable_frames >= 16) {
    check(sa.shared_pages > 0 && sb.shared_pages > 0, "an instance has no shared pages");
    check(grown < sa.resident_pages + sb.resident_pages, "no frame is shared: grew by {}", grown);
  }
  (void)sys::kill(a, 9);
  (void)sys::kill(b, 9);
  wait_status(a);
  wait_status(b);

  msg("7. forking until the kernel refuses gives ENOMEM or EAGAIN, and nothing leaks once the children go");
  abi::VmStat start = vm_stat_or_fail();
  static int children[kMaxChildren];
  uint32_t count = 0;
  Error refusal = Error::Io;
  for (; count < kMaxChildren; ++count) {
    flush_output();
    auto child = sys::fork();
    if (!child) {
      refusal = child.error();
      break;
    }
    if (child.value() == 0) {
      (void)sleep_ms(60000);  // held until killed
      exit(0);
    }
    children[count] = child.value();
  }
  info("{} children before the refusal ({})", count, refusal);
  check(count < kMaxChildren, "the kernel never refused a fork ({} children)", count);
  check(refusal == Error::NoMemory || refusal == Error::TryAgain, "fork refused with {}", refusal);
  for (uint32_t i = 0; i < count; ++i) (void)sys::kill(children[i], 9);
  for (uint32_t i = 0; i < count; ++i) {
    int ended = wait_status(children[i]);
    check(WIFSIGNALED(ended) && WTERMSIG(ended) == 9, "child {} ended with {:#x}", children[i], ended);
  }
  abi::VmStat end = vm_stat_or_fail();
  check(end.memory_objects == start.memory_objects, "memory objects {} before, {} after", start.memory_objects,
        end.memory_objects);
  check(frames_of_others() == 0, "{} frames are still mapped by processes that are gone", frames_of_others());
  pid = fork_or_fail();  // and the kernel forks again
  if (pid == 0) exit(0);
  expect_child_ok(pid, "after the refusal");

  test_end();
  return 0;
}

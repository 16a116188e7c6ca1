// t_mlock: mlock's limits keep the pool usable, and a failed mlock leaves nothing locked.
//
// With a pool of P frames at most L = P - 6 frames may be locked system-wide (mm/pager.h: six stay
// evictable for the worst-case instruction), and at most 16 pages per process (Linux's default
// RLIMIT_MEMLOCK). The test reads P from vm_stat and checks, with pinned_frames from vm_stat after each
// step:
//   1. a lock of more than either limit fails (ENOMEM over the per-process limit, EAGAIN over the
//      system-wide one) and leaves no page locked (all or nothing);
//   2. a lock of min(16, L) pages works;
//   3. one page more fails the same way as in 1, and changes nothing;
//   4. a child then locks what is left system-wide plus one: EAGAIN, nothing locked; then exactly what
//      is left: it works, and the child's exit unlocks it;
//   5. while the locks are held, a memtest child pages through 4x the pool: the system keeps working;
//   6. munlock brings pinned_frames back to the baseline.
//
// Output:  (t_mlock) begin / one line per step / (t_mlock) end; pool-dependent numbers are info lines.
// `t_mlock child N` is the child of step 4.
#include "lib/abi/structs.h"
#include "lib/cmdline.h"
#include "procs/lib/args.h"
#include "procs/lib/syscall.h"
#include "procs/lib/test.h"
#include "procs/lib/vm_stat_or_fail.h"
#include "procs/lib/wait.h"

using namespace cw;
using namespace cw::user;

namespace {

constexpr uint32_t kPage = 4096;
constexpr uint32_t kPerProcess = 16;
constexpr uint32_t kEvictable = 6;
constexpr uint32_t kBufferPages = 1100;  // enough for L + 1 at the largest pool of 1024 frames

alignas(4096) uint8_t buffer[kBufferPages * kPage];

Result<void> lock(uint32_t first, uint32_t pages) { return sys::mlock(buffer + first * kPage, pages * kPage); }

uint32_t min(uint32_t a, uint32_t b) { return a < b ? a : b; }

int run_child(const char* mode, uint32_t n) {
  char number[12];
  format_to(number, sizeof(number), "{}", n);
  const char* argv[] = {"t_mlock", mode, number, nullptr};
  auto pid = sys::spawn("t_mlock", argv);
  if (!pid) fail_test("spawn t_mlock {}: {}", mode, pid.error());
  int status = 0;
  auto reaped = sys::waitpid(pid.value(), &status, 0);
  if (!reaped) fail_test("waitpid: {}", reaped.error());
  return status;
}

// The child of step 4: `left` frames may still be locked system-wide.
int child(uint32_t left) {
  test_set_name("t_mlock");
  uint32_t base = vm_stat_or_fail().pinned_frames;
  auto over = lock(0, left + 1);
  check(!over && over.error() == (left + 1 > kPerProcess ? Error::NoMemory : Error::TryAgain),
        "child: locking {} pages with {} left did not fail as expected", left + 1, left);
  check(vm_stat_or_fail().pinned_frames == base, "child: the failed lock left {} frames pinned",
        vm_stat_or_fail().pinned_frames - base);
  if (left > 0) {
    auto fits = lock(0, left);
    check(static_cast<bool>(fits), "child: locking the {} pages left failed: {}", left, fits ? Error::Io : fits.error());
    check(vm_stat_or_fail().pinned_frames == base + left, "child: {} frames pinned, expected {}",
          vm_stat_or_fail().pinned_frames - base, left);
  }
  return 0;  // exiting unlocks
}

// The child of step 5: writes and verifies `pages` pages, one word each, twice over.
int pager_child(uint32_t pages) {
  test_set_name("t_mlock");
  for (int pass = 0; pass < 2; ++pass) {
    for (uint32_t i = 0; i < pages; ++i) buffer[i * kPage] = static_cast<uint8_t>(i * 7 + pass);
    for (uint32_t i = 0; i < pages; ++i)
      check(buffer[i * kPage] == static_cast<uint8_t>(i * 7 + pass), "pager child: page {} lost its data", i);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "  (no arguments; 'child N' and 'pager N' are its children)", 2);
  if (argc == 3) {
    uint32_t n = arg_uint(argc, argv, 2, 0);
    if (StringView(argv[1]) == "child") return child(n);
    if (StringView(argv[1]) == "pager") return pager_child(n);
    usage_error(argv, "unknown child mode");
  }
  test_begin("t_mlock");
  abi::VmStat base = vm_stat_or_fail();
  uint32_t pool = base.pageable_frames;
  uint32_t lockable = pool - kEvictable;
  uint32_t mine = min(kPerProcess, lockable);
  info("pool {} frames: {} lockable system-wide, {} by this process; {} pinned at the start", pool, lockable,
       mine, base.pinned_frames);
  Error over_error = lockable > kPerProcess ? Error::NoMemory : Error::TryAgain;

  auto too_many = lock(0, mine + 1);
  check(!too_many && too_many.error() == over_error, "locking {} pages did not fail with {}", mine + 1, over_error);
  check(vm_stat_or_fail().pinned_frames == base.pinned_frames, "the failed lock left {} frames pinned",
        vm_stat_or_fail().pinned_frames - base.pinned_frames);
  msg("1. a lock over the limit fails and leaves nothing locked");

  auto locked = lock(0, mine);
  check(static_cast<bool>(locked), "locking {} pages failed: {}", mine, locked ? Error::Io : locked.error());
  check(vm_stat_or_fail().pinned_frames == base.pinned_frames + mine, "{} frames pinned after locking {}",
        vm_stat_or_fail().pinned_frames - base.pinned_frames, mine);
  msg("2. a lock within the limits works");

  auto one_more = lock(mine, 1);
  check(!one_more && one_more.error() == over_error, "one page over the limit did not fail with {}", over_error);
  check(vm_stat_or_fail().pinned_frames == base.pinned_frames + mine, "the failed lock changed the pinned count");
  msg("3. one page more fails and changes nothing");

  uint32_t left = lockable - mine;
  int status = run_child("child", left);
  check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the locking child failed (status {:#x})", status);
  check(vm_stat_or_fail().pinned_frames == base.pinned_frames + mine, "the child's exit left {} frames pinned",
        vm_stat_or_fail().pinned_frames - base.pinned_frames - mine);
  msg("4. another process gets what is left system-wide, and its exit unlocks it");

  status = run_child("pager", 4 * pool);
  check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the paging child failed (status {:#x})", status);
  msg("5. with the locks held, a child pages through 4x the pool");

  if (auto r = sys::munlock(buffer, mine * kPage); !r) fail_test("munlock: {}", r.error());
  check(vm_stat_or_fail().pinned_frames == base.pinned_frames, "{} frames still pinned after munlock",
        vm_stat_or_fail().pinned_frames - base.pinned_frames);
  msg("6. munlock returns every frame");
  test_end();
  return 0;
}

// fuzz [children [calls [seed]]]: random system calls with random arguments, in child processes, and a
// check that the kernel survives them and gives back everything they took.
//
// Each child (forked; default 64 of them, 300 calls each, seed 1) seeds its own generator with (seed,
// child) and makes `calls` calls: a number drawn from every Linux i386 number up to 450 and Clockwork's
// own from 1000 (docs/abi.md), with six arguments each drawn from values that find edge cases: 0, small
// numbers, -1, random words, kernel addresses, the last user page, and pointers into a scratch buffer of
// the child's own. Before it starts, the child puts /dev/null on descriptors 0, 1 and 2, so that random
// reads cannot wait for the console and random writes cannot print on it.
//
// Left out, because they end or stall the experiment rather than test the kernel: exit and exit_group,
// fork, vfork, clone, execve and spawn (a child must not multiply or become something else), kill, tkill
// and tgkill (a random pid may be init), reboot, pause, sigsuspend and rt_sigsuspend, the sleeps, poll
// and select (they wait), the mailboxes (blocking receives, and names shared with other tests) and
// page_dump (it prints). Whatever else a call does to the child is fair: a child that corrupts itself
// dies by a signal, and one that blocks (reading a pipe it holds both ends of, say) is killed by the
// parent's watchdog after kWatchdogMs.
//
// The parent makes itself still first (procs/still_process.h) and runs one child at a time. At the end:
// every child ended (exit, signal or watchdog), no process is left, and the pool's free and pinned
// frames, the swap slots in use and the count of memory objects are back at the baseline. Meant to run
// as init, alone. Output: (fuzz) begin / the plan / how the children ended / baseline / (fuzz) end; the
// per-child outcomes vary with timing and are info lines.
#include "lib/abi/syscall_numbers.h"
#include "procs/lib/args.h"
#include "procs/lib/clock.h"
#include "procs/lib/fd.h"
#include "procs/lib/syscall_raw.h"
#include "procs/lib/wait.h"
#include "procs/paging_common.h"
#include "procs/still_process.h"

using namespace cw;
using namespace cw::user;
using namespace cw::paging;

namespace {

constexpr uint32_t kWatchdogMs = 2000;
constexpr uint32_t kMaxLinuxNumber = 450;
constexpr uint32_t kFirstClockworkNumber = 1000;
constexpr uint32_t kLastClockworkNumber = 1012;

// The calls a child never makes (see the top of the file).
constexpr uint32_t kExcluded[] = {
    1,    // exit
    2,    // fork
    11,   // execve
    29,   // pause
    37,   // kill
    72,   // sigsuspend
    88,   // reboot
    120,  // clone
    142,  // _newselect
    162,  // nanosleep
    168,  // poll
    179,  // rt_sigsuspend
    190,  // vfork
    238,  // tkill
    252,  // exit_group
    267,  // clock_nanosleep
    270,  // tgkill
    407,  // clock_nanosleep_time64
    1000, // spawn
    1001, 1002, 1003, 1004, 1005,  // mailboxes
    1009, // page_dump
};

bool excluded(uint32_t number) {
  for (uint32_t n : kExcluded)
    if (n == number) return true;
  return false;
}

// The child's scratch memory, from its break (not in bss: the parent locks its bss, and at small pools
// it may lock only a few pages): random pointer arguments often land here, so calls that write through
// a pointer really write (and the next call may read what the last one wrote).
constexpr uint32_t kScratchPages = 4;
uint8_t* scratch = nullptr;

uint32_t random_number(Rng& rng) {
  constexpr uint32_t kLinux = kMaxLinuxNumber + 1;
  constexpr uint32_t kOwn = kLastClockworkNumber - kFirstClockworkNumber + 1;
  for (;;) {
    uint32_t pick = rng.below(kLinux + kOwn);
    uint32_t number = pick < kLinux ? pick : kFirstClockworkNumber + (pick - kLinux);
    if (!excluded(number)) return number;
  }
}

uint32_t random_argument(Rng& rng) {
  switch (rng.below(9)) {
    case 0: return 0;
    case 1: return rng.below(4);
    case 2: return rng.below(4096);
    case 3: return 0xFFFFFFFFu - rng.below(4);                          // -1 .. -4
    case 4: return rng.next();
    case 5: return 0xC0000000u + (rng.next() & 0x3FFFFFFF);             // the kernel's half
    case 6: return 0xBFFFF000u + rng.below(4096);                       // the last user page
    case 7: return 0x08048000u + rng.below(64 * 1024);                  // this program's image
    default: return reinterpret_cast<uint32_t>(scratch) + rng.below(kScratchPages * kPage);
  }
}

[[noreturn]] void run_child(uint32_t seed, uint32_t child, uint32_t calls) {
  test_set_name("fuzz-child");
  // Descriptors 0-2 on /dev/null: nothing waits for the console, nothing prints on it.
  int null = sys::raw_syscall2(abi::Syscall::Open, reinterpret_cast<uint32_t>("/dev/null"), 2);
  if (null >= 0) {
    for (int fd = 0; fd < 3; ++fd)
      if (fd != null) (void)sys::dup2(null, fd);
    if (null > 2) (void)sys::raw_syscall1(abi::Syscall::Close, static_cast<uint32_t>(null));
  }
  scratch = take_pages(kScratchPages);
  Rng rng(seed * 0x9E3779B9u + child);
  for (uint32_t i = 0; i < calls; ++i) {
    uint32_t number = random_number(rng);
    uint32_t a[6];
    for (uint32_t& v : a) v = random_argument(rng);
    (void)cw_raw_syscall6(number, a[0], a[1], a[2], a[3], a[4], a[5]);
  }
  sys::exit(0);
}

struct Outcomes {
  uint32_t exited = 0;
  uint32_t signalled = 0;
  uint32_t watchdog = 0;
};

// Waits for `pid`, killing it after kWatchdogMs; records how it ended.
void reap(int pid, uint32_t child, Outcomes& out) {
  uint64_t deadline = now_ms() + kWatchdogMs;
  int status = 0;
  for (;;) {
    auto waited = sys::waitpid(pid, &status, abi::kWaitNoHang);
    if (!waited) fail_test("waitpid {}: {}", pid, waited.error());
    if (waited.value() == pid) break;
    if (now_ms() >= deadline) {
      if (auto killed = sys::kill(pid, abi::kSigKill); !killed) fail_test("kill {}: {}", pid, killed.error());
      auto reaped = sys::waitpid(pid, &status, 0);
      if (!reaped || reaped.value() != pid) fail_test("waitpid {} after SIGKILL failed", pid);
      ++out.watchdog;
      info("child {} (pid {}): still running after {} ms, killed", child, pid, kWatchdogMs);
      return;
    }
    (void)sleep_ms(10);
  }
  if (WIFSIGNALED(status)) {
    ++out.signalled;
    info("child {} (pid {}): killed by signal {}", child, pid, WTERMSIG(status));
  } else {
    ++out.exited;
    info("child {} (pid {}): exited with {}", child, pid, WEXITSTATUS(status));
  }
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "[children [calls [seed]]]", 3);
  uint32_t children = arg_uint(argc, argv, 1, 64);
  uint32_t calls = arg_uint(argc, argv, 2, 300);
  uint32_t seed = arg_uint(argc, argv, 3, 1);
  test_begin("fuzz");
  check(process_count() == 1, "fuzz must run alone (as init): the baseline is system-wide");
  make_still();
  abi::VmStat base = vm_stat(0);
  abi::VmStat base_own = vm_stat(sys::getpid());
  info("baseline: pool {} frames, {} free, {} pinned, swap {} slots used, {} objects", base.pageable_frames,
       base.free_frames, base.pinned_frames, base.swap_slots_used, base.memory_objects);
  msg("{} children x {} random calls, seed {}", children, calls, seed);

  Outcomes out;
  for (uint32_t child = 0; child < children; ++child) {
    auto pid = sys::fork();
    if (!pid) fail_test("fork: {}", pid.error());
    if (pid.value() == 0) run_child(seed, child, calls);
    reap(pid.value(), child, out);
  }
  check(out.exited + out.signalled + out.watchdog == children, "children lost");
  info("{} exited, {} killed by a signal, {} stopped by the watchdog", out.exited, out.signalled, out.watchdog);
  msg("every child ended; the kernel survived");
  abi::VmStat end = vm_stat(0);
  check(end.memory_objects == base.memory_objects, "{} memory objects alive, baseline {}: objects leaked",
        end.memory_objects, base.memory_objects);
  check_back_at_baseline(base, base_own);
  msg("frames, pinned frames, swap slots and memory objects back at the baseline");
  test_end();
  return 0;
}

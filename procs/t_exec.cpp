// t_exec: execve and wait4 (kernel/proc/exec.h, lib/initial_stack.h, kernel/syscall/sys_wait.cpp).
//   1. init's environment is the boot environment: HOME and TERM, then the command line's env= values;
//   2. execve replaces a forked child's image: same pid and parent, the new argv and envp, fresh data;
//   3. the new image's auxiliary vector holds what Linux puts there for a static executable;
//   4. a relative path from the working directory (bin/t_exec from /) works, and 1000 arguments with
//      40 KiB of environment arrive;
//   5. execve errors (ENOENT, EACCES, ENOTDIR, EFAULT, E2BIG, ENAMETOOLONG) return to the caller with its
//      memory intact;
//   6. wait4: EINVAL, ECHILD, WNOHANG, pid 0, a bad status pointer that loses nothing, and rusage;
//   7. exec releases what the old image locked, and 100 fork/exec/wait rounds leave frames, swap slots
//      and memory objects at their baseline.
// The exec'd images are this program again, told by argv[1] what to check; they report a failure with a
// FAIL line and exit status 1. Output: (t_exec) begin / one line per step / (t_exec) end.
#include "lib/abi/linux_structs.h"
#include "lib/abi/memshow.h"
#include "lib/abi/structs.h"
#include "lib/cmdline.h"
#include "lib/format.h"
#include "procs/lib/environment.h"
#include "procs/lib/print.h"
#include "procs/lib/syscall.h"
#include "procs/lib/test.h"
#include "procs/lib/vm_stat_or_fail.h"
#include "procs/lib/wait.h"

using namespace cw;
using namespace cw::user;

extern "C" void _start();

namespace {

constexpr uint32_t kPage = 4096;
constexpr uint32_t kBulkArgs = 1000;
constexpr uint32_t kBulkEnvBytes = 40000;
constexpr uint32_t kLockedPages = 4;

// Auxiliary vector types (Linux include/uapi/linux/auxvec.h).
enum : uint32_t {
  kAtNull = 0, kAtPhdr = 3, kAtPhent = 4, kAtPhnum = 5, kAtPagesz = 6, kAtEntry = 9, kAtUid = 11,
  kAtEuid = 12, kAtGid = 13, kAtEgid = 14, kAtPlatform = 15, kAtHwcap = 16, kAtClktck = 17,
  kAtSecure = 23, kAtRandom = 25, kAtExecfn = 31,
};

int data_word = 7;  // initialised data: a new image sees 7 again, whatever the old one wrote
char huge_string[129 * 1024];
char long_path[5000];
alignas(4096) char locked[kLockedPages * kPage];

uint32_t number(const char* text) {
  auto n = parse_uint(StringView(text));
  if (!n) fail_test("'{}' is not a number", text);
  return n.value();
}

bool same(const char* a, const char* b) { return StringView(a) == StringView(b); }

uint32_t environment_count() {
  uint32_t n = 0;
  while (environ[n]) ++n;
  return n;
}

// The value of auxiliary entry `type`, found after envp's NULL; `missing` if absent.
uint32_t aux(uint32_t type, uint32_t missing = 0xFFFFFFFF) {
  char** p = environ;
  while (*p) ++p;
  for (auto* entry = reinterpret_cast<uint32_t*>(p + 1); entry[0] != kAtNull; entry += 2)
    if (entry[0] == type) return entry[1];
  return missing;
}

int fork_or_fail() {
  flush_output();
  auto pid = sys::fork();
  if (!pid) fail_test("fork: {}", pid.error());
  return pid.value();
}

int wait_for(int pid, abi::Rusage* usage = nullptr) {
  int status = 0;
  auto reaped = sys::wait4(pid, &status, 0, usage);
  if (!reaped || reaped.value() != pid) fail_test("wait4({}) failed", pid);
  return status;
}

void expect_ok(int pid, const char* what, abi::Rusage* usage = nullptr) {
  int status = wait_for(pid, usage);
  check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "{}: child status {:#x}", what, status);
}

[[noreturn]] void exec_or_fail(const char* path, const char* const* argv, const char* const* envp) {
  auto r = sys::execve(path, argv, envp);
  fail_test("execve({}) returned: {}", path, r.error());
}

// ---- the exec'd images ----

// argv: t_exec image PID PPID; envp exactly X=1, Y=two.
int run_image(int argc, char** argv) {
  check(argc == 4, "image: argc {}", argc);
  check(sys::getpid() == static_cast<int>(number(argv[2])), "image: pid {} is not {}", sys::getpid(), argv[2]);
  check(sys::getppid() == static_cast<int>(number(argv[3])), "image: parent {} is not {}", sys::getppid(),
        argv[3]);
  check(environment_count() == 2 && same(environ[0], "X=1") && same(environ[1], "Y=two"),
        "image: environment not X=1 Y=two ({} entries)", environment_count());
  check(data_word == 7, "image: data word {} is the old image's", data_word);

  msg("3. the new image's auxiliary vector holds what Linux puts there for a static executable");
  check(aux(kAtPagesz) == kPage, "AT_PAGESZ {}", aux(kAtPagesz));
  check(aux(kAtEntry) == reinterpret_cast<uint32_t>(&_start), "AT_ENTRY {:#x}", aux(kAtEntry));
  check(aux(kAtPhent) == 32 && aux(kAtPhnum) >= 3 && aux(kAtPhnum) < 64, "AT_PHENT {} AT_PHNUM {}",
        aux(kAtPhent), aux(kAtPhnum));
  check(aux(kAtPhdr) != 0xFFFFFFFF, "no AT_PHDR");
  check(aux(kAtUid) == 0 && aux(kAtEuid) == 0 && aux(kAtGid) == 0 && aux(kAtEgid) == 0 && aux(kAtSecure) == 0,
        "AT_UID..AT_SECURE not all 0");
  check(aux(kAtClktck) == 100, "AT_CLKTCK {}", aux(kAtClktck));
  check(aux(kAtHwcap) != 0xFFFFFFFF && aux(kAtHwcap) != 0, "AT_HWCAP {:#x}", aux(kAtHwcap));
  const auto* random = reinterpret_cast<const uint8_t*>(aux(kAtRandom, 0));
  check(random != nullptr, "no AT_RANDOM");
  uint32_t nonzero = 0;
  for (int i = 0; i < 16; ++i) nonzero += random[i] != 0;
  check(nonzero >= 8, "AT_RANDOM has {} nonzero bytes of 16", nonzero);
  check(same(reinterpret_cast<const char*>(aux(kAtExecfn, 0)), "/bin/t_exec"), "AT_EXECFN");
  check(same(reinterpret_cast<const char*>(aux(kAtPlatform, 0)), "i686"), "AT_PLATFORM");
  // The stack pointer at entry was 16-byte aligned: argc sits there, so argv is at 4 mod 16.
  check(reinterpret_cast<uint32_t>(argv) % 16 == 4, "argv at {:#x}: esp was not 16-byte aligned",
        reinterpret_cast<uint32_t>(argv));
  return 0;
}

// argv: t_exec bulk arg-0 .. arg-999; envp: one variable of kBulkEnvBytes characters.
int run_bulk(int argc, char** argv) {
  check(argc == 2 + static_cast<int>(kBulkArgs), "bulk: argc {}", argc);
  char expected[16];
  for (uint32_t i = 0; i < kBulkArgs; ++i) {
    format_to(expected, sizeof(expected), "arg-{}", i);
    check(same(argv[2 + i], expected), "bulk: argv[{}] is '{}'", 2 + i, argv[2 + i]);
  }
  check(environment_count() == 1, "bulk: {} environment entries", environment_count());
  const char* value = getenv("BIG");
  check(value != nullptr && StringView(value).size() == kBulkEnvBytes - 4, "bulk: BIG has the wrong length");
  for (uint32_t i = 0; i < kBulkEnvBytes - 4; ++i)
    if (value[i] != static_cast<char>('a' + i % 26)) fail_test("bulk: BIG[{}] is wrong", i);
  return 0;
}

// argv: t_exec locks PINNED: the system's pinned frames are back at PINNED after the old image's locks.
int run_locks(int argc, char** argv) {
  check(argc == 3, "locks: argc {}", argc);
  abi::VmStat s = vm_stat_or_fail();
  check(s.pinned_frames == number(argv[2]), "locks: {} frames pinned, {} before the locking image",
        s.pinned_frames, argv[2]);
  return 0;
}

// ---- the test ----

void step_boot_environment() {
  msg("1. init's environment is the boot environment: HOME and TERM, then the command line's env= values");
  check(environment_count() == 3, "{} environment entries", environment_count());
  check(same(environ[0], "HOME=/") && same(environ[1], "TERM=linux") && same(environ[2], "CW_TEST=exec env"),
        "environment {} {} {}", environ[0], environ[1], environ[2]);
  check(getenv("CW_TEST") != nullptr && same(getenv("CW_TEST"), "exec env"), "getenv");
}

void step_replace_image() {
  msg("2. execve replaces a forked child's image: same pid and parent, the new argv and envp, fresh data");
  char pid_text[12], ppid_text[12];
  format_to(ppid_text, sizeof(ppid_text), "{}", sys::getpid());
  int pid = fork_or_fail();
  if (pid == 0) {
    data_word = 99;
    format_to(pid_text, sizeof(pid_text), "{}", sys::getpid());
    const char* argv[] = {"t_exec", "image", pid_text, ppid_text, nullptr};
    const char* envp[] = {"X=1", "Y=two", nullptr};
    exec_or_fail("/bin/t_exec", argv, envp);
  }
  abi::Rusage usage{};
  expect_ok(pid, "image", &usage);
  check(usage.ru_minflt > 0, "wait4's rusage counts no faults for the exec'd child");
}

void step_bulk_arguments() {
  msg("4. a relative path from the working directory (bin/t_exec from /) works, and 1000 arguments with 40 KiB of environment arrive");
  static char storage[kBulkArgs][12];
  static const char* argv[kBulkArgs + 3];
  static char big[kBulkEnvBytes + 1];
  argv[0] = "t_exec";
  argv[1] = "bulk";
  for (uint32_t i = 0; i < kBulkArgs; ++i) {
    format_to(storage[i], sizeof(storage[i]), "arg-{}", i);
    argv[2 + i] = storage[i];
  }
  __builtin_memcpy(big, "BIG=", 4);
  for (uint32_t i = 0; i < kBulkEnvBytes - 4; ++i) big[4 + i] = static_cast<char>('a' + i % 26);
  const char* envp[] = {big, nullptr};
  int pid = fork_or_fail();
  if (pid == 0) exec_or_fail("bin/t_exec", argv, envp);
  expect_ok(pid, "bulk");
}

void expect_exec_error(const char* what, const char* path, const char* const* argv, const char* const* envp,
                       Error expected) {
  auto r = sys::execve(path, argv, envp);
  check(!r && r.error() == expected, "execve {}: {} instead of {}", what, r ? Error::Io : r.error(), expected);
  check(data_word == 7, "execve {} changed the caller's data", what);
}

void step_errors() {
  msg("5. execve errors (ENOENT, EACCES, ENOTDIR, EFAULT, E2BIG, ENAMETOOLONG) return to the caller with its memory intact");
  const char* argv[] = {"t_exec", "image", "0", "0", nullptr};
  const char* bad_element[] = {"t_exec", reinterpret_cast<const char*>(0xC0001000), nullptr};
  const char* const* bad_vector = reinterpret_cast<const char* const*>(0x10);
  expect_exec_error("of a missing program", "/bin/no_such_program", argv, nullptr, Error::NotFound);
  expect_exec_error("outside /bin", "/usr/bin/t_exec", argv, nullptr, Error::NotFound);
  expect_exec_error("of a bare name not in the working directory", "t_exec", argv, nullptr, Error::NotFound);
  expect_exec_error("of an empty path", "", argv, nullptr, Error::NotFound);
  expect_exec_error("of /bin itself", "/bin/", argv, nullptr, Error::AccessDenied);
  expect_exec_error("of a device", "/dev/null", argv, nullptr, Error::AccessDenied);
  expect_exec_error("through a file as a directory", "/bin/t_exec/x", argv, nullptr, Error::NotDirectory);
  expect_exec_error("with a bad path pointer", reinterpret_cast<const char*>(1), argv, nullptr, Error::BadAddress);
  expect_exec_error("with a bad argv", "/bin/t_exec", bad_vector, nullptr, Error::BadAddress);
  expect_exec_error("with a bad argv element", "/bin/t_exec", bad_element, nullptr, Error::BadAddress);
  expect_exec_error("with a bad envp", "/bin/t_exec", argv, bad_vector, Error::BadAddress);
  for (uint32_t i = 0; i + 1 < sizeof(huge_string); ++i) huge_string[i] = 'h';
  const char* huge[] = {"t_exec", huge_string, nullptr};
  expect_exec_error("with a 129 KiB argument", "/bin/t_exec", huge, nullptr, Error::TooBig);
  for (uint32_t i = 0; i + 1 < sizeof(long_path); ++i) long_path[i] = 'p';
  expect_exec_error("with a 5000-character path", long_path, argv, nullptr, Error::NameTooLong);
}

void step_wait4() {
  msg("6. wait4: EINVAL, ECHILD, WNOHANG, pid 0, a bad status pointer that loses nothing, and rusage");
  int status = 12345;
  auto none = sys::wait4(-1, &status, 0, nullptr);
  check(!none && none.error() == Error::NoChild && status == 12345, "wait4 with no children");
  auto bad_option = sys::wait4(-1, &status, 4 /* WEXITED: waitid's, not wait4's */, nullptr);
  check(!bad_option && bad_option.error() == Error::InvalidArgument, "wait4 with WEXITED");
  int pid = fork_or_fail();
  if (pid == 0) {
    for (int i = 0; i < 20; ++i) (void)sys::sched_yield();
    exit(5);
  }
  auto early = sys::wait4(pid, &status, abi::kWaitNoHang, nullptr);
  check(early && (early.value() == 0 || early.value() == pid), "wait4 WNOHANG: {}", early ? early.value() : -1);
  if (early.value() == pid) fail_test("the child exited before its parent could look (scheduling changed?)");
  check(status == 12345, "wait4 WNOHANG wrote *status with nothing to report");
  auto kernel_pointer = sys::wait4(pid, reinterpret_cast<int*>(0xC0000000), 0, nullptr);
  check(!kernel_pointer && kernel_pointer.error() == Error::BadAddress, "wait4 with a kernel status pointer");
  auto bad_usage = sys::wait4(pid, &status, 0, reinterpret_cast<abi::Rusage*>(0x10));
  check(!bad_usage && bad_usage.error() == Error::BadAddress, "wait4 with a bad rusage pointer");
  abi::Rusage usage{};
  auto reaped = sys::wait4(0, &status, 0, &usage);
  check(reaped && reaped.value() == pid && WIFEXITED(status) && WEXITSTATUS(status) == 5,
        "wait4(0) after the refusals: {} status {:#x}", reaped ? reaped.value() : -1, status);
  check(usage.ru_minflt > 0 && usage.ru_utime.tv_usec < 1000000, "rusage of the child");
}

void step_baseline() {
  msg("7. exec releases what the old image locked, and 100 fork/exec/wait rounds leave frames, swap slots "
      "and memory objects at their baseline");
  abi::VmStat before = vm_stat_or_fail();
  char pinned[12];
  format_to(pinned, sizeof(pinned), "{}", before.pinned_frames);
  int pid = fork_or_fail();
  if (pid == 0) {
    // Two pages at the smallest pools: the system keeps 6 frames unlockable (mm/pager.h).
    uint32_t bytes = before.pageable_frames >= 16 ? sizeof(locked) : 2 * kPage;
    for (uint32_t i = 0; i < bytes; i += kPage) locked[i] = 1;
    if (auto l = sys::mlock(locked, bytes); !l) fail_test("mlock: {}", l.error());
    const char* argv[] = {"t_exec", "locks", pinned, nullptr};
    exec_or_fail("/bin/t_exec", argv, nullptr);
  }
  expect_ok(pid, "locks");
  // A warm-up round first, so that the pages of this program that an exiting image touches are in the
  // program's shared page cache before the baseline is taken (they stay there while we run).
  const char* argv[] = {"t_exec", "exit", nullptr};
  for (int round = 0; round <= 100; ++round) {
    if (round == 1) before = vm_stat_or_fail();
    pid = fork_or_fail();
    if (pid == 0) exec_or_fail("/bin/t_exec", argv, nullptr);
    expect_ok(pid, "exit round");
  }
  abi::VmStat after = vm_stat_or_fail();
  // Every image's objects are gone (exactly), and their frames and slots with them: no frame is mapped
  // by anyone but us (pages of this program an image brought in may stay cached while we run it), and
  // we may only have lost pages to eviction meanwhile (the pool is small), which may take slots.
  static abi::FrameCell cells[1024];
  auto frames = sys::frame_map(cells, 1024);
  check(frames.has_value(), "frame_map");
  uint32_t foreign = 0;
  for (size_t i = 0; i < frames.value() && i < 1024; ++i)
    if (cells[i].use == abi::FrameUse::Mapped && cells[i].pid != sys::getpid()) ++foreign;
  check(foreign == 0, "{} frames are still mapped by images that are gone", foreign);
  check(after.evictions != before.evictions || after.swap_slots_used == before.swap_slots_used,
        "swap slots {} -> {}", before.swap_slots_used, after.swap_slots_used);
  check(after.memory_objects == before.memory_objects, "memory objects {} -> {}", before.memory_objects,
        after.memory_objects);
  check(after.pinned_frames == before.pinned_frames, "pinned frames {} -> {}", before.pinned_frames,
        after.pinned_frames);
}

}  // namespace

int main(int argc, char** argv) {
  test_set_name("t_exec");
  if (argc >= 2 && same(argv[1], "image")) return run_image(argc, argv);
  if (argc >= 2 && same(argv[1], "bulk")) return run_bulk(argc, argv);
  if (argc >= 2 && same(argv[1], "locks")) return run_locks(argc, argv);
  if (argc >= 2 && same(argv[1], "exit")) return 0;
  test_begin("t_exec");
  step_boot_environment();
  step_replace_image();
  step_bulk_arguments();
  step_errors();
  step_wait4();
  step_baseline();
  test_end();
  return 0;
}

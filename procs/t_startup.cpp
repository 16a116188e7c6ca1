// t_startup: the system calls a static glibc program makes before main, and the CPU state it relies on
// (docs/abi.md "Linux start-up calls", docs/fpu_tls.md). Each with good and bad arguments:
//   1. a new process starts with the FNINIT control word and the default MXCSR
//   2. uname                                 3. the user/group ids, gettid, set_tid_address
//   4. writev                                5. clock_gettime(64), clock_getres(_time64), gettimeofday, time
//   6. clock_nanosleep(_time64)              7. getrandom
//   8. ugetrlimit, getrlimit, setrlimit, prlimit64, inherited by fork
//   9. sysinfo                              10. umask, inherited by fork
//  11. process groups and sessions; set_robust_list and rseq stay ENOSYS
//  12-15. TLS (t_startup_cpu.cpp)            16-19. FPU/SSE state and exceptions (t_startup_cpu.cpp)
// Output: (t_startup) begin / one line per step / (t_startup) end; a failure is a FAIL line, exit 1.
#include "procs/t_startup.h"

#include "procs/lib/clock.h"
#include "procs/lib/fork_wait.h"
#include "procs/lib/syscall.h"
#include "procs/lib/syscall_raw.h"
#include "procs/lib/wait.h"

namespace cw::startup {

using namespace cw::user;
using lx::neg;

void expect(int32_t got, int32_t want, const char* what) {
  if (got != want) fail_test("{}: got {}, want {}", what, got, want);
}

namespace {

constexpr int kEinval = -22;
constexpr int32_t kMonotonic = 1, kRealtime = 0, kThreadCpu = 3, kMonotonicRaw = 4, kBoottime = 7;
constexpr uint32_t kRlimitCpu = 0, kRlimitStack = 3, kRlimitCore = 4, kRlimitNofile = 7, kRlimitCount = 16;
constexpr uint32_t kNoSuchPid = 30000;
auto* const kBad = reinterpret_cast<void*>(kKernelAddress);
template <typename T>
T* bad() {
  return static_cast<T*>(kBad);
}

bool equals(const char* a, const char* b) {
  size_t i = 0;
  for (; a[i] != '\0' && a[i] == b[i]; ++i) {}
  return a[i] == b[i];
}

void check_uname() {
  msg("2. uname names Clockwork on i686 with a Linux-style release");
  abi::Utsname u{};
  expect(lx::uname(&u), 0, "uname");
  check(equals(u.sysname, "Clockwork") && equals(u.machine, "i686"), "sysname '{}' machine '{}'", u.sysname,
        u.machine);
  check(u.release[0] == '6' && u.release[1] == '.', "release '{}'", u.release);
  expect(lx::uname(nullptr), neg(Error::BadAddress), "uname(NULL)");
  expect(lx::uname(bad<abi::Utsname>()), neg(Error::BadAddress), "uname(kernel)");
}

void check_ids() {
  msg("3. every id is root's; gettid is the pid; set_tid_address returns it");
  for (uint32_t n : {24u, 47u, 49u, 50u, 199u, 200u, 201u, 202u}) expect(lx::id_call(n), 0, "an id call");
  expect(lx::gettid(), sys::getpid(), "gettid");
  int32_t word = 0;
  expect(lx::set_tid_address(&word), sys::getpid(), "set_tid_address");
  expect(lx::set_tid_address(nullptr), sys::getpid(), "set_tid_address(NULL)");
}

void check_writev() {
  msg("4. writev writes every buffer in order and refuses what write refuses");
  flush_output();
  static const char part1[] = "(t_startup) writev ", part2[] = "joins ", part3[] = "three buffers\n";
  abi::Iovec iov[4] = {{sys::reg(part1), sizeof(part1) - 1},
                       {sys::reg(part2), 0},
                       {sys::reg(part2), sizeof(part2) - 1},
                       {sys::reg(part3), sizeof(part3) - 1}};
  expect(lx::writev(1, iov, 4), sizeof(part1) + sizeof(part2) + sizeof(part3) - 3, "writev");
  expect(lx::writev(1, iov, 0), 0, "writev of nothing");
  expect(lx::writev(0, iov, 1), neg(Error::BadDescriptor), "writev(0)");
  expect(lx::writev(7, iov, 1), neg(Error::BadDescriptor), "writev(7)");
  expect(lx::writev(1, iov, 1025), kEinval, "1025 buffers");
  expect(lx::writev(1, iov, -1), kEinval, "a negative count");
  expect(lx::writev(1, nullptr, 1), neg(Error::BadAddress), "a NULL vector");
  abi::Iovec huge[2] = {{sys::reg(part1), 0x7FFFFFFF}, {sys::reg(part1), 1}};
  expect(lx::writev(1, huge, 2), kEinval, "a total above SSIZE_MAX");
  abi::Iovec bad_first[1] = {{kKernelAddress, 4}};
  expect(lx::writev(1, bad_first, 1), neg(Error::BadAddress), "a bad first buffer");
  static const char ok[] = "(t_startup) a short writev stops at a bad buffer\n";
  abi::Iovec partial[2] = {{sys::reg(ok), sizeof(ok) - 1}, {kKernelAddress, 4}};
  expect(lx::writev(1, partial, 2), sizeof(ok) - 1, "a bad second buffer");
}

void check_clocks() {
  msg("5. the clocks agree in 32 and 64 bits, at 1 ms resolution");
  abi::Timespec t32{};
  abi::Timespec64 t64{};
  expect(lx::clock_gettime(kMonotonic, &t32), 0, "clock_gettime");
  expect(lx::clock_gettime64(kMonotonic, &t64), 0, "clock_gettime64");
  int64_t ms32 = int64_t{t32.tv_sec} * 1000 + t32.tv_nsec / 1000000;
  int64_t ms64 = t64.tv_sec * 1000 + t64.tv_nsec / 1000000;
  check(ms64 >= ms32 && ms64 - ms32 < 1000, "32-bit {} ms, 64-bit {} ms", ms32, ms64);
  for (int32_t clock : {0, 1, 2, 3, 4, 5, 6, 7}) {
    expect(lx::clock_gettime64(clock, &t64), 0, "clock_gettime64 of each clock");
    abi::Timespec res{};
    expect(lx::clock_getres(clock, &res), 0, "clock_getres");
    check(res.tv_sec == 0 && res.tv_nsec == 1000000, "clock {} resolution {} ns", clock, res.tv_nsec);
  }
  abi::Timespec64 res64{};
  expect(lx::clock_getres_time64(kBoottime, &res64), 0, "clock_getres_time64");
  check(res64.tv_sec == 0 && res64.tv_nsec == 1000000, "64-bit resolution {} ns", res64.tv_nsec);
  expect(lx::clock_getres(kMonotonic, nullptr), 0, "clock_getres(NULL)");
  abi::Timespec untouched{5, 5};
  expect(lx::clock_gettime64(8, &t64), kEinval, "clock 8");
  expect(lx::clock_getres(-1, &untouched), kEinval, "clock -1");
  check(untouched.tv_sec == 5 && untouched.tv_nsec == 5, "a failed clock_getres wrote");
  expect(lx::clock_gettime64(kMonotonic, bad<abi::Timespec64>()), neg(Error::BadAddress), "clock_gettime64(bad)");
  expect(lx::clock_getres_time64(kMonotonic, bad<abi::Timespec64>()), neg(Error::BadAddress), "clock_getres(bad)");
  abi::Timeval tv{};
  abi::Timezone tz{7, 7};
  expect(lx::gettimeofday(&tv, &tz), 0, "gettimeofday");
  check(tz.tz_minuteswest == 0 && tz.tz_dsttime == 0 && tv.tv_usec >= 0 && tv.tv_usec < 1000000, "gettimeofday values");
  expect(lx::gettimeofday(nullptr, nullptr), 0, "gettimeofday(NULL, NULL)");
  expect(lx::gettimeofday(&tv, bad<abi::Timezone>()), neg(Error::BadAddress), "gettimeofday(tv, bad)");
  int32_t stored = -1;
  int32_t now = lx::time(&stored);
  check(now >= tv.tv_sec && stored == now, "time {} stored {} (gettimeofday {})", now, stored, tv.tv_sec);
  check(lx::time(nullptr) >= now, "time(NULL) went back");
  expect(lx::time(bad<int32_t>()), neg(Error::BadAddress), "time(bad)");
}

void check_nanosleep() {
  msg("6. clock_nanosleep sleeps relative and absolute, and refuses bad clocks and times");
  uint64_t start = now_ms();
  abi::Timespec rel{0, 20 * 1000000};
  expect(lx::clock_nanosleep(kMonotonic, 0, &rel, nullptr), 0, "a relative sleep");
  check(now_ms() - start >= 20, "a 20 ms sleep took {} ms", now_ms() - start);
  abi::Timespec64 now{};
  expect(lx::clock_gettime64(kRealtime, &now), 0, "clock_gettime64(REALTIME)");
  abi::Timespec64 target{now.tv_sec, now.tv_nsec + 30 * 1000000};
  if (target.tv_nsec >= 1000000000) {
    target.tv_sec += 1;
    target.tv_nsec -= 1000000000;
  }
  start = now_ms();
  expect(lx::clock_nanosleep_time64(kRealtime, 1, &target, nullptr), 0, "an absolute sleep");
  check(now_ms() - start >= 25, "an absolute 30 ms sleep took {} ms", now_ms() - start);
  abi::Timespec past{0, 1};
  start = now_ms();
  expect(lx::clock_nanosleep(kBoottime, 1, &past, nullptr), 0, "an absolute time in the past");
  check(now_ms() - start < 100, "a past deadline slept {} ms", now_ms() - start);
  abi::Timespec bad_nsec{0, 1000000000};
  expect(lx::clock_nanosleep(kMonotonic, 0, &bad_nsec, nullptr), kEinval, "tv_nsec 1e9");
  abi::Timespec negative{-1, 0};
  expect(lx::clock_nanosleep(kMonotonic, 0, &negative, nullptr), kEinval, "a negative time");
  expect(lx::clock_nanosleep(kThreadCpu, 0, &rel, nullptr), kEinval, "the thread CPU clock");
  expect(lx::clock_nanosleep(kMonotonicRaw, 0, &rel, nullptr), neg(Error::NotSupported), "MONOTONIC_RAW");
  expect(lx::clock_nanosleep(99, 0, &rel, nullptr), kEinval, "clock 99");
  expect(lx::clock_nanosleep(kMonotonic, 0, nullptr, nullptr), neg(Error::BadAddress), "a NULL request");
  expect(lx::clock_nanosleep(kMonotonic, 0, &rel, bad<abi::Timespec>()), neg(Error::BadAddress), "a bad rem");
}

void check_getrandom() {
  msg("7. getrandom fills buffers with fresh bytes and refuses bad flags");
  uint32_t a[4] = {}, b[4] = {};
  expect(lx::getrandom(a, sizeof(a), 0), sizeof(a), "getrandom");
  expect(lx::getrandom(b, sizeof(b), 1), sizeof(b), "getrandom(GRND_NONBLOCK)");
  check(a[0] != b[0] || a[1] != b[1] || a[2] != b[2] || a[3] != b[3], "two draws were equal");
  expect(lx::getrandom(b, sizeof(b), 2), sizeof(b), "getrandom(GRND_RANDOM)");
  expect(lx::getrandom(b, sizeof(b), 4), sizeof(b), "getrandom(GRND_INSECURE)");
  static uint8_t big[5000];
  expect(lx::getrandom(big, sizeof(big), 0), sizeof(big), "5000 bytes");
  uint32_t zeros = 0;
  for (uint8_t byte : big) zeros += byte == 0;
  check(zeros < 100, "{} of 5000 random bytes are zero", zeros);
  expect(lx::getrandom(nullptr, 0, 0), 0, "0 bytes");
  expect(lx::getrandom(a, 4, 8), kEinval, "flag 8");
  expect(lx::getrandom(a, 4, 6), kEinval, "GRND_INSECURE | GRND_RANDOM");
  expect(lx::getrandom(nullptr, 4, 0), neg(Error::BadAddress), "getrandom(NULL)");
  expect(lx::getrandom(kBad, 4, 0), neg(Error::BadAddress), "getrandom(kernel)");
}

void check_limits() {
  msg("8. resource limits: read, set, refused as Linux refuses, inherited by fork");
  abi::Rlimit r{};
  expect(lx::ugetrlimit(kRlimitStack, &r), 0, "ugetrlimit(STACK)");
  check(r.rlim_cur == 8u << 20 && r.rlim_max == 8u << 20, "stack limit {} / {}", r.rlim_cur, r.rlim_max);
  expect(lx::ugetrlimit(kRlimitCpu, &r), 0, "ugetrlimit(CPU)");
  check(r.rlim_cur == 0xFFFFFFFF, "CPU limit {:#x}, want RLIM_INFINITY", r.rlim_cur);
  expect(lx::getrlimit(kRlimitCpu, &r), 0, "old getrlimit(CPU)");
  check(r.rlim_cur == 0x7FFFFFFF, "old getrlimit gave {:#x}", r.rlim_cur);
  abi::Rlimit core{4096, 1u << 20};
  expect(lx::setrlimit(kRlimitCore, &core), 0, "setrlimit(CORE)");
  abi::Rlimit64 old{}, next{1000, 2000};
  expect(lx::prlimit64(0, kRlimitCore, &next, &old), 0, "prlimit64(CORE)");
  check(old.rlim_cur == 4096 && old.rlim_max == 1u << 20, "prlimit64 old {} / {}", old.rlim_cur, old.rlim_max);
  expect(lx::prlimit64(sys::getpid(), kRlimitCore, nullptr, &old), 0, "prlimit64(self pid)");
  check(old.rlim_cur == 1000 && old.rlim_max == 2000, "read back {} / {}", old.rlim_cur, old.rlim_max);
  abi::Rlimit64 inverted{10, 5}, too_many{10, (1u << 20) + 1}, stack{1, 1ull << 30};
  expect(lx::prlimit64(0, kRlimitCore, &inverted, nullptr), kEinval, "cur above max");
  expect(lx::prlimit64(0, kRlimitCount, &next, nullptr), kEinval, "resource 16");
  expect(lx::ugetrlimit(kRlimitCount, &r), kEinval, "ugetrlimit(16)");
  expect(lx::prlimit64(0, kRlimitNofile, &too_many, nullptr), neg(Error::Permission), "NOFILE above nr_open");
  expect(lx::prlimit64(0, kRlimitStack, &stack, nullptr), neg(Error::Permission), "STACK above the reservation");
  expect(lx::prlimit64(kNoSuchPid, kRlimitCore, nullptr, &old), neg(Error::NoProcess), "no such pid");
  expect(lx::prlimit64(0, kRlimitCore, bad<abi::Rlimit64>(), nullptr), neg(Error::BadAddress), "a bad new");
  expect(lx::prlimit64(0, kRlimitCore, &next, bad<abi::Rlimit64>()), neg(Error::BadAddress), "a bad old");
  expect(lx::ugetrlimit(kRlimitStack, bad<abi::Rlimit>()), neg(Error::BadAddress), "ugetrlimit(bad)");
  expect(lx::setrlimit(kRlimitCore, nullptr), neg(Error::BadAddress), "setrlimit(NULL)");
  int pid = fork_or_fail();
  if (pid == 0) {
    abi::Rlimit mine{};
    exit(lx::ugetrlimit(kRlimitCore, &mine) == 0 && mine.rlim_cur == 1000 && mine.rlim_max == 2000 ? 0 : 1);
  }
  expect_child_ok(pid, "limits after fork");
}

void check_sysinfo() {
  msg("9. sysinfo reports the pool, swap, uptime and processes");
  abi::Sysinfo info{};
  expect(lx::sysinfo(&info), 0, "sysinfo");
  abi::VmStat vm{};
  check(sys::vm_stat(0, &vm).has_value(), "vm_stat");
  check(info.mem_unit == 4096 && info.totalram == vm.pageable_frames && info.freeram <= info.totalram,
        "sysinfo ram {} free {} unit {} (pool {})", info.totalram, info.freeram, info.mem_unit, vm.pageable_frames);
  check(info.totalswap == vm.swap_slots_total && info.freeswap <= info.totalswap, "sysinfo swap {} free {}",
        info.totalswap, info.freeswap);
  check(info.procs >= 1 && info.uptime >= 0, "procs {} uptime {}", info.procs, info.uptime);
  expect(lx::sysinfo(bad<abi::Sysinfo>()), neg(Error::BadAddress), "sysinfo(bad)");
}

void check_umask() {
  msg("10. umask starts at 022, returns the old mask and is inherited by fork");
  expect(lx::umask(077), 022, "umask(077)");
  expect(lx::umask(01777), 077, "umask(01777)");
  expect(lx::umask(027), 0777, "only the permission bits are kept");
  int pid = fork_or_fail();
  if (pid == 0) exit(lx::umask(0) == 027 ? 0 : 1);
  expect_child_ok(pid, "umask after fork");
  expect(lx::umask(022), 027, "restore");
}

void check_groups() {
  msg("11. process groups and sessions; set_robust_list and rseq are ENOSYS");
  int self = sys::getpid();
  expect(lx::getpgrp(), self, "getpgrp of a process the kernel started");
  expect(lx::getpgid(0), self, "getpgid(0)");
  expect(lx::getsid(0), self, "getsid(0)");
  expect(lx::getpgid(kNoSuchPid), neg(Error::NoProcess), "getpgid(no such pid)");
  expect(lx::getsid(kNoSuchPid), neg(Error::NoProcess), "getsid(no such pid)");
  expect(lx::setsid(), neg(Error::Permission), "setsid of a group leader");
  expect(lx::setpgid(0, -1), kEinval, "a negative pgid");
  expect(lx::setpgid(0, 0), neg(Error::Permission), "setpgid of a session leader");
  int pid = fork_or_fail();
  if (pid == 0) {
    // A child: in its parent's group until it moves; setsid makes it a leader of both.
    if (lx::getpgrp() != self || lx::getsid(0) != self) exit(1);
    if (lx::setpgid(0, 0) != 0 || lx::getpgrp() != sys::getpid()) exit(2);
    if (lx::setpgid(0, self) != 0 || lx::getpgrp() != self) exit(3);  // back into the parent's group
    if (lx::setpgid(0, kNoSuchPid) != neg(Error::Permission)) exit(4);
    if (lx::setsid() != sys::getpid() || lx::getsid(0) != sys::getpid() || lx::getpgrp() != sys::getpid()) exit(5);
    if (lx::setpgid(0, 0) != neg(Error::Permission)) exit(6);  // a session leader cannot move
    if (lx::setpgid(self, 0) != neg(Error::NoProcess)) exit(7);  // not the caller or its child
    exit(0);
  }
  expect_child_ok(pid, "groups in a child");
  pid = fork_or_fail();
  if (pid == 0) {
    (void)sleep_ms(200);
    exit(lx::getpgrp() == sys::getpid() ? 0 : 1);
  }
  expect(lx::setpgid(pid, pid), 0, "the parent moves its forked child into a group of its own");
  expect(lx::getpgid(pid), pid, "getpgid(child)");
  expect_child_ok(pid, "moved child");
  expect(lx::call3(311, 0, 12, 0), neg(Error::NotImplemented), "set_robust_list");
  expect(lx::call3(386, 0, 32, 0), neg(Error::NotImplemented), "rseq");
}

}  // namespace
}  // namespace cw::startup

int main() {
  using namespace cw::startup;
  check_initial_fpu_state();  // before anything could change it
  cw::user::test_begin("t_startup");
  cw::user::msg("1. a new process starts with the FNINIT control word and the default MXCSR");
  check_uname();
  check_ids();
  check_writev();
  check_clocks();
  check_nanosleep();
  check_getrandom();
  check_limits();
  check_sysinfo();
  check_umask();
  check_groups();
  check_tls();
  check_fpu();
  cw::user::test_end();
  return 0;
}

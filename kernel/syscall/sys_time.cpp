// Clocks and timed sleeps: clock_gettime (32- and 64-bit time), clock_getres (both), nanosleep,
// clock_nanosleep (both), restart_syscall, gettimeofday, time (docs/abi.md "Clocks").
//
// Every clock counts the PIT's 1 ms ticks. CLOCK_REALTIME and REALTIME_COARSE add the wall time read from
// the RTC at boot (kernel/wall_clock.h); MONOTONIC, MONOTONIC_RAW, MONOTONIC_COARSE and BOOTTIME are the
// ticks since boot. The CPU-time clocks count the ticks that found the caller running. The resolution of
// every clock is therefore 1 ms.
#include "drivers/pit.h"
#include "kernel/arch/cpu.h"
#include "kernel/proc/process.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "kernel/wall_clock.h"
#include "lib/abi/linux_structs.h"
#include "lib/abi/structs.h"
#include "lib/abi/syscall_numbers.h"

namespace cw::syscall {

namespace {

inline constexpr uint64_t kNanosPerMilli = 1000000;
inline constexpr uint64_t kNanosPerSecond = 1000000000;

enum class ClockKind { Wall, Ticks, CpuTime };

// Linux's clock ids 0-7 (uapi/linux/time.h); anything else, including the dynamic clocks (negative ids),
// is EINVAL.
Result<ClockKind> classify(uint32_t id) {
  switch (static_cast<int32_t>(id)) {
    case abi::kClockRealtime:
    case abi::kClockRealtimeCoarse:
      return ClockKind::Wall;
    case abi::kClockMonotonic:
    case abi::kClockMonotonicRaw:
    case abi::kClockMonotonicCoarse:
    case abi::kClockBoottime:
      return ClockKind::Ticks;
    case abi::kClockProcessCputime:
    case abi::kClockThreadCputime:
      return ClockKind::CpuTime;
    default:
      return Error::InvalidArgument;
  }
}

Result<uint64_t> now_ms(uint32_t id) {
  ClockKind kind = TRY(classify(id));
  if (kind == ClockKind::Wall) return wall_clock::now_ms();
  if (kind == ClockKind::Ticks) return pit::ticks();
  // A process has exactly one thread, so its two CPU clocks agree.
  cpu::InterruptGuard guard;  // the tick handler updates the 64-bit count
  return sched::current()->cpu_ticks;
}

abi::Timespec to_timespec(uint64_t ms) {
  return {static_cast<int32_t>(ms / 1000), static_cast<int32_t>(ms % 1000 * kNanosPerMilli)};
}
abi::Timespec64 to_timespec64(uint64_t ms) {
  return {static_cast<int64_t>(ms / 1000), static_cast<int64_t>(ms % 1000 * kNanosPerMilli)};
}

// A time given to the kernel, as seconds and nanoseconds from either layout. Linux's timespec64_valid:
// tv_sec >= 0 and 0 <= tv_nsec < 1e9. The 64-bit layout's tv_nsec is read as 32 bits, as Linux does for
// 32-bit programs (the upper half is padding).
struct Duration {
  int64_t sec;
  int64_t nsec;
  bool valid() const { return sec >= 0 && nsec >= 0 && nsec < static_cast<int64_t>(kNanosPerSecond); }
  // Whole milliseconds, rounded up (a sleep never ends early), saturated.
  uint64_t ms() const {
    uint64_t s = static_cast<uint64_t>(sec);
    if (s > (~0ull >> 12) / 1000) return ~0ull >> 12;
    return s * 1000 + (static_cast<uint64_t>(nsec) + kNanosPerMilli - 1) / kNanosPerMilli;
  }
};

Result<Duration> read_duration(uint32_t address, bool wide) {
  if (wide) {
    auto t = TRY(read_user<abi::Timespec64>(address));
    return Duration{t.tv_sec, static_cast<int32_t>(t.tv_nsec)};
  }
  auto t = TRY(read_user<abi::Timespec>(address));
  return Duration{t.tv_sec, t.tv_nsec};
}

Result<void> write_time(uint32_t address, uint64_t ms, bool wide) {
  if (wide) return write_user(address, to_timespec64(ms));
  return write_user(address, to_timespec(ms));
}

// Sleeps until tick `end`. Cut short by a signal to deliver (kernel/signal/send.h): writes the time left
// to `rem` (if not 0), keeps `end` and `rem` in the process's restart block and returns EINTR. If no
// handler runs (the signal stopped the process, say), delivery turns the call into restart_syscall,
// which sleeps on to the same `end` (Linux's hrtimer_nanosleep_restart).
int32_t sleep_until(uint64_t end, uint32_t rem, bool wide) {
  for (uint64_t now = pit::ticks(); now < end; now = pit::ticks()) {
    uint64_t left = end - now;
    sched::sleep_ms(left > 0x7FFFFFFF ? 0x7FFFFFFF : static_cast<uint32_t>(left));
    if (sched::current()->interrupted) {
      now = pit::ticks();
      if (rem != 0) (void)write_time(rem, end > now ? end - now : 0, wide);
      proc::current()->signals.restart = signal::SleepRestart{end, rem, wide, true};
      return error_return(Error::Interrupted);
    }
  }
  return 0;
}

int32_t clock_gettime_common(const Args& a, bool wide) {
  auto ms = now_ms(a.a[0]);
  if (!ms) return error_return(ms.error());
  return to_return(write_time(a.a[1], ms.value(), wide));
}

int32_t clock_getres_common(const Args& a, bool wide) {
  auto kind = classify(a.a[0]);
  if (!kind) return error_return(kind.error());
  if (a.a[1] == 0) return 0;  // a NULL res only checks the clock id
  return to_return(write_time(a.a[1], 1, wide));
}

// clock_nanosleep: relative or TIMER_ABSTIME on the tick clocks that can sleep (Linux: REALTIME,
// MONOTONIC, BOOTTIME; MONOTONIC_RAW and the COARSE clocks have no nsleep, EOPNOTSUPP). The CPU-time
// clocks are EINVAL: the thread clock is on Linux too, and a single-threaded process sleeping on its own
// process clock would never wake (Linux would let it sleep forever). Flags other than TIMER_ABSTIME are
// ignored, as Linux does. `rem` is checked up front (as nanosleep does) and written only when a
// relative sleep is cut short.
int32_t clock_nanosleep_common(const Args& a, bool wide) {
  int32_t id = static_cast<int32_t>(a.a[0]);
  auto kind = classify(a.a[0]);
  if (!kind) return error_return(kind.error());
  if (kind.value() == ClockKind::CpuTime) return error_return(Error::InvalidArgument);
  if (id != abi::kClockRealtime && id != abi::kClockMonotonic && id != abi::kClockBoottime)
    return error_return(Error::NotSupported);
  auto request = read_duration(a.a[2], wide);
  if (!request) return error_return(request.error());
  if (!request.value().valid()) return error_return(Error::InvalidArgument);
  bool absolute = (a.a[1] & abi::kTimerAbstime) != 0;
  uint32_t rem = absolute ? 0 : a.a[3];
  if (rem != 0) {
    auto ok = current_space().verify(VirtAddr(rem), wide ? sizeof(abi::Timespec64) : sizeof(abi::Timespec),
                                     mm::Access::Write);
    if (!ok) return error_return(ok.error());
  }
  // The sleep runs on the tick count: an absolute CLOCK_REALTIME time is moved to it (the wall clock is
  // never set, so it stays a fixed distance from the ticks). A time before boot has passed already.
  uint64_t end = pit::ticks() + request.value().ms();
  if (absolute) {
    uint64_t offset = id == abi::kClockRealtime ? static_cast<uint64_t>(wall_clock::boot_seconds()) * 1000 : 0;
    end = request.value().ms() > offset ? request.value().ms() - offset : 0;
  }
  return sleep_until(end, rem, wide);
}

}  // namespace

// nanosleep: `rem` is checked up front, without writing it: a bad pointer is EFAULT whether or not the
// sleep is cut short. As on Linux, `rem` is written only when the sleep is interrupted.
int32_t sys_nanosleep(const Args& a) {
  auto request = read_duration(a.a[0], false);
  if (!request) return error_return(request.error());
  if (!request.value().valid()) return error_return(Error::InvalidArgument);
  if (a.a[1] != 0) {
    auto ok = current_space().verify(VirtAddr(a.a[1]), sizeof(abi::Timespec), mm::Access::Write);
    if (!ok) return error_return(ok.error());
  }
  return sleep_until(pit::ticks() + request.value().ms(), a.a[1], false);
}

// restart_syscall (0): resumes the sleep its restart block describes; with none armed it is EINTR, as
// Linux's do_no_restart_syscall.
int32_t sys_restart_syscall(const Args&) {
  signal::SleepRestart& block = proc::current()->signals.restart;
  if (!block.armed) return error_return(Error::Interrupted);
  block.armed = false;
  return sleep_until(block.end_tick, block.rem, block.wide);
}

int32_t sys_clock_gettime(const Args& a) { return clock_gettime_common(a, false); }
int32_t sys_clock_gettime64(const Args& a) { return clock_gettime_common(a, true); }
int32_t sys_clock_getres(const Args& a) { return clock_getres_common(a, false); }
int32_t sys_clock_getres_time64(const Args& a) { return clock_getres_common(a, true); }
int32_t sys_clock_nanosleep(const Args& a) { return clock_nanosleep_common(a, false); }
int32_t sys_clock_nanosleep_time64(const Args& a) { return clock_nanosleep_common(a, true); }

// gettimeofday(tv, tz): either may be NULL. The time zone is always UTC ({0, 0}). Both pointers are
// checked before either is written.
int32_t sys_gettimeofday(const Args& a) {
  uint32_t tv = a.a[0], tz = a.a[1];
  if (tv != 0) {
    auto ok = current_space().verify(VirtAddr(tv), sizeof(abi::Timeval), mm::Access::Write);
    if (!ok) return error_return(ok.error());
  }
  if (tz != 0) {
    auto ok = current_space().verify(VirtAddr(tz), sizeof(abi::Timezone), mm::Access::Write);
    if (!ok) return error_return(ok.error());
  }
  uint64_t ms = wall_clock::now_ms();
  if (tv != 0) {
    auto ok = write_user(tv, abi::Timeval{static_cast<int32_t>(ms / 1000), static_cast<int32_t>(ms % 1000 * 1000)});
    if (!ok) return error_return(ok.error());
  }
  if (tz != 0) return to_return(write_user(tz, abi::Timezone{0, 0}));
  return 0;
}

// time(t): the seconds of CLOCK_REALTIME, also stored in *t when t is not NULL (EFAULT if it is bad).
int32_t sys_time(const Args& a) {
  auto seconds = static_cast<int32_t>(wall_clock::now_ms() / 1000);
  if (a.a[0] != 0) {
    auto ok = write_user(a.a[0], seconds);
    if (!ok) return error_return(ok.error());
  }
  return seconds;
}

}  // namespace cw::syscall

// Process system calls: exit, waitpid, getpid, getppid, spawn, sched_yield, nanosleep,
// clock_gettime, reboot.
#include "kernel/proc/fork.h"
#include "drivers/pit.h"
#include "kernel/arch/cpu.h"
#include "kernel/power.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "lib/abi/structs.h"
#include "lib/abi/syscall_numbers.h"

namespace cw::syscall {

namespace {

inline constexpr int32_t kNanosPerMilli = 1000000;
inline constexpr int32_t kNanosPerSecond = 1000000000;
inline constexpr uint32_t kClockRealtime = 0;

// Copies argv (a NULL-terminated array of string pointers) into `storage`.
Result<void> copy_argv(uint32_t argv_address, proc::Arguments& args, char* storage, uint32_t capacity) {
  uint32_t used = 0;
  for (;;) {
    uint32_t pointer = TRY(read_user<uint32_t>(argv_address + 4 * args.argc));
    if (pointer == 0) return {};
    if (args.argc == proc::kMaxArgs) return Error::TooBig;  // a 33rd argument: kMaxArgs is allowed
    if (used >= capacity) return Error::TooBig;
    auto length = current_space().copy_string_in(storage + used, VirtAddr(pointer), capacity - used);
    if (!length) return length.error() == Error::NameTooLong ? Error::TooBig : length.error();
    args.argv[args.argc++] = storage + used;
    used += length.value() + 1;
  }
}

}  // namespace

int32_t sys_exit(const Args& a) { proc::exit_current(abi::exit_status_word(static_cast<int32_t>(a.a[0]))); }

int32_t sys_getpid(const Args&) { return proc::current()->pid; }

int32_t sys_getppid(const Args&) {
  int32_t parent = proc::current()->parent_pid;
  return parent > 0 ? parent : 0;
}

int32_t sys_waitpid(const Args& a) {
  auto pid = static_cast<int32_t>(a.a[0]);
  uint32_t status_address = a.a[1];
  uint32_t options = a.a[2];
  if (options & ~static_cast<uint32_t>(abi::kWaitNoHang)) return error_return(Error::InvalidArgument);
  if (pid == 0 || pid < -1) return error_return(Error::InvalidArgument);  // no process groups
  // Check the status pointer before reaping, so a bad pointer never loses a child's status; write it
  // only once a child was reaped (a failed call writes nothing: ECHILD leaves *status alone, as Linux).
  if (status_address != 0) {
    auto ok = current_space().verify(VirtAddr(status_address), sizeof(int32_t), mm::Access::Write);
    if (!ok) return error_return(ok.error());
  }
  int32_t status = 0;
  auto reaped = proc::wait(pid, &status, (options & abi::kWaitNoHang) != 0);
  if (!reaped) return error_return(reaped.error());
  if (status_address != 0 && reaped.value() > 0) (void)write_user<int32_t>(status_address, status);
  return reaped.value();
}

int32_t sys_spawn(const Args& a) {
  char name[abi::kNameMax];
  auto name_length = current_space().copy_string_in(name, VirtAddr(a.a[0]), sizeof(name));
  if (!name_length) return error_return(name_length.error());
  proc::Arguments args;
  char storage[proc::kMaxArgBytes];
  if (a.a[1] == 0) {
    args.argv[args.argc++] = name;  // no argv: the program gets its own name as argv[0]
  } else {
    auto copied = copy_argv(a.a[1], args, storage, sizeof(storage));
    if (!copied) return error_return(copied.error());
  }
  auto child = proc::spawn(StringView(name, name_length.value()), args, proc::current());
  if (!child) return error_return(child.error());
  return child.value()->pid;
}

int32_t sys_fork(const Args&) { return to_return(proc::fork_current(proc::CloneRequest{})); }

int32_t sys_clone(const Args& a) {
  // i386 argument order (Linux CONFIG_CLONE_BACKWARDS): flags, stack, parent_tid, tls, child_tid.
  proc::CloneRequest request{.flags = a.a[0], .stack = a.a[1], .parent_tid = a.a[2], .child_tid = a.a[4]};
  return to_return(proc::fork_current(request));
}

int32_t sys_sched_yield(const Args&) {
  sched::yield();
  return 0;
}

int32_t sys_nanosleep(const Args& a) {
  auto request = read_user<abi::Timespec>(a.a[0]);
  if (!request) return error_return(request.error());
  const abi::Timespec& t = request.value();
  if (t.tv_sec < 0 || t.tv_nsec < 0 || t.tv_nsec >= kNanosPerSecond) return error_return(Error::InvalidArgument);
  // Clockwork checks `rem` up front, without writing it: a bad pointer is EFAULT whether or not the
  // sleep is cut short. As on Linux, `rem` is written only when the sleep is interrupted.
  if (a.a[1] != 0) {
    auto ok = current_space().verify(VirtAddr(a.a[1]), sizeof(abi::Timespec), mm::Access::Write);
    if (!ok) return error_return(ok.error());
  }
  uint64_t ms = static_cast<uint64_t>(t.tv_sec) * 1000 + (t.tv_nsec + kNanosPerMilli - 1) / kNanosPerMilli;
  uint64_t end = pit::ticks() + ms;
  while (ms > 0) {
    sched::sleep_ms(ms > 0x7FFFFFFF ? 0x7FFFFFFF : static_cast<uint32_t>(ms));
    uint64_t now = pit::ticks();
    if (sched::current()->interrupted) {  // a signal to deliver (kernel/signal/send.h)
      if (a.a[1] != 0) {
        uint64_t left = end > now ? end - now : 0;
        (void)write_user(a.a[1], abi::Timespec{static_cast<int32_t>(left / 1000),
                                                static_cast<int32_t>(left % 1000) * kNanosPerMilli});
      }
      return error_return(Error::Interrupted);
    }
    ms = end > now ? end - now : 0;
  }
  return 0;
}

int32_t sys_clock_gettime(const Args& a) {
  uint64_t ms = 0;
  switch (a.a[0]) {
    case kClockRealtime:  // no real-time clock: CLOCK_REALTIME counts from boot too
    case abi::kClockMonotonic:
      ms = pit::ticks();
      break;
    // CPU time: the 1 ms PIT ticks that found the caller running (sched::on_tick counts them), so it
    // measures what the scheduler gave, however fast the (emulated) CPU ran. A process has exactly one
    // thread, so its two clocks agree.
    case abi::kClockProcessCputime:
    case abi::kClockThreadCputime: {
      cpu::InterruptGuard guard;  // the tick handler updates the 64-bit count
      ms = sched::current()->cpu_ticks;
      break;
    }
    default:
      return error_return(Error::InvalidArgument);
  }
  abi::Timespec t{static_cast<int32_t>(ms / 1000), static_cast<int32_t>(ms % 1000) * kNanosPerMilli};
  return to_return(write_user(a.a[1], t));
}

int32_t sys_reboot(const Args& a) {
  if (a.a[0] != abi::kRebootMagic1 || a.a[1] != abi::kRebootMagic2) return error_return(Error::InvalidArgument);
  if (a.a[2] != abi::kRebootCmdPowerOff) return error_return(Error::InvalidArgument);
  power_off(kExitSuccess);
}

}  // namespace cw::syscall

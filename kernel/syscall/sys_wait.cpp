// waitpid (7) and wait4 (114): reaping children (kernel/proc/process.h proc::wait).
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "lib/abi/linux_structs.h"
#include "lib/abi/structs.h"
#include "lib/abi/syscall_numbers.h"

namespace cw::syscall {

namespace {

inline constexpr uint32_t kValidOptions = abi::kWaitNoHang | abi::kWaitUntraced | abi::kWaitContinued |
                                          abi::kWaitNoThread | abi::kWaitAll | abi::kWaitClone;
inline constexpr uint64_t kMicrosPerTick = 1000;

abi::Rusage to_rusage(const Usage& usage) {
  abi::Rusage r{};
  uint64_t micros = usage.cpu_ticks * kMicrosPerTick;
  // Clockwork counts CPU time per thread, not split into user and system time: all of it is user time.
  r.ru_utime = abi::Timeval{static_cast<int32_t>(micros / 1000000), static_cast<int32_t>(micros % 1000000)};
  r.ru_minflt = static_cast<int32_t>(usage.minor_faults);
  r.ru_majflt = static_cast<int32_t>(usage.major_faults);
  return r;
}

// Linux's kernel_wait4, except that the result pointers are checked before a child is reaped, so a bad
// pointer is EFAULT without losing the child's status (Linux reaps first, then fails to write it).
int32_t wait_common(int32_t pid, uint32_t status_address, uint32_t options, uint32_t usage_address) {
  if (options & ~kValidOptions) return error_return(Error::InvalidArgument);
  if (pid == INT32_MIN) return error_return(Error::NoProcess);  // -INT_MIN overflows: Linux's ESRCH
  if (status_address != 0) {
    auto ok = current_space().verify(VirtAddr(status_address), sizeof(int32_t), mm::Access::Write);
    if (!ok) return error_return(ok.error());
  }
  if (usage_address != 0) {
    auto ok = current_space().verify(VirtAddr(usage_address), sizeof(abi::Rusage), mm::Access::Write);
    if (!ok) return error_return(ok.error());
  }
  proc::WaitOptions wanted;
  wanted.no_hang = (options & abi::kWaitNoHang) != 0;
  wanted.untraced = (options & abi::kWaitUntraced) != 0;
  wanted.continued = (options & abi::kWaitContinued) != 0;
  auto reaped = proc::wait(pid, wanted);
  if (!reaped) return error_return(reaped.error());
  const proc::Waited& w = reaped.value();
  // Nothing is written when WNOHANG found nothing to report (a failed call writes nothing either).
  if (w.pid > 0) {
    if (status_address != 0) (void)write_user<int32_t>(status_address, w.status_word);
    if (usage_address != 0) (void)write_user(usage_address, to_rusage(w.usage));
  }
  return w.pid;
}

}  // namespace

int32_t sys_waitpid(const Args& a) { return wait_common(static_cast<int32_t>(a.a[0]), a.a[1], a.a[2], 0); }

int32_t sys_wait4(const Args& a) { return wait_common(static_cast<int32_t>(a.a[0]), a.a[1], a.a[2], a.a[3]); }

}  // namespace cw::syscall

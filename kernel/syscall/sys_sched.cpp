// CPU affinity: sched_getaffinity (242) and sched_setaffinity (241) on a machine of one CPU (Linux
// kernel/sched/core.c). The mask is one `unsigned long` of bits, CPU 0 the only one; it is what `nproc`
// and glibc's sysconf(_SC_NPROCESSORS_ONLN) fall back on.
#include "kernel/arch/cpu.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"

namespace cw::syscall {

namespace {

// cpumask_size(): the kernel's mask, in bytes (one unsigned long holds every CPU Clockwork has).
inline constexpr uint32_t kMaskBytes = sizeof(uint32_t);
inline constexpr uint32_t kOnlyCpu = 1;  // bit 0: CPU 0

// The process `pid` names, 0 being the caller. Precondition: interrupts off.
bool exists(int32_t pid) { return pid == 0 || proc::find(pid) != nullptr; }

}  // namespace

// sched_getaffinity(pid, len, mask): writes the mask and returns its size in bytes. Errors as Linux:
// EINVAL if len is smaller than the mask or not a multiple of sizeof(long), ESRCH for no such process
// (a negative pid too), EFAULT for a bad mask.
int32_t sys_sched_getaffinity(const Args& a) {
  auto pid = static_cast<int32_t>(a.a[0]);
  uint32_t length = a.a[1];
  if (length < kMaskBytes || (length & (sizeof(uint32_t) - 1)) != 0) return error_return(Error::InvalidArgument);
  {
    cpu::InterruptGuard guard;
    if (pid < 0 || !exists(pid)) return error_return(Error::NoProcess);
  }
  if (auto written = write_user(a.a[2], kOnlyCpu); !written) return error_return(written.error());
  return static_cast<int32_t>(kMaskBytes);
}

// sched_setaffinity(pid, len, mask): a mask that includes CPU 0 is accepted (the process runs there, as
// it always does); one without it EINVAL (Linux: no allowed CPU is online). The mask is read first (only
// its first byte matters; len 0 reads nothing and is an empty mask), as Linux's get_user_cpu_mask before
// the process is looked up: EFAULT, then ESRCH, then EINVAL.
int32_t sys_sched_setaffinity(const Args& a) {
  auto pid = static_cast<int32_t>(a.a[0]);
  uint32_t length = a.a[1];
  uint8_t first = 0;
  if (length > 0) {
    auto byte = read_user<uint8_t>(a.a[2]);
    if (!byte) return error_return(byte.error());
    first = byte.value();
  }
  {
    cpu::InterruptGuard guard;
    if (pid < 0 || !exists(pid)) return error_return(Error::NoProcess);
  }
  return (first & kOnlyCpu) != 0 ? 0 : error_return(Error::InvalidArgument);
}

}  // namespace cw::syscall

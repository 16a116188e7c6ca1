// getrandom(buf, count, flags) (docs/abi.md "getrandom"): bytes from kernel/random.h's generator, which
// is seeded at boot, so no request ever blocks and GRND_NONBLOCK, GRND_RANDOM and GRND_INSECURE change
// nothing but what is accepted. Flags as Linux (drivers/char/random.c): unknown bits, or GRND_INSECURE
// with GRND_RANDOM, are EINVAL. A count above INT_MAX is cut to INT_MAX; the whole buffer is checked
// before any byte is written (EFAULT).
#include "kernel/random.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "lib/abi/syscall_numbers.h"

namespace cw::syscall {

namespace {

inline constexpr uint32_t kChunk = 256;
inline constexpr uint32_t kIntMax = 0x7FFFFFFF;

}  // namespace

int32_t sys_getrandom(const Args& a) {
  uint32_t address = a.a[0], count = a.a[1], flags = a.a[2];
  if (flags & ~(abi::kGrndNonblock | abi::kGrndRandom | abi::kGrndInsecure)) return error_return(Error::InvalidArgument);
  if ((flags & (abi::kGrndInsecure | abi::kGrndRandom)) == (abi::kGrndInsecure | abi::kGrndRandom))
    return error_return(Error::InvalidArgument);
  if (count > kIntMax) count = kIntMax;
  if (count == 0) return 0;
  auto checked = current_space().verify(VirtAddr(address), count, mm::Access::Write);
  if (!checked) return error_return(checked.error());
  uint8_t chunk[kChunk];
  uint32_t done = 0;
  while (done < count) {
    uint32_t n = count - done < kChunk ? count - done : kChunk;
    random::fill(chunk, n);
    auto copied = current_space().copy_out(VirtAddr(address + done), chunk, n);
    if (!copied) return done > 0 ? static_cast<int32_t>(done) : error_return(copied.error());
    done += n;
    if (sched::current()->interrupted) break;  // a large request cut short returns what it has, as Linux
  }
  __builtin_memset(chunk, 0, sizeof(chunk));
  return static_cast<int32_t>(done);
}

}  // namespace cw::syscall

// Per-process resource limits (getrlimit, setrlimit, ugetrlimit, prlimit64) on plain data, shared by the
// kernel (kernel/syscall/sys_limits.cpp) and the host tests.
//
// Specification: Linux kernel/sys.c (do_prlimit, prlimit64, the compat getrlimit/setrlimit, old_getrlimit)
// and include/asm-generic/resource.h (resource numbers, INIT_RLIMITS). Values are kept as 64-bit rlimit64
// as on a 64-bit Linux kernel running i386 programs; the 32-bit calls convert at the boundary.
#pragma once

#include <cstdint>

#include "lib/abi/linux_structs.h"
#include "lib/result.h"

namespace cw::limits {

inline constexpr uint32_t kCpu = 0, kFsize = 1, kData = 2, kStack = 3, kCore = 4, kRss = 5, kNproc = 6,
                          kNofile = 7, kMemlock = 8, kAs = 9, kLocks = 10, kSigpending = 11,
                          kMsgqueue = 12, kNice = 13, kRtprio = 14, kRttime = 15;
inline constexpr uint32_t kCount = 16;  // RLIM_NLIMITS

inline constexpr uint64_t kInfinity64 = ~0ull;       // RLIM64_INFINITY
inline constexpr uint32_t kInfinity32 = ~0u;         // RLIM_INFINITY of struct rlimit
inline constexpr uint32_t kOldInfinity = 0x7FFFFFFF;  // what old getrlimit (76) reports for anything larger
inline constexpr uint64_t kNrOpen = 1024 * 1024;     // fs.nr_open: RLIMIT_NOFILE's ceiling (EPERM above)

// The stack region's fixed reservation (docs/abi.md, mm/region_map.h): RLIMIT_STACK's hard limit.
inline constexpr uint64_t kStackReservation = 8 * 1024 * 1024;

class ResourceLimits {
public:
  // Linux's INIT_RLIMITS, except RLIMIT_STACK whose hard limit is the stack reservation.
  ResourceLimits();

  // do_prlimit: `resource` must be < kCount (InvalidArgument). With `replacement`, rlim_cur must not
  // exceed rlim_max (InvalidArgument); RLIMIT_NOFILE's max may not exceed kNrOpen and RLIMIT_STACK's may
  // not exceed kStackReservation (Permission). `old`, when not null, receives the previous value. A
  // failed call changes nothing.
  Result<void> exchange(uint32_t resource, const abi::Rlimit64* replacement, abi::Rlimit64* old);

  Result<abi::Rlimit64> get(uint32_t resource) const;

private:
  abi::Rlimit64 values_[kCount];
};

// struct rlimit <-> rlimit64 (Linux compat: RLIM_INFINITY maps to RLIM64_INFINITY and back; anything too
// large for 32 bits reads as RLIM_INFINITY).
abi::Rlimit64 widen(const abi::Rlimit& limit);
abi::Rlimit narrow(const abi::Rlimit64& limit);
// old getrlimit (76): values above 0x7FFFFFFF read as 0x7FFFFFFF (Linux sys_old_getrlimit).
abi::Rlimit narrow_old(const abi::Rlimit64& limit);

}  // namespace cw::limits

// Linux i386 structures of the start-up and small system calls (docs/abi.md "Linux start-up calls"),
// with the exact i386 layout. Field names follow Linux's uapi headers, which are the specification:
// asm/ldt.h (user_desc), linux/utsname.h (new_utsname), linux/sysinfo.h, asm-generic/resource.h
// (rlimit, rlimit64), linux/uio.h (iovec), linux/time_types.h (__kernel_timespec), linux/time.h
// (timeval, timezone). static_asserts pin every size and offset a program depends on.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cw::abi {

// struct user_desc (asm/ldt.h), the argument of set_thread_area/get_thread_area. The seven one-bit and
// two-bit fields after `limit` are C bit-fields in Linux's header, allocated from bit 0 on i386; they are
// one explicit word here so that the layout does not depend on the compiler's bit-field rules.
struct UserDesc {
  uint32_t entry_number;
  uint32_t base_addr;
  uint32_t limit;
  uint32_t flags;  // the kUserDesc* bits below

  bool bit(uint32_t mask) const { return (flags & mask) != 0; }
  uint32_t contents() const { return (flags >> 1) & 3; }
};
static_assert(sizeof(UserDesc) == 16);
inline constexpr uint32_t kUserDescSeg32Bit = 1u << 0;
inline constexpr uint32_t kUserDescContentsShift = 1;  // 2 bits: 0 data, 1 data expand-down, 2 code
inline constexpr uint32_t kUserDescReadExecOnly = 1u << 3;
inline constexpr uint32_t kUserDescLimitInPages = 1u << 4;
inline constexpr uint32_t kUserDescSegNotPresent = 1u << 5;
inline constexpr uint32_t kUserDescUseable = 1u << 6;
inline constexpr uint32_t kUserDescKnownBits = 0x7F;

// struct new_utsname (linux/utsname.h): six NUL-terminated fields of __NEW_UTS_LEN + 1 = 65 bytes.
inline constexpr size_t kUtsFieldSize = 65;
struct Utsname {
  char sysname[kUtsFieldSize];
  char nodename[kUtsFieldSize];
  char release[kUtsFieldSize];
  char version[kUtsFieldSize];
  char machine[kUtsFieldSize];
  char domainname[kUtsFieldSize];
};
static_assert(sizeof(Utsname) == 390);

// struct sysinfo (linux/sysinfo.h) with i386's 32-bit longs: 64 bytes.
struct Sysinfo {
  int32_t uptime;      // seconds since boot
  uint32_t loads[3];   // load averages, fixed point with 16 fractional bits (SI_LOAD_SHIFT)
  uint32_t totalram;   // in units of mem_unit bytes
  uint32_t freeram;
  uint32_t sharedram;
  uint32_t bufferram;
  uint32_t totalswap;
  uint32_t freeswap;
  uint16_t procs;
  uint16_t pad;
  uint32_t totalhigh;
  uint32_t freehigh;
  uint32_t mem_unit;
  char reserved[8];    // _f[20 - 2 * sizeof(long) - sizeof(u32)]
};
static_assert(sizeof(Sysinfo) == 64);
static_assert(offsetof(Sysinfo, procs) == 40 && offsetof(Sysinfo, mem_unit) == 52);

// struct rlimit (32-bit rlim_t, ugetrlimit/setrlimit/getrlimit) and struct rlimit64 (prlimit64).
struct Rlimit {
  uint32_t rlim_cur;
  uint32_t rlim_max;
};
static_assert(sizeof(Rlimit) == 8);
struct Rlimit64 {
  uint64_t rlim_cur;
  uint64_t rlim_max;
};
static_assert(sizeof(Rlimit64) == 16);

// struct iovec (linux/uio.h).
struct Iovec {
  uint32_t iov_base;  // a user address
  uint32_t iov_len;
};
static_assert(sizeof(Iovec) == 8);

// struct __kernel_timespec (linux/time_types.h): the 64-bit time of the *_time64 calls. On i386 the
// kernel ignores the upper half of tv_nsec from a 32-bit program (it reads only the low 32 bits).
struct Timespec64 {
  int64_t tv_sec;
  int64_t tv_nsec;
};
static_assert(sizeof(Timespec64) == 16);

// struct timeval and struct timezone (linux/time.h) for gettimeofday.
struct Timeval {
  int32_t tv_sec;
  int32_t tv_usec;
};
static_assert(sizeof(Timeval) == 8);

// struct utimbuf (linux/utime.h) with i386's 32-bit time_t: utime's argument.
struct Utimbuf {
  int32_t actime;
  int32_t modtime;
};
static_assert(sizeof(Utimbuf) == 8);

// struct rusage (include/uapi/linux/resource.h), i386 layout: wait4's fourth argument.
struct Rusage {
  Timeval ru_utime;
  Timeval ru_stime;
  int32_t ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap, ru_inblock, ru_oublock,
      ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};
static_assert(sizeof(Rusage) == 72);
struct Timezone {
  int32_t tz_minuteswest;
  int32_t tz_dsttime;
};
static_assert(sizeof(Timezone) == 8);

}  // namespace cw::abi

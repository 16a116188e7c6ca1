// File times: utimensat (320, 32-bit timespec) and utimensat_time64 (412), utimes (271), futimesat (299)
// and utime (30) (Linux fs/utimes.c, read as the specification).
//
// A NULL times argument sets atime and mtime to the current time. Otherwise each of the two is a given
// time, or for utimensat UTIME_NOW (the current time) or UTIME_OMIT (unchanged); both UTIME_OMIT returns
// 0 at once without even looking at the path. ctime always becomes the current time. A tv_nsec that is
// neither of those nor within 0-999,999,999 is EINVAL (utimes: a tv_usec outside 0-999,999); tv_sec is not
// checked. utimensat's flags are AT_SYMLINK_NOFOLLOW (change a link itself) and AT_EMPTY_PATH; a NULL
// path with a dirfd other than AT_FDCWD changes the file open on dirfd (what glibc's futimens does), and
// then any flag is EINVAL. Every process is root, so no permission check applies; a read-only file system
// is EROFS (kernel/syscall/node_attributes.h).
#include "kernel/syscall/node_attributes.h"
#include "kernel/syscall/path_args.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "lib/abi/linux_structs.h"
#include "lib/abi/stat.h"
#include "lib/abi/structs.h"

namespace cw::syscall {

namespace {

// include/uapi/linux/stat.h.
constexpr int64_t kUtimeNow = (int64_t{1} << 30) - 1;
constexpr int64_t kUtimeOmit = (int64_t{1} << 30) - 2;
constexpr int64_t kNanosPerSecond = 1000000000;

// One of the two times as the caller gave it.
struct GivenTime {
  int64_t sec;
  int64_t nsec;  // or kUtimeNow, kUtimeOmit
};

bool nsec_valid(int64_t nsec) { return nsec == kUtimeNow || nsec == kUtimeOmit || (nsec >= 0 && nsec < kNanosPerSecond); }

void describe(const GivenTime& t, fs::TimeChange& how, Timestamp& value) {
  if (t.nsec == kUtimeOmit) {
    how = fs::TimeChange::Keep;
  } else if (t.nsec == kUtimeNow) {
    how = fs::TimeChange::Now;
  } else {
    how = fs::TimeChange::Given;
    value = {t.sec, static_cast<uint32_t>(t.nsec)};
  }
}

// Linux's do_utimes and vfs_utimes: `times` is null for "now", else the two times (atime, mtime).
// The order of the checks is Linux's: the flags, the path or descriptor, then the nanoseconds
// (vfs_utimes), then EROFS.
Result<void> set_times(int32_t dirfd, uint32_t path, const GivenTime* times, uint32_t flags) {
  if (flags & ~(abi::kAtSymlinkNofollow | abi::kAtEmptyPath)) return Error::InvalidArgument;
  fs::Node* found = nullptr;
  if (path == 0 && dirfd != kAtFdCwd) {
    if (flags) return Error::InvalidArgument;  // do_utimes_fd
    found = TRY(attribute_node_of(dirfd));
  } else {
    found = TRY(attribute_node_at(dirfd, path, (flags & abi::kAtSymlinkNofollow) == 0, (flags & abi::kAtEmptyPath) != 0));
  }
  fs::NodeRef node(found);
  if (times && (!nsec_valid(times[0].nsec) || !nsec_valid(times[1].nsec))) return Error::InvalidArgument;
  fs::AttributeChange change;
  change.atime = change.mtime = fs::TimeChange::Now;
  if (times) {
    describe(times[0], change.atime, change.atime_value);
    describe(times[1], change.mtime, change.mtime_value);
  }
  return change_node(*node, change);
}

// utimensat's common part once the two times are read.
int32_t utimensat_common(const Args& a, const GivenTime* times) {
  if (times && times[0].nsec == kUtimeOmit && times[1].nsec == kUtimeOmit) return 0;
  return to_return(set_times(static_cast<int32_t>(a.a[0]), a.a[1], times, a.a[3]));
}

// utimes and futimesat: two struct timeval (32-bit), or NULL.
int32_t futimesat_common(int32_t dirfd, uint32_t path, uint32_t address) {
  if (address == 0) return to_return(set_times(dirfd, path, nullptr, 0));
  GivenTime times[2];
  for (int i = 0; i < 2; ++i) {
    auto tv = read_user<abi::Timeval>(address + i * sizeof(abi::Timeval));
    if (!tv) return error_return(tv.error());
    if (tv.value().tv_usec < 0 || tv.value().tv_usec >= 1000000) return error_return(Error::InvalidArgument);
    times[i] = {tv.value().tv_sec, static_cast<int64_t>(tv.value().tv_usec) * 1000};
  }
  return to_return(set_times(dirfd, path, times, 0));
}

}  // namespace

int32_t sys_utimensat(const Args& a) {
  if (a.a[2] == 0) return utimensat_common(a, nullptr);
  GivenTime times[2];
  for (int i = 0; i < 2; ++i) {
    auto t = read_user<abi::Timespec>(a.a[2] + i * sizeof(abi::Timespec));
    if (!t) return error_return(t.error());
    times[i] = {t.value().tv_sec, t.value().tv_nsec};
  }
  return utimensat_common(a, times);
}

int32_t sys_utimensat_time64(const Args& a) {
  if (a.a[2] == 0) return utimensat_common(a, nullptr);
  GivenTime times[2];
  for (int i = 0; i < 2; ++i) {
    auto t = read_user<abi::Timespec64>(a.a[2] + i * sizeof(abi::Timespec64));
    if (!t) return error_return(t.error());
    // A 32-bit program's tv_nsec is its low 32 bits (Linux get_timespec64 in compat mode).
    times[i] = {t.value().tv_sec, static_cast<int32_t>(t.value().tv_nsec)};
  }
  return utimensat_common(a, times);
}

int32_t sys_utimes(const Args& a) { return futimesat_common(kAtFdCwd, a.a[0], a.a[1]); }

int32_t sys_futimesat(const Args& a) { return futimesat_common(static_cast<int32_t>(a.a[0]), a.a[1], a.a[2]); }

// utime(path, struct utimbuf { actime, modtime } (32-bit)): whole seconds, or NULL for now.
int32_t sys_utime(const Args& a) {
  if (a.a[1] == 0) return to_return(set_times(kAtFdCwd, a.a[0], nullptr, 0));
  auto buf = read_user<abi::Utimbuf>(a.a[1]);
  if (!buf) return error_return(buf.error());
  GivenTime times[2] = {{buf.value().actime, 0}, {buf.value().modtime, 0}};
  return to_return(set_times(kAtFdCwd, a.a[0], times, 0));
}

}  // namespace cw::syscall

// File status of open descriptors: fstat64 (197), and fstatat64 (300) and statx (383) in their
// AT_EMPTY_PATH form, the one glibc uses on a descriptor (lib/abi/stat.h has the layouts). Clockwork has
// no file system beyond the program directory yet: a path is ENOSYS, not a made-up answer.
#include "kernel/fs/fd_table.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "lib/abi/stat.h"

namespace cw::syscall {

namespace {

inline constexpr uint32_t kStatxReservedMask = 0x80000000;  // STATX__RESERVED
inline constexpr uint32_t kStatxValidFlags =
    abi::kAtEmptyPath | abi::kAtSymlinkNofollow | abi::kAtNoAutomount | abi::kAtStatxSyncMask;

abi::Stat64 to_stat64(const fs::FileStatus& s) {
  abi::Stat64 out{};
  out.st_ino_low = static_cast<uint32_t>(s.inode);
  out.st_ino = s.inode;
  out.st_mode = s.mode;
  out.st_nlink = 1;
  out.st_rdev = (static_cast<uint64_t>(s.rdev_major) << 8) | s.rdev_minor;  // old_encode_dev
  out.st_blksize = s.block_size;
  return out;
}

abi::Statx to_statx(const fs::FileStatus& s) {
  abi::Statx out{};
  out.stx_mask = abi::kStatxBasicStats;
  out.stx_blksize = s.block_size;
  out.stx_nlink = 1;
  out.stx_mode = static_cast<uint16_t>(s.mode);
  out.stx_ino = s.inode;
  out.stx_rdev_major = s.rdev_major;
  out.stx_rdev_minor = s.rdev_minor;
  return out;
}

// The descriptor an AT_EMPTY_PATH call names: an empty path and the flag. A real path needs a file
// system: NotImplemented. Errors also: BadAddress, BadDescriptor.
Result<fs::File*> empty_path_file(int32_t fd, uint32_t path_address, uint32_t flags) {
  char first = 1;
  TRY(current_space().copy_in(&first, VirtAddr(path_address), 1));
  if (first != 0 || !(flags & abi::kAtEmptyPath)) return Error::NotImplemented;
  fs::File* file = proc::current()->files.get(fd);
  if (!file) return Error::BadDescriptor;
  return file;
}

}  // namespace

int32_t sys_fstat64(const Args& a) {
  fs::File* file = proc::current()->files.get(static_cast<int32_t>(a.a[0]));
  if (!file) return error_return(Error::BadDescriptor);
  return to_return(write_user(a.a[1], to_stat64(file->status())));
}

int32_t sys_fstatat64(const Args& a) {
  if (a.a[3] & ~(abi::kAtEmptyPath | abi::kAtSymlinkNofollow | abi::kAtNoAutomount))
    return error_return(Error::InvalidArgument);
  auto file = empty_path_file(static_cast<int32_t>(a.a[0]), a.a[1], a.a[3]);
  if (!file) return error_return(file.error());
  return to_return(write_user(a.a[2], to_stat64(file.value()->status())));
}

int32_t sys_statx(const Args& a) {
  uint32_t flags = a.a[2], mask = a.a[3];
  if ((flags & ~kStatxValidFlags) || (flags & abi::kAtStatxSyncMask) == abi::kAtStatxSyncMask ||
      (mask & kStatxReservedMask))
    return error_return(Error::InvalidArgument);
  auto file = empty_path_file(static_cast<int32_t>(a.a[0]), a.a[1], flags);
  if (!file) return error_return(file.error());
  return to_return(write_user(a.a[4], to_statx(file.value()->status())));
}

}  // namespace cw::syscall

// File status: fstat64 (197), stat64 (195), lstat64 (196), fstatat64 (300) and statx (383) (Linux
// fs/stat.c; lib/abi/stat.h has the layouts). A path is walked from the working directory or dirfd
// (kernel/syscall/path_args.h); AT_EMPTY_PATH with an empty path is the descriptor itself, which may be
// a pipe or the console with no node in the name space, so it is answered from the open description.
// Owner, group and the three times are the node's (kernel/fs/vfs/node.h status(); /tmp keeps them, the
// fixed file systems report root and the boot time). stat64's times are 32 bits of seconds, as Linux's
// cp_new_stat64 stores them; statx has 64.
#include "kernel/fs/fd_table.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/path_args.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "lib/abi/stat.h"

namespace cw::syscall {

namespace {

inline constexpr uint32_t kStatxReservedMask = 0x80000000;  // STATX__RESERVED
inline constexpr uint32_t kStatxValidFlags =
    abi::kAtEmptyPath | abi::kAtSymlinkNofollow | abi::kAtNoAutomount | abi::kAtStatxSyncMask;

// st_blocks counts 512-byte units of storage, as Linux (an in-memory file counts its whole pages).
uint64_t blocks_of(const fs::FileStatus& s) { return (s.size + 4095) / 4096 * 8; }

abi::Stat64 to_stat64(const fs::FileStatus& s) {
  abi::Stat64 out{};
  out.st_dev = s.device;
  out.st_ino_low = static_cast<uint32_t>(s.inode);
  out.st_ino = s.inode;
  out.st_mode = s.mode;
  out.st_nlink = s.links;
  out.st_uid = s.uid;
  out.st_gid = s.gid;
  out.st_atime = static_cast<uint32_t>(s.atime.sec);
  out.st_atime_nsec = s.atime.nsec;
  out.st_mtime = static_cast<uint32_t>(s.mtime.sec);
  out.st_mtime_nsec = s.mtime.nsec;
  out.st_ctime = static_cast<uint32_t>(s.ctime.sec);
  out.st_ctime_nsec = s.ctime.nsec;
  out.st_rdev = (static_cast<uint64_t>(s.rdev_major) << 8) | s.rdev_minor;  // old_encode_dev
  out.st_size = static_cast<int64_t>(s.size);
  out.st_blksize = s.block_size;
  out.st_blocks = blocks_of(s);
  return out;
}

abi::StatxTimestamp to_statx_time(const Timestamp& t) { return {t.sec, t.nsec, 0}; }

abi::Statx to_statx(const fs::FileStatus& s) {
  abi::Statx out{};
  out.stx_mask = abi::kStatxBasicStats;
  out.stx_blksize = s.block_size;
  out.stx_nlink = s.links;
  out.stx_uid = s.uid;
  out.stx_gid = s.gid;
  out.stx_atime = to_statx_time(s.atime);
  out.stx_mtime = to_statx_time(s.mtime);
  out.stx_ctime = to_statx_time(s.ctime);
  out.stx_mode = static_cast<uint16_t>(s.mode);
  out.stx_ino = s.inode;
  out.stx_size = s.size;
  out.stx_blocks = blocks_of(s);
  out.stx_rdev_major = s.rdev_major;
  out.stx_rdev_minor = s.rdev_minor;
  out.stx_dev_major = 0;  // st_dev is a small number: minor only, as Linux's anonymous devices (0:N)
  out.stx_dev_minor = s.device;
  return out;
}

// The status `path` names from `dirfd` under the *at flags. Errors: those of the walk, BadDescriptor,
// BadAddress, NameTooLong.
Result<fs::FileStatus> status_at(int32_t dirfd, uint32_t path_address, uint32_t flags) {
  auto path = TRY(UserPath::copy_in(path_address));
  if (path.empty() && (flags & abi::kAtEmptyPath) && dirfd != kAtFdCwd) {
    fs::File* file = proc::current()->files.get(dirfd);
    if (!file) return Error::BadDescriptor;
    return file->status();
  }
  fs::Follow follow = (flags & abi::kAtSymlinkNofollow) ? fs::Follow::No : fs::Follow::Yes;
  fs::NodeRef node(TRY(lookup_path(dirfd, path.view(), follow, (flags & abi::kAtEmptyPath) != 0)));
  return node->status();
}

int32_t stat64_at(int32_t dirfd, uint32_t path_address, uint32_t buffer, uint32_t flags) {
  auto status = status_at(dirfd, path_address, flags);
  if (!status) return error_return(status.error());
  return to_return(write_user(buffer, to_stat64(status.value())));
}

}  // namespace

int32_t sys_fstat64(const Args& a) {
  fs::File* file = proc::current()->files.get(static_cast<int32_t>(a.a[0]));
  if (!file) return error_return(Error::BadDescriptor);
  return to_return(write_user(a.a[1], to_stat64(file->status())));
}

int32_t sys_stat64(const Args& a) { return stat64_at(kAtFdCwd, a.a[0], a.a[1], 0); }

int32_t sys_lstat64(const Args& a) { return stat64_at(kAtFdCwd, a.a[0], a.a[1], abi::kAtSymlinkNofollow); }

int32_t sys_fstatat64(const Args& a) {
  if (a.a[3] & ~(abi::kAtEmptyPath | abi::kAtSymlinkNofollow | abi::kAtNoAutomount))
    return error_return(Error::InvalidArgument);
  return stat64_at(static_cast<int32_t>(a.a[0]), a.a[1], a.a[2], a.a[3]);
}

int32_t sys_statx(const Args& a) {
  uint32_t flags = a.a[2], mask = a.a[3];
  if ((flags & ~kStatxValidFlags) || (flags & abi::kAtStatxSyncMask) == abi::kAtStatxSyncMask ||
      (mask & kStatxReservedMask))
    return error_return(Error::InvalidArgument);
  auto status = status_at(static_cast<int32_t>(a.a[0]), a.a[1], flags);
  if (!status) return error_return(status.error());
  return to_return(write_user(a.a[4], to_statx(status.value())));
}

}  // namespace cw::syscall

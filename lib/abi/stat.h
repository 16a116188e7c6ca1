// File status as Linux i386 returns it: struct stat64 (fstat64, fstatat64; arch/x86/include/uapi/asm/
// stat.h, 32-bit) and struct statx (include/uapi/linux/stat.h), with the mode bits Clockwork's files use.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cw::abi {

// i386 aligns 64-bit members to 4 bytes: packed gives exactly that layout on every compiler here.
struct [[gnu::packed]] Stat64 {
  uint64_t st_dev;
  uint8_t pad0[4];
  uint32_t st_ino_low;  // __st_ino
  uint32_t st_mode;
  uint32_t st_nlink;
  uint32_t st_uid;
  uint32_t st_gid;
  uint64_t st_rdev;
  uint8_t pad3[4];
  int64_t st_size;
  uint32_t st_blksize;
  uint64_t st_blocks;
  uint32_t st_atime, st_atime_nsec;
  uint32_t st_mtime, st_mtime_nsec;
  uint32_t st_ctime, st_ctime_nsec;
  uint64_t st_ino;
};
static_assert(sizeof(Stat64) == 96);
static_assert(offsetof(Stat64, st_mode) == 16 && offsetof(Stat64, st_rdev) == 32 && offsetof(Stat64, st_size) == 44);
static_assert(offsetof(Stat64, st_blocks) == 56 && offsetof(Stat64, st_ino) == 88);

struct StatxTimestamp {
  int64_t tv_sec;
  uint32_t tv_nsec;
  int32_t reserved;
};

struct Statx {
  uint32_t stx_mask;
  uint32_t stx_blksize;
  uint64_t stx_attributes;
  uint32_t stx_nlink;
  uint32_t stx_uid;
  uint32_t stx_gid;
  uint16_t stx_mode;
  uint16_t spare0;
  uint64_t stx_ino;
  uint64_t stx_size;
  uint64_t stx_blocks;
  uint64_t stx_attributes_mask;
  StatxTimestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
  uint32_t stx_rdev_major, stx_rdev_minor;
  uint32_t stx_dev_major, stx_dev_minor;
  uint64_t stx_mnt_id;
  uint32_t stx_dio_mem_align, stx_dio_offset_align;
  uint64_t spare3[12];
};
static_assert(sizeof(Statx) == 256);
static_assert(offsetof(Statx, stx_mode) == 28 && offsetof(Statx, stx_ino) == 32 && offsetof(Statx, stx_atime) == 64);
static_assert(offsetof(Statx, stx_rdev_major) == 128 && offsetof(Statx, stx_mnt_id) == 144);

inline constexpr uint32_t kStatxBasicStats = 0x7FF;  // type, mode, nlink, uid, gid, times, ino, size, blocks
inline constexpr uint32_t kAtEmptyPath = 0x1000;
inline constexpr uint32_t kAtSymlinkNofollow = 0x100;
inline constexpr uint32_t kAtNoAutomount = 0x800;
inline constexpr uint32_t kAtStatxSyncMask = 0x6000;

inline constexpr uint32_t kModeFifo = 0010000;  // S_IFIFO
inline constexpr uint32_t kModeChar = 0020000;  // S_IFCHR
inline constexpr uint32_t kModeRegular = 0100000;  // S_IFREG

}  // namespace cw::abi

// statfs(2) layouts and constants, Linux i386 (include/uapi/asm-generic/statfs.h with ARCH_PACK_STATFS64:
// i386 packs struct statfs64 to 4-byte alignment, 84 bytes; include/uapi/linux/magic.h; statvfs's ST_*
// flags, include/linux/statfs.h).
#pragma once

#include <cstdint>

namespace cw::abi {

struct Statfs {  // statfs (99), fstatfs (100): 32-bit counts
  uint32_t f_type;
  uint32_t f_bsize;
  uint32_t f_blocks;
  uint32_t f_bfree;
  uint32_t f_bavail;
  uint32_t f_files;
  uint32_t f_ffree;
  int32_t f_fsid[2];
  uint32_t f_namelen;
  uint32_t f_frsize;
  uint32_t f_flags;
  uint32_t f_spare[4];
};
static_assert(sizeof(Statfs) == 64);

struct [[gnu::packed, gnu::aligned(4)]] Statfs64 {  // statfs64 (268), fstatfs64 (269)
  uint32_t f_type;
  uint32_t f_bsize;
  uint64_t f_blocks;
  uint64_t f_bfree;
  uint64_t f_bavail;
  uint64_t f_files;
  uint64_t f_ffree;
  int32_t f_fsid[2];
  uint32_t f_namelen;
  uint32_t f_frsize;
  uint32_t f_flags;
  uint32_t f_spare[4];
};
static_assert(sizeof(Statfs64) == 84);

inline constexpr uint32_t kRamfsMagic = 0x858458f6;
inline constexpr uint32_t kTmpfsMagic = 0x01021994;
inline constexpr uint32_t kProcSuperMagic = 0x9fa0;
inline constexpr uint32_t kClockworkFsMagic = 0x434b5746;  // "CKWF": the image's program directory

inline constexpr uint32_t kStRdonly = 0x0001;
inline constexpr uint32_t kStNosuid = 0x0002;
inline constexpr uint32_t kStNodev = 0x0004;
inline constexpr uint32_t kStNoexec = 0x0008;
inline constexpr uint32_t kStValid = 0x0020;  // f_flags is filled in (Linux sets it always)

}  // namespace cw::abi

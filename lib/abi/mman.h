// The Linux i386 constants and structure of the mmap family (Linux include/uapi/asm-generic/mman-common.h,
// mman.h, arch/x86/include/uapi/asm/mman.h, include/uapi/linux/mman.h; old_mmap's struct is
// mmap_arg_struct in arch/x86/kernel/sys_ia32.c / mm/mmap.c). docs/abi.md has the semantics.
#pragma once

#include <cstdint>

namespace cw::abi {

// prot
inline constexpr uint32_t kProtNone = 0x0;
inline constexpr uint32_t kProtRead = 0x1;
inline constexpr uint32_t kProtWrite = 0x2;
inline constexpr uint32_t kProtExec = 0x4;
inline constexpr uint32_t kProtSem = 0x8;  // accepted by mprotect, no effect (as on x86)
inline constexpr uint32_t kProtGrowsDown = 0x01000000;
inline constexpr uint32_t kProtGrowsUp = 0x02000000;

// flags
inline constexpr uint32_t kMapShared = 0x01;
inline constexpr uint32_t kMapPrivate = 0x02;
inline constexpr uint32_t kMapSharedValidate = 0x03;
inline constexpr uint32_t kMapType = 0x0f;
inline constexpr uint32_t kMapFixed = 0x10;
inline constexpr uint32_t kMapAnonymous = 0x20;
inline constexpr uint32_t kMapGrowsDown = 0x0100;
inline constexpr uint32_t kMapDenyWrite = 0x0800;
inline constexpr uint32_t kMapExecutable = 0x1000;
inline constexpr uint32_t kMapLocked = 0x2000;
inline constexpr uint32_t kMapNoReserve = 0x4000;
inline constexpr uint32_t kMapPopulate = 0x8000;
inline constexpr uint32_t kMapNonBlock = 0x10000;
inline constexpr uint32_t kMapStack = 0x20000;
inline constexpr uint32_t kMapHugeTlb = 0x40000;
inline constexpr uint32_t kMapSync = 0x80000;
inline constexpr uint32_t kMapFixedNoReplace = 0x100000;

// mremap flags
inline constexpr uint32_t kMremapMayMove = 1;
inline constexpr uint32_t kMremapFixed = 2;
inline constexpr uint32_t kMremapDontUnmap = 4;

// madvise advice
inline constexpr uint32_t kMadvNormal = 0;
inline constexpr uint32_t kMadvRandom = 1;
inline constexpr uint32_t kMadvSequential = 2;
inline constexpr uint32_t kMadvWillNeed = 3;
inline constexpr uint32_t kMadvDontNeed = 4;
inline constexpr uint32_t kMadvFree = 8;

// old_mmap(struct mmap_arg_struct*): the six arguments in memory; offset in bytes.
struct OldMmapArgs {
  uint32_t addr;
  uint32_t len;
  uint32_t prot;
  uint32_t flags;
  uint32_t fd;
  uint32_t offset;
};
static_assert(sizeof(OldMmapArgs) == 24);

}  // namespace cw::abi

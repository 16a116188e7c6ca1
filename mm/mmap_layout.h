// Where mmap puts a mapping, and mmap's argument checks (core: no hardware, host-tested).
//
// Layout (Linux's top-down layout for i386, arch/x86/mm/mmap.c; docs/vm.md has the picture):
//
//   0xC0000000  kUserTop: the stack's top (8 MiB maximum, then its 1 MiB guard gap)
//   0xB8000000  kMmapBase = kUserTop - 128 MiB (Linux's MIN_GAP: the stack rlimit plus guard, at least
//               128 MiB): new mappings go at the highest free range below it, so the mmap area grows down
//   ...         free: brk grows up into it, mappings grow down into it
//   heap        brk, right above the image
//   0x08048000  the image
//
// With no room below kMmapBase, a mapping goes at the lowest free range above kMmapLegacyBase (Linux's
// TASK_UNMAPPED_BASE, TASK_SIZE / 3), as Linux falls back to its bottom-up search. Nothing is placed in
// another region or its reservation (mm/region_map.h: the stack's guard gap and growth room).
#pragma once

#include <cstdint>

#include "lib/result.h"
#include "lib/types.h"
#include "mm/region_map.h"

namespace cw::mm {

inline constexpr uint32_t kMmapGap = 128u << 20;
inline constexpr uint32_t kMmapBase = kUserTop - kMmapGap;
inline constexpr uint32_t kMmapLegacyBase = kUserTop / 3;
static_assert(kMmapBase == 0xB8000000 && kMmapLegacyBase == 0x40000000);

// A free range of `length` (page-aligned, > 0) bytes: at `hint` (page-aligned, 0 for none) if that is
// free, else top-down below kMmapBase, else bottom-up above kMmapLegacyBase. Errors: NoMemory.
Result<VirtAddr> find_unmapped_area(const RegionMap& map, uint32_t length, VirtAddr hint);

// The arguments of mmap2 (pgoff in pages; old_mmap's byte offset is converted by the caller).
struct MmapArgs {
  uint32_t addr = 0;
  uint32_t length = 0;
  uint32_t prot = 0;
  uint32_t flags = 0;
  int32_t fd = -1;
  uint32_t pgoff = 0;
  // The kernel found a file it can map behind `fd` (a mapping of its memory object); false: only
  // MAP_ANONYMOUS is accepted.
  bool file = false;
};

// What mmap will do, once every argument check passed.
struct MmapPlan {
  VirtAddr start;
  uint32_t length = 0;  // page-aligned
  Protection protection = Protection::None;
  bool shared = false;
  bool replace = false;   // MAP_FIXED: whatever is in [start, start + length) is unmapped first
  bool populate = false;  // MAP_POPULATE: fault every page in now
  bool locked = false;    // MAP_LOCKED: mlock the whole mapping now
  uint32_t pgoff = 0;
};

// mmap's checks, in Linux's order (mm/mmap.c ksys_mmap_pgoff and do_mmap, __get_unmapped_area,
// arch/x86/mm/mmap.c), then placement. Errors:
//   BadDescriptor   not MAP_ANONYMOUS and no mappable file (`file` false); fd is ignored otherwise, as
//                   Linux ignores it for anonymous mappings (the kernel checks the descriptor itself);
//   InvalidArgument length 0; MAP_FIXED (or MAP_FIXED_NOREPLACE) at an unaligned address; the mapping
//                   type is neither MAP_SHARED nor MAP_PRIVATE (MAP_SHARED_VALIDATE included: Linux
//                   refuses it for anonymous memory); MAP_GROWSDOWN (Clockwork does not grow mappings);
//   NoMemory        the length rounds past 4 GiB or exceeds user space; MAP_FIXED past kUserTop; no
//                   free range; the region table is full; MAP_HUGETLB (no huge pages, as Linux says
//                   with none reserved);
//   Overflow        pgoff + pages wraps (EOVERFLOW);
//   Permission      MAP_FIXED below kUserBase (Linux's mmap_min_addr, EPERM);
//   Exists          MAP_FIXED_NOREPLACE over an existing region (EEXIST).
// Unknown prot and flag bits are ignored, as Linux's mmap ignores them.
Result<MmapPlan> plan_mmap(const RegionMap& map, const MmapArgs& args);

// The R/W/X bits of a prot word (PROT_SEM and unknown bits dropped).
Protection protection_of(uint32_t prot);

}  // namespace cw::mm

// The i386 virtual address layout shared by every address space (docs/abi.md has the picture).
//
//   0x00000000 - 0x00000FFF   never mapped: null pointers fault in user and kernel mode alike
//   0x00001000 - 0xBFFFFFFF   user space: program segments, heap (brk) above them, mmap area top-down
//                             from 0xB8000000 (mm/mmap_layout.h), stack below 0xC0000000
//   0xC0000000 - 0xEFFFFFFF   kernel direct map of physical memory 0 - 768 MiB (kernel image at +1 MiB),
//                             supervisor-only, identical in every page directory
//   0xF0000000 - 0xFFFFFFFF   kernel window for temporary and device (MMIO) mappings
#pragma once

#include "lib/types.h"

namespace cw {

inline constexpr uint32_t kUserBase = 0x00001000;
inline constexpr uint32_t kUserTop = 0xC0000000;  // exclusive
inline constexpr uint32_t kKernelVirtualBase = 0xC0000000;
inline constexpr uint32_t kDirectMapBytes = 0x30000000;  // 768 MiB
inline constexpr uint32_t kKernelWindowBase = kKernelVirtualBase + kDirectMapBytes;

constexpr bool is_direct_mapped(PhysAddr p) { return p.get() < kDirectMapBytes; }

// The kernel's view of physical memory. Precondition: is_direct_mapped(p).
constexpr VirtAddr phys_to_virt(PhysAddr p) { return VirtAddr(p.get() + kKernelVirtualBase); }

// Precondition: v lies in the direct map.
constexpr PhysAddr virt_to_phys(VirtAddr v) { return PhysAddr(v.get() - kKernelVirtualBase); }

constexpr bool is_user_address(VirtAddr v) { return v.get() >= kUserBase && v.get() < kUserTop; }

static_assert(phys_to_virt(PhysAddr(0xB8000)).get() == 0xC00B8000);

// True if the kernel buffer [p, p + bytes) lies inside the direct map, so it is physically contiguous
// and virt_to_phys() gives the address a bus master reaches it at.
inline bool in_direct_map(const void* p, uint32_t bytes) {
  uintptr_t v = reinterpret_cast<uintptr_t>(p);
  return v >= kKernelVirtualBase && v < kKernelWindowBase && bytes <= kKernelWindowBase - v;
}

// A frame's bytes, through the kernel's direct map of physical memory.
inline uint8_t* frame_bytes(PhysAddr frame) { return reinterpret_cast<uint8_t*>(phys_to_virt(frame).get()); }
static_assert(kKernelWindowBase == 0xF0000000);

}  // namespace cw

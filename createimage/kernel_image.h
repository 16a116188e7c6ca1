// Flattening the kernel ELF into the raw memory image the bootblock copies to kKernelLoadAddress.
//
// The kernel is linked higher-half: its segments run at virtual 0xC0000000 + x but are loaded at physical
// x (p_paddr). The bootblock has no ELF loader and paging is off when it jumps, so createimage lays the
// file-backed bytes of every PT_LOAD out by p_paddr, starting at kKernelLoadAddress, with zeros in every
// gap (including .bss that is followed by more data), and translates e_entry to a physical address.
// The trailing .bss (after the last file byte) is not stored; kernel_memsz tells the kernel to clear it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lib/elf_plan.h"

namespace cw::image {

inline constexpr uint32_t kKernelVirtualBase = 0xC0000000;
// The kernel's segments must lie in the kernel half. The last byte (0xFFFFFFFF) stays out so every
// segment end fits in 32 bits.
inline constexpr ElfLimits kKernelElfLimits{kKernelVirtualBase, 0xFFFFFFFF};

struct KernelImage {
  std::string path;
  std::vector<uint8_t> flat;  // memory image from kKernelLoadAddress; 0 < size <= kKernelMaxBytes
  uint32_t entry_physical;    // where the bootblock jumps
  uint32_t memsz;             // bytes from kKernelLoadAddress to the end of the last segment (incl. .bss)
  ElfPlan plan;
};

// Validates the kernel ELF (plan_elf with kKernelElfLimits, then the physical layout: every p_paddr at or
// above kKernelLoadAddress, no wrap, no two segments sharing a physical byte) and flattens it.
// Throws ImageError naming `path`.
KernelImage flatten_kernel(const std::string& path, const std::vector<uint8_t>& elf);

}  // namespace cw::image

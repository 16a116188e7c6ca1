// Uncached kernel mappings of device memory (PCI memory BARs: USB, AHCI registers) in the kernel window
// above the direct map (mm/kernel_layout.h).
//
// The window is one page table covering 4 MiB at kKernelWindowBase, installed in the kernel page
// directory by init_kernel_paging, so every address space (whose kernel half is a copy of that
// directory) sees the same mappings without any directory changing later. map_device_memory() hands out
// page-aligned ranges from it and never takes them back: devices are found once, at boot.
#pragma once

#include <cstdint>

#include "lib/result.h"
#include "lib/types.h"

namespace cw {

inline constexpr uint32_t kDeviceWindowBytes = 4u << 20;

// The page-table frame for the window: init_kernel_paging puts it in the kernel directory.
PhysAddr device_window_table();

// Maps [base, base + size) uncached (PCD | PWT: UC without PAT, Intel SDM Vol 3A 11.12.3) and writable,
// supervisor-only, and returns the virtual address of `base` (which need not be page-aligned).
// Error::NoSpace when the window is full; Error::InvalidArgument for size 0 or a range that wraps.
Result<VirtAddr> map_device_memory(PhysAddr base, uint32_t size);

}  // namespace cw

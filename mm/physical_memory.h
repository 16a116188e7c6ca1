// Physical memory bring-up and the kernel's frame allocator.
//
// init_physical_memory turns the E820 map into usable ranges, reserves what is already in use (the first
// MiB: BIOS data, the boot handoff, video memory; the kernel image), switches to the kernel page
// directory, carves out the kernel heap and hands every remaining direct-mapped page to the frame
// allocator. Kernel frames back page directories, page tables and (later) the pageable pool.
#pragma once

#include <cstdint>

#include "kernel/boot_params.h"
#include "lib/result.h"
#include "lib/types.h"

namespace cw {

void init_physical_memory(const BootParams& params);

// One zero-filled 4 KiB frame. NoMemory when none is left: callers report it, never assume success.
Result<PhysAddr> allocate_kernel_frame();
// Precondition: `frame` came from allocate_kernel_frame and is not in use.
void free_kernel_frame(PhysAddr frame);
// Kernel frames left.
uint32_t free_kernel_frames();

}  // namespace cw

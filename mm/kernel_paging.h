// The kernel's half of every address space: the direct map of physical memory at 0xC0000000
// (mm/kernel_layout.h), built once at boot with 4 MiB global pages (Intel SDM Vol 3A 4.3 and 4.10.2.4).
#pragma once

#include "lib/types.h"

namespace cw {

// Builds the kernel page directory for physical memory [0, ram_top), capped at the direct-map size, and
// switches to it. Drops the boot identity map, so from here on page 0 and all of user space are
// unmapped in kernel context.
void init_kernel_paging(PhysAddr ram_top);

// Physical address of the kernel page directory (for kernel threads and as the template of the kernel
// half of each process's directory).
PhysAddr kernel_page_directory();

// The whole kernel page directory (1024 entries); a new process directory copies its kernel half
// (indices 768-1023). Those entries never change after init_kernel_paging, which is what makes copying
// them safe.
const uint32_t* kernel_directory_entries();

}  // namespace cw

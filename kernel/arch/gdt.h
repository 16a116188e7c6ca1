// The global descriptor table and the task-state segment (Intel SDM Vol 3A 3.4.5 and 7.2).
//
// Clockwork uses flat segmentation: every code and data segment spans 4 GiB from base 0, and protection
// comes from paging. The segments exist for their privilege levels (ring 0 for the kernel, ring 3 for user
// code) and the TSS exists for its esp0: the stack the CPU switches to when an interrupt arrives in ring 3.
#pragma once

#include <cstdint>

namespace cw::gdt {

inline constexpr uint16_t kKernelCode = 0x08;
inline constexpr uint16_t kKernelData = 0x10;
inline constexpr uint16_t kUserCode = 0x18 | 3;  // RPL 3
inline constexpr uint16_t kUserData = 0x20 | 3;
inline constexpr uint16_t kTss = 0x28;

// Installs the GDT, reloads every segment register, loads the task register and a null LDT.
void init();

// Sets TSS.esp0: the kernel stack used on the next ring 3 -> ring 0 transition.
void set_kernel_stack(uint32_t esp0);

}  // namespace cw::gdt

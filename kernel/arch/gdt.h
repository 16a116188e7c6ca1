// The global descriptor table and the task-state segment (Intel SDM Vol 3A 3.4.5 and 7.2).
//
// Clockwork uses flat segmentation: every code and data segment spans 4 GiB from base 0, and protection
// comes from paging. The segments exist for their privilege levels (ring 0 for the kernel, ring 3 for user
// code) and the TSS exists for its esp0: the stack the CPU switches to when an interrupt arrives in ring 3.
#pragma once

#include <cstdint>

#include "lib/tls_descriptor.h"

namespace cw::gdt {

inline constexpr uint16_t kKernelCode = 0x08;
inline constexpr uint16_t kKernelData = 0x10;
inline constexpr uint16_t kUserCode = 0x18 | 3;  // RPL 3
inline constexpr uint16_t kUserData = 0x20 | 3;
inline constexpr uint16_t kTss = 0x28;
// Entries 6-8 (selectors 0x33, 0x3b, 0x43) are the running thread's TLS descriptors, as on Linux i386
// (lib/tls_descriptor.h, docs/fpu_tls.md).

// Installs the GDT, reloads every segment register, loads the task register and a null LDT.
void init();

// Sets TSS.esp0: the kernel stack used on the next ring 3 -> ring 0 transition.
void set_kernel_stack(uint32_t esp0);

// Copies a thread's TLS descriptors into GDT entries 6-8. Called on every switch and after
// set_thread_area; a segment register picks the new descriptor up the next time it is loaded (every
// return to user mode reloads ds, es, fs and gs from the trap frame).
void load_tls(const tls::Slots& slots);

}  // namespace cw::gdt

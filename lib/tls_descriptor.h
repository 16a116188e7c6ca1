// Thread-local-storage segment descriptors: Linux's set_thread_area/get_thread_area rules on plain data,
// so that the kernel (kernel/syscall/sys_tls.cpp) and the host tests share them.
//
// Specification: Linux arch/x86/kernel/tls.c (tls_desc_okay, do_set_thread_area, get_free_idx,
// do_get_thread_area) and arch/x86/include/asm/desc.h (fill_ldt, LDT_empty, LDT_zero), which turn a
// struct user_desc into an 8-byte GDT descriptor (Intel SDM Vol 3A 3.4.5, figure 3-8) and back.
#pragma once

#include <cstdint>

#include "lib/abi/linux_structs.h"
#include "lib/result.h"

namespace cw::tls {

// Linux i386 GDT_ENTRY_TLS_MIN..MAX (arch/x86/include/asm/segment.h): selectors 0x33, 0x3b, 0x43.
inline constexpr uint32_t kFirstEntry = 6;
inline constexpr uint32_t kEntries = 3;
inline constexpr uint32_t kLastEntry = kFirstEntry + kEntries - 1;

// A thread's TLS slots as raw GDT descriptors; 0 is an empty slot (Linux desc_empty).
struct Slots {
  uint64_t descriptor[kEntries] = {};
};

// "No segment": the LDT_empty form (read_exec_only and seg_not_present set, all else 0) or all zeros
// (LDT_zero, the historical form programs use). Either clears the slot.
bool clears_slot(const abi::UserDesc& desc);

// tls_desc_okay: a clearing descriptor, or a present 32-bit data segment (contents 0 or 1).
bool acceptable(const abi::UserDesc& desc);

// fill_ldt: the DPL 3 descriptor for `desc` (accessed bit set so the CPU never writes the GDT), or 0 for
// a clearing descriptor. Precondition: acceptable(desc).
uint64_t encode(const abi::UserDesc& desc);

// fill_user_desc: what get_thread_area reports for slot `entry` holding `descriptor` (an empty slot reads
// back in the LDT_empty form).
abi::UserDesc decode(uint32_t entry, uint64_t descriptor);

// do_set_thread_area after the copy-in: validates `desc`, picks a free slot when entry_number is -1
// (ESRCH when none is free) and stores the descriptor. Returns the entry number used, which the caller
// writes back to user memory when `desc.entry_number` was -1. Errors: InvalidArgument (a refused
// descriptor, or an entry outside kFirstEntry..kLastEntry), NoProcess (no free slot).
Result<uint32_t> set(Slots& slots, const abi::UserDesc& desc);

// The first empty slot's entry number, or NoProcess (ESRCH) when all are in use.
Result<uint32_t> free_entry(const Slots& slots);

// The GDT selector for TLS entry `entry`, RPL 3.
constexpr uint16_t selector(uint32_t entry) { return static_cast<uint16_t>(entry << 3 | 3); }

}  // namespace cw::tls

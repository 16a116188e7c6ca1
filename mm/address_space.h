// A process's address space: its page directory (mm/page_table.h), its regions (mm/region_map.h) and the
// program image that backs its code and data. User pages are loaded on first touch by handle_fault:
// image pages from the program's ELF file, heap and stack pages zero-filled; frames come from the pager.
//
// System calls never dereference user pointers directly: copy_in/copy_out/copy_string_in check every
// range (mm/user_range.h), fault the pages in exactly as the process would, and copy through the kernel's
// direct map with the frame held still (interrupts off for each page's copy, so it cannot be evicted
// underneath). A bad pointer is Error::BadAddress (EFAULT), never a kernel fault.
#pragma once

#include <cstdint>

#include "lib/abi/structs.h"
#include "lib/disk_format.h"
#include "lib/elf_plan.h"
#include "lib/format.h"
#include "lib/result.h"
#include "mm/page_report.h"
#include "mm/page_table.h"
#include "mm/region_map.h"
#include "mm/swap_map.h"
#include "mm/user_range.h"
#include "mm/vm_counters.h"

namespace cw {

enum class FaultError : uint8_t { Unmapped, ProtectionViolation, KernelAddress, OutOfMemory, OutOfSwap, Io };
const char* describe(FaultError error);

class AddressSpace {
public:
  // A new address space for `program` laid out by `plan`: image regions, an empty heap after the image,
  // and a stack below kUserTop. Nothing is mapped yet. Errors: NoMemory, BadExecutable (regions).
  static Result<AddressSpace*> create(const disk::ProgramEntry& program, const ElfPlan& plan);
  // Frees every frame, page table and the directory. Precondition: not the directory in CR3.
  ~AddressSpace();

  PhysAddr page_directory() const { return directory_.physical(); }
  VirtAddr stack_top() const { return VirtAddr(kUserTop); }

  // Resolves a page fault at `address` for `access` (user_esp: the faulting process's stack pointer,
  // for stack growth). On error the caller kills the process.
  Result<void, FaultError> handle_fault(VirtAddr address, mm::Access access, VirtAddr user_esp);

  // Checks, without loading anything, that every page of the range lies in a region allowing `access`:
  // for calls that must refuse a bad buffer before they block (read, mbox_recv). Errors: BadAddress.
  Result<void> verify(VirtAddr start, uint32_t length, mm::Access access) const;

  Result<void> copy_in(void* destination, VirtAddr source, uint32_t length);
  Result<void> copy_out(VirtAddr destination, const void* source, uint32_t length);
  // Copies a NUL-terminated string of at most capacity - 1 characters; returns its length.
  // Errors: BadAddress, NameTooLong (no NUL within capacity - 1 characters).
  Result<uint32_t> copy_string_in(char* destination, VirtAddr source, uint32_t capacity);

  // brk(2): moves the program break; returns the break in effect afterwards (unchanged on failure, as
  // Linux does). new_break 0 or below the heap start only queries.
  VirtAddr set_break(VirtAddr new_break);

  // mlock/munlock: pin (unpin) the pages of [start, start + length), faulting them in first. At most
  // kMaxLockedPages pages per process (Linux's default RLIMIT_MEMLOCK, 64 KiB), and no more system-wide
  // than pager::lockable_frames(). lock() is all or nothing: on failure the pages it had locked are
  // unlocked again. Errors: BadAddress; NoMemory (over the per-process limit, or no frame to page in);
  // TryAgain (the system-wide limit); Io (the page could not be read).
  static constexpr uint32_t kMaxLockedPages = 16;
  Result<void> lock(VirtAddr start, uint32_t length);
  Result<void> unlock(VirtAddr start, uint32_t length);

  // For the pager and the replacement policies. Precondition for detach: interrupts off, `page` present.
  Result<mm::Mapping> mapping_of(VirtAddr page) const { return directory_.lookup(page); }
  void clear_accessed(VirtAddr page);
  // Evicts `page`: its PTE becomes not present, holding `slot` if given (else empty: the page is rebuilt
  // from the image or zero-filled on its next fault). `written`: whether the pager writes it to swap.
  void detach(VirtAddr page, const mm::SwapSlot* slot, bool written);

  // One line per present page: "0x08048000 -> 0x01234000 U-R A-" (the magic-break frame).
  void dump(FormatSink& sink) const;
  // Every page of every region: resident, in swap (with its slot) or not loaded (mm/page_report.h).
  mm::PageCounts report_pages(FormatSink& sink) const { return mm::write_page_report(sink, regions_, directory_); }

  // Who owns this space, for the vmlog lines ("vm: NAME (pid N) ..."). Set by spawn before the first
  // page is touched; until then the pid is 0 and the name empty.
  void set_owner(int32_t pid, const char* name);
  int32_t owner_pid() const { return owner_pid_; }
  const char* owner_name() const { return owner_name_; }
  uint32_t resident_pages() const { return resident_; }
  const VmCounters& counters() const { return counters_; }

private:
  AddressSpace(mm::PageDirectory directory, const disk::ProgramEntry& program, const ElfPlan& plan);
  // Makes `page` present with at least `access`, loading it if needed.
  Result<void, FaultError> load(VirtAddr page, const mm::Region& region, mm::FaultDecision decision);
  // Makes the page holding `address` usable for `access` on the process's behalf (system calls).
  Result<void> prepare_user_page(VirtAddr address, mm::Access access);
  void unmap_range(VirtAddr start, VirtAddr end);
  bool is_locked(Vpn page) const;

  mm::PageDirectory directory_;
  mm::RegionMap regions_;
  ElfPlan plan_;
  disk::ProgramEntry program_;
  VirtAddr heap_start_;
  VirtAddr break_;
  uint32_t resident_ = 0;
  VmCounters counters_;
  int32_t owner_pid_ = 0;
  char owner_name_[abi::kNameMax] = {};
  Vpn locked_[kMaxLockedPages];
  uint32_t locked_count_ = 0;
};

}  // namespace cw

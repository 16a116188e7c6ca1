// A process's address space: its page directory (mm/page_table.h) and its regions (mm/region_map.h),
// each mapping a memory object (mm/memory_object.h) that owns the pages. User pages are loaded on first
// touch by handle_fault: from the object chain if some object has the page (resident: just mapped; in
// swap: read back), else from the program's ELF file (image) or zero-filled; a write to a page of an
// ancestor object copies it (copy-on-write). Frames come from the pager.
//
// Read-only image regions of every process running a program map one shared ProgramImage object (shared
// text); writable image regions map a private copy-on-write child of it; heap and stack are anonymous.
// The program is one of the program directory's (its bytes read from the system partition) or a file
// it runs (mm/executed_file.h: a /tmp file, its bytes read from the file's memory object).
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
#include "mm/page_map.h"
#include "mm/fault_rate.h"
#include "mm/mmap_layout.h"
#include "mm/page_report.h"
#include "mm/page_table.h"
#include "mm/region_map.h"
#include "mm/reverse_map.h"
#include "mm/swap_map.h"
#include "mm/user_range.h"
#include "mm/vm_counters.h"

namespace cw {

namespace mm {
class ExecutedFile;
}

// OutOfMemory: no pageable frame could be had (every one pinned); OutOfKernelMemory: no kernel frame for
// a page table or kernel heap for the object's page records.
enum class FaultError : uint8_t {
  Unmapped,
  ProtectionViolation,
  KernelAddress,
  OutOfMemory,
  OutOfKernelMemory,
  OutOfSwap,
  Io,
  BeyondFile,  // a page wholly past the end of the mapped file (SIGBUS, BUS_ADRERR)
};
const char* describe(FaultError error);

class AddressSpace {
public:
  // A new address space for `program` laid out by `plan`: image regions, an empty heap after the image,
  // and a stack below kUserTop. Nothing is mapped yet. Errors: NoMemory, BadExecutable (regions).
  static Result<AddressSpace*> create(const disk::ProgramEntry& program, const ElfPlan& plan);
  // The same for a program that is a file (its ELF bytes are `file`'s pages); the space is a runner of
  // the file until it goes (fork's copy is one more). Errors: as above, TextBusy (file->add_runner).
  static Result<AddressSpace*> create(mm::ExecutedFile& file, const ElfPlan& plan);
  // Frees every frame, page table and the directory. Precondition: not the directory in CR3.
  ~AddressSpace();

  // fork(): a new address space with the same regions and contents (and the same program: one more
  // runner of a file). Private writable regions become copy-on-write in both (their objects fork,
  // mm/memory_object.h); the parent's present pages there turn read-only. Locks (mlock) are not
  // inherited, as on Linux. Errors: NoMemory.
  Result<AddressSpace*> fork();

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

  // Grows the stack region down to cover `lowest` (for the initial stack of a new image, whose
  // arguments may span many pages). Errors: NoMemory (beyond the stack's limit).
  Result<void> reserve_stack(VirtAddr lowest) { return regions_.grow_stack(lowest); }

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

  // The mapping calls (mm/address_space_mmap.cpp over mm/mmap_layout.h and mm/mapping_ops.h, which
  // state the checks and errors). map() is mmap of anonymous memory, or with `file` (args.file set) of a
  // file's memory object (kernel/fs/vfs/node.h memory_object): MAP_SHARED maps the object itself (never
  // writable, even by mprotect, unless `file_writable`), MAP_PRIVATE a copy-on-write child of it; page
  // args.pgoff of the object is the first page. MAP_POPULATE faults the pages in afterwards (failures
  // ignored, as Linux ignores them).
  Result<VirtAddr> map(const mm::MmapArgs& args, mm::MemoryObject* file = nullptr, bool file_writable = false);
  Result<void> unmap(uint32_t start, uint32_t length);
  Result<void> protect(uint32_t start, uint32_t length, uint32_t prot);
  Result<VirtAddr> remap(uint32_t old_address, uint32_t old_length, uint32_t new_length, uint32_t flags,
                         uint32_t new_address);
  Result<void> advise(uint32_t start, uint32_t length, uint32_t advice);
  // Pages in mmap regions (vm_stat's mmap_pages).
  uint32_t mmap_pages() const;

  // For the pager and the replacement policies (interrupts off).
  Result<mm::Mapping> mapping_of(VirtAddr page) const { return directory_.lookup(page); }
  void clear_accessed(VirtAddr page);
  // The reverse map (mm/reverse_map.h): fn(space, page) for every address space and virtual page whose
  // page-table entry maps `frame`, page `index` of `owner`.
  template <typename Fn>
  static void for_each_mapper(const mm::MemoryObject& owner, uint32_t index, PhysAddr frame, Fn&& fn);
  // Eviction: clears every such entry (TLB entries flushed); `written_to`: the slot the pager writes the
  // page to, or null if it is dropped (for each mapper's counters and the vmlog line). Returns how many
  // mappings there were.
  static uint32_t unmap_everywhere(const mm::MemoryObject& owner, uint32_t index, PhysAddr frame,
                                   const mm::SwapSlot* written_to);
  // True if some region of this space sees the pages of `object` (maps it or a descendant).
  bool sees(const mm::MemoryObject& object) const;

  // One line per present page: "0x08048000 -> 0x01234000 U-R A-" (the magic-break frame).
  void dump(FormatSink& sink) const;
  // Every page of every region: resident, in swap (with its slot) or not loaded (mm/page_report.h).
  mm::PageCounts report_pages(FormatSink& sink) const { return mm::write_page_report(sink, regions_, directory_); }
  // The same pages as runs for memshow (mm/page_map.h build_page_runs); interrupts off.
  uint32_t describe_pages(abi::PageRun* out, uint32_t max) const {
    return mm::build_page_runs(regions_, directory_, [this](Vpn page) { return is_locked(page); }, out, max);
  }

  // Who owns this space, for the vmlog lines ("vm: NAME (pid N) ..."). Set by spawn before the first
  // page is touched; until then the pid is 0 and the name empty.
  void set_owner(int32_t pid, const char* name);
  int32_t owner_pid() const { return owner_pid_; }
  const char* owner_name() const { return owner_name_; }
  uint32_t resident_pages() const { return resident_; }
  uint32_t locked_pages() const { return locked_count_; }
  // Of the resident pages, those in shareable objects (mm/memory_object.h is_shareable). Interrupts off.
  uint32_t shared_resident_pages() const;
  const VmCounters& counters() const { return counters_; }
  // Load control's numbers (vm_stat): faults per second over the last complete second (page-fault
  // frequency), and the working-set estimate: resident pages of the pool whose accessed bit is set (they
  // were referenced since the replacement policy last cleared it). Interrupts off.
  uint32_t fault_rate(uint64_t now) const { return fault_rate_.per_second(now); }
  uint32_t working_set_estimate() const;
  // What /proc/PID/maps shows (kernel/fs/proc/): the regions, the program and its ELF plan. Interrupts
  // off while the regions are read.
  const mm::RegionMap& regions() const { return regions_; }
  // The program: a program directory entry, or (when executed_file() is not null) an empty entry.
  const disk::ProgramEntry& program() const { return program_; }
  mm::ExecutedFile* executed_file() const { return file_; }
  const ElfPlan& plan() const { return plan_; }

private:
  AddressSpace(mm::PageDirectory directory, const disk::ProgramEntry& program, const ElfPlan& plan);
  // A new, empty space (a directory, no regions) on the kernel heap. Errors: NoMemory.
  static Result<AddressSpace*> allocate(const disk::ProgramEntry& program, const ElfPlan& plan);
  // Lays out the regions of a new space from its plan and gives them their objects; deletes the space
  // on failure. Errors: BadExecutable, NoMemory.
  static Result<AddressSpace*> lay_out(AddressSpace* space);
  Result<void> attach_objects();
  // Makes `page` of `region` present with at least `access`, loading or copying it if needed.
  Result<void, FaultError> resolve(VirtAddr page, const mm::Region& region, mm::Access access);
  // Maps `frame` at `page` (replacing another frame's mapping). Errors: NoMemory (no page table).
  Result<void> map_frame(VirtAddr page, PhysAddr frame, bool writable);
  void count_fault(VirtAddr page, PhysAddr frame, const char* how, bool major, bool write);
  // Makes the page holding `address` usable for `access` on the process's behalf (system calls).
  Result<void> prepare_user_page(VirtAddr address, mm::Access access);
  void unmap_range(VirtAddr start, VirtAddr end);
  // unmap_range without touching mlock's records (mremap moves them instead).
  void clear_entries(VirtAddr start, VirtAddr end);
  void write_protect_for_fork(const mm::Region& region, bool current);
  // Adds an mmap region of `plan` mapping `object` (whose reference it takes) at `index_base`; for the
  // anonymous path now and a file's object later. Interrupts off. Errors: those of mm::unmap (MAP_FIXED
  // replacing), NoMemory.
  Result<VirtAddr> install(const mm::MmapPlan& plan, mm::MemoryObject* object, uint32_t index_base,
                           mm::Protection max_protection);
  class MmapHooks;
  friend class MmapHooks;
  void keep_dirty_bit(const mm::Region& region, VirtAddr page, const mm::Mapping& mapping);
  bool is_locked(Vpn page) const;

  mm::PageDirectory directory_;
  mm::RegionMap regions_;
  ElfPlan plan_;
  disk::ProgramEntry program_;
  mm::ExecutedFile* file_ = nullptr;  // a runner of it; null for a program directory program
  VirtAddr heap_start_;
  VirtAddr break_;
  uint32_t resident_ = 0;
  VmCounters counters_;
  mm::FaultRate fault_rate_;
  int32_t owner_pid_ = 0;
  char owner_name_[abi::kNameMax] = {};
  struct LockedPage {
    Vpn page;
    PhysAddr frame;  // the frame the lock pins (moved to the copy when a write copies the page)
  };
  LockedPage locked_[kMaxLockedPages];
  uint32_t locked_count_ = 0;
  AddressSpace* next_space_ = nullptr;  // every address space, for the reverse map

  static AddressSpace* first_space_;
};

template <typename Fn>
void AddressSpace::for_each_mapper(const mm::MemoryObject& owner, uint32_t index, PhysAddr frame, Fn&& fn) {
  for (AddressSpace* space = first_space_; space; space = space->next_space_) {
    for (const mm::Region& region : space->regions_) {
      VirtAddr page;
      if (!mm::region_may_map(region, &owner, index, &page)) continue;
      auto mapping = space->directory_.lookup(page);
      if (mapping && mapping.value().frame == frame) fn(*space, page);
    }
  }
}

}  // namespace cw

// RegionMap: the virtual regions of one process, and the page-fault decision built on them.
//
// A region is a page-aligned range [start, end) of user space with one kind and one protection:
//   Image  bytes come from the program's ELF file (ElfPlan::page() tells which), the rest is zero.
//   Heap   anonymous, zero-filled; its end moves with brk (resize()). May be empty (start == end).
//   Mmap   made by mmap: anonymous (private or shared) now, file-backed later; any number of them, and
//          like Image regions they may be split and merged (mm/region_edit.cpp, mm/mapping_ops.h).
//   Stack  anonymous, zero-filled; `end` is the fixed top, `start` moves down on demand (grow_stack()),
//          never below `floor` = end - max size (kStackMaxSize by default). The stack reserves
//          [floor - kStackGuardGap, end): no other region may be placed or grown into that span, so
//          growth never collides with anything and a runaway stack or heap hits an unmapped gap.
// Regions never overlap (reservations included), are kept sorted by start, and at most one Heap and
// one Stack exist. Capacity is fixed (kMaxRegions); nothing allocates.
//
// Protection: 32-bit paging cannot deny reads of a present page nor (without PAE's XD bit) execution,
// so Read is always granted in practice and Execute is advisory; Write is enforced by the PTE's R/W bit.
#pragma once

#include <cstdint>

#include "lib/elf_plan.h"
#include "lib/result.h"
#include "lib/types.h"
#include "mm/kernel_layout.h"
#include "mm/user_range.h"

namespace cw::mm {

class MemoryObject;
class PageSink;

enum class Protection : uint8_t { None = 0, Read = 1, Write = 2, Execute = 4 };

constexpr Protection operator|(Protection a, Protection b) {
  return static_cast<Protection>(static_cast<uint8_t>(a) | static_cast<uint8_t>(b));
}
constexpr Protection operator&(Protection a, Protection b) {
  return static_cast<Protection>(static_cast<uint8_t>(a) & static_cast<uint8_t>(b));
}
constexpr bool has(Protection set, Protection wanted) { return (set & wanted) == wanted; }
inline constexpr Protection kReadWrite = Protection::Read | Protection::Write;

inline constexpr Protection kAllProtections = Protection::Read | Protection::Write | Protection::Execute;

// True if a region with protection `p` allows `access`. A present i386 page is always readable (32-bit
// paging has no read-deny bit, Intel SDM Vol 3A 4.6), so Write or Execute imply Read, as on Linux x86.
constexpr bool permits(Protection p, Access access) {
  switch (access) {
    case Access::Read: return p != Protection::None;
    case Access::Write: return has(p, Protection::Write);
    case Access::Execute: return has(p, Protection::Execute);
  }
  return false;
}

// Mmap: made by mmap (anonymous, private or shared; later file-backed), also the pieces mremap moves.
enum class RegionKind : uint8_t { Image, Heap, Stack, Mmap };

// Linux allows 65530 mappings (max_map_count); Clockwork's fixed table holds this many regions, and a
// call that would need more fails with ENOMEM as Linux's does at its limit.
inline constexpr uint32_t kMaxRegions = 128;
inline constexpr uint32_t kStackMaxSize = 8u << 20;
inline constexpr uint32_t kStackGuardGap = 256 * kPageSize;  // 1 MiB, as Linux's default stack_guard_gap
// A fault up to this many bytes below the user esp still grows the stack: PUSHA writes 32 bytes below
// esp before esp moves (the Pintos rule).
inline constexpr uint32_t kStackFaultSlack = 32;

struct Region {
  VirtAddr start;
  VirtAddr end;  // exclusive
  RegionKind kind = RegionKind::Image;
  Protection protection = Protection::None;
  VirtAddr floor;  // Stack: the lowest start it may grow to. Others: equal to start.
  // What the region maps (mm/memory_object.h): page `a` of the region is page index_of(a) of `object`.
  // The region holds one reference. Private (shared == false) writable regions copy on write: a write
  // puts the page in `object` itself, never in an ancestor. Null only while a region is being built.
  MemoryObject* object = nullptr;
  uint32_t index_base = 0;  // index_of(a) = a's page number - index_base (0 for image, heap, stack)
  bool shared = false;
  // What mprotect may grant (Linux's VM_MAYREAD/MAYWRITE/MAYEXEC): everything, except for a shared
  // mapping of an object that may not be written (EACCES).
  Protection max_protection = kAllProtections;

  constexpr uint32_t index_of(VirtAddr a) const { return a.page().get() - index_base; }

  constexpr bool contains(VirtAddr a) const { return a >= start && a < end; }
  constexpr uint32_t size() const { return end - start; }
  // Image and Mmap regions may be split and merged (munmap, mprotect, mremap); the heap and the stack
  // are one region each, whole.
  constexpr bool splittable() const { return kind == RegionKind::Image || kind == RegionKind::Mmap; }
  // The region owns the pages it maps in `object` (no other address space maps that object): private
  // anonymous memory, or a private copy-on-write child of an image. Not: a shared mapping, or a mapping
  // of a program's shared image object itself (read-only text).
  bool owns_object_pages() const;
  // The lowest address this region keeps others away from (see the file comment).
  constexpr VirtAddr reserved_start() const {
    return kind == RegionKind::Stack ? floor - kStackGuardGap : start;
  }

  static constexpr Region image(VirtAddr start, VirtAddr end, Protection protection) {
    return Region{start, end, RegionKind::Image, protection, start};
  }
  static constexpr Region heap(VirtAddr start, VirtAddr end) {
    return Region{start, end, RegionKind::Heap, kReadWrite, start};
  }
  // A stack whose top is `top` with `initial_size` bytes present from the start.
  static constexpr Region stack(VirtAddr top, uint32_t initial_size, uint32_t max_size = kStackMaxSize) {
    return Region{top - initial_size, top, RegionKind::Stack, kReadWrite, top - max_size};
  }
};

class RegionMap {
public:
  constexpr RegionMap() = default;
  RegionMap(const RegionMap&) = delete;
  RegionMap& operator=(const RegionMap&) = delete;

  // Adds a region. Requirements: start, end (and for a stack, floor) page-aligned; start <= end, and
  // start < end unless Heap or Stack; [reserved_start(), end) inside [kUserBase, kUserTop); for a stack,
  // floor <= start. Errors: InvalidArgument if a requirement fails (a wrapped range included); Exists
  // if it overlaps another region's reservation or is a second Heap or Stack; NoMemory if full.
  // Pointers into the map (find(), heap(), ...) are invalidated by add() and remove().
  Result<void> add(const Region& region);

  // The region containing `address`, or nullptr (a stack's unused reservation is not "contained").
  const Region* find(VirtAddr address) const;
  Region* find(VirtAddr address);

  // Moves the end of the region starting at `start` to `new_end` (brk grows or shrinks the heap this
  // way; the caller rounds the byte brk up to a page and unmaps pages a shrink drops).
  // Errors: NotFound if no region starts at `start`; InvalidArgument if new_end is misaligned, below
  // start (or equal, for an Image), above kUserTop, or the region is a Stack; NoMemory if the new range
  // would collide with another region's reservation (Linux brk's ENOMEM). On error nothing changes.
  Result<void> resize(VirtAddr start, VirtAddr new_end);

  // Moves the stack's start down to the page containing `address` (no-op if already below it).
  // Errors: NotFound if there is no stack; NoMemory if `address` is below its floor.
  Result<void> grow_stack(VirtAddr address);

  // Removes the region starting at `start` and returns it. Errors: NotFound.
  Result<Region> remove(VirtAddr start);

  // Editing for the mapping calls (mm/region_edit.cpp, mm/mapping_ops.h). Object references are the
  // caller's business here too, except as stated.
  // Splits the region strictly containing `at` into [start, at) and [at, end), both mapping the same
  // object at the same indices (the second takes a new reference on it). No region strictly around
  // `at`: nothing to do. Errors: InvalidArgument (misaligned, or the region is not splittable());
  // NoMemory (the table is full). On error nothing changes.
  Result<void> split(VirtAddr at);
  // Joins the region ending at `at` with the one starting there if they are alike (kind, protections,
  // object, indices, sharing): the second one's reference on the object is dropped to `sink`.
  void merge_at(VirtAddr at, PageSink& sink);
  // True if [lo, hi) collides with no region's reservation (mm/mmap_layout.h places mappings with it).
  bool is_free(VirtAddr lo, VirtAddr hi) const { return !collides(lo, hi, kMaxRegions); }
  // Regions that lie in [lo, hi) or overlap it (reservations not counted), and how many splits at lo
  // and hi an edit of that range would add.
  uint32_t overlapping(VirtAddr lo, VirtAddr hi) const;
  uint32_t splits_needed(VirtAddr lo, VirtAddr hi) const;
  uint32_t capacity_left() const { return kMaxRegions - count_; }
  void clear() { count_ = 0; }
  // Makes this map a copy of `other` (fork); object references are the caller's business.
  void copy_from(const RegionMap& other);
  Region* begin_mutable() { return regions_; }

  const Region* heap() const;
  const Region* stack() const;

  // Ascending by start.
  uint32_t count() const { return count_; }
  const Region& at(uint32_t index) const { return regions_[index]; }  // Precondition: index < count()
  const Region* begin() const { return regions_; }
  const Region* end() const { return regions_ + count_; }

private:
  int32_t index_of_start(VirtAddr start) const;
  const Region* find_kind(RegionKind kind) const;
  // True if [lo, hi) collides with the reservation of any region other than regions_[skip].
  bool collides(VirtAddr lo, VirtAddr hi, uint32_t skip) const;

  Region regions_[kMaxRegions] = {};
  uint32_t count_ = 0;
};

// Adds one Image region per run of pages with equal protection, from the plan's segments: a page that
// two segments share gets the union of their protections (as ElfPlan::page() reports), and Read is
// always granted. Returns the page-aligned end of the image, where the heap starts.
// Errors: those of add(); on error the regions added so far are removed again.
Result<VirtAddr> add_image_regions(RegionMap& map, const ElfPlan& plan);

// The page-table state of the faulting page, as the pager read it.
struct PteState {
  bool present = false;
  bool writable = false;
};

enum class FaultDecision : uint8_t {
  LoadImagePage,          // Image page not present: build it from ElfPlan::page() (or swap, see below)
  ZeroFill,               // Heap or Stack page not present: a zeroed frame (or swap)
  GrowStackThenZeroFill,  // below the stack but within its limit and near esp: grow_stack(), then zero
  ProtectionViolation,    // the region (or the present PTE) does not allow this access: SIGSEGV
  Unmapped,               // no region (null page, gaps, guard gap, too far below esp): SIGSEGV
  KernelAddress,          // at or above kUserTop: SIGSEGV from user mode, a kernel bug otherwise
  Spurious,               // the PTE is present and allows the access: invalidate the TLB entry, retry
  CopyOnWrite,            // a write the region allows to a page mapped read-only: copy it (or just map it
                          // writable if the writer's own object already has it)
};

// What to do about a page fault at `address` for `access`. `user_esp` is the user stack pointer at the
// time of the fault (from the trap frame, or the one saved at system-call entry when the kernel faults
// on a user buffer). The pager checks its PTE info first: a not-present page whose PTE holds a swap
// slot is swapped in when this says LoadImagePage or ZeroFill.
FaultDecision classify_fault(const RegionMap& map, VirtAddr address, Access access, PteState pte,
                             VirtAddr user_esp);

// A short lower-case name, e.g. "zero fill".
const char* describe(FaultDecision decision);

}  // namespace cw::mm

// PageDirectory: the user half of an i386 two-level page table (32-bit paging, Intel SDM Vol 3A 4.3), for
// one process.
//
// Layout (SDM Vol 3A 4.3, figures 4-2 and 4-4, tables 4-4 to 4-6): CR3 holds the physical address of a
// 4 KiB page directory of 1024 PDEs; PDE i covers virtual [i * 4 MiB, (i + 1) * 4 MiB) and points to a page
// table of 1024 PTEs, one per 4 KiB page. Bit 0 (P) of an entry says whether it is used; when P is 0 the
// processor ignores bits 31:1, which is where this code keeps pager information (see below).
//
// All memory is reached through PhysicalAccess, so the same code runs in the kernel (direct map, frames
// from the kernel frame allocator) and in host tests (a fake RAM of N frames):
//   - PDEs 0..767 (user space, below kKernelVirtualBase) are owned by the PageDirectory: their page tables
//     are allocated on demand by map()/set_not_present_info() and freed only by destroy_user_half().
//     A user PDE is Present|Writable|User; the PTE alone restricts access (the processor combines both
//     levels, SDM Vol 3A 4.6, so the PDE must be the permissive one). User PDEs never map 4 MiB pages.
//   - PDEs 768..1023 (the kernel half) are copied from the kernel's directory at create() and never
//     changed or freed here: they point to page tables shared by every address space.
//
// Not-present entries with pager information: an entry with P = 0 and bit 1 set holds a 30-bit number
// `info` in bits 31:2 (the pager stores a swap-slot number there). Entry 0 means "nothing here". So every
// user PTE is one of: Empty (0), Present (a mapping), Info (not present, info in bits 31:2).
//
// TLB: nothing here invalidates translations (that needs invlpg or a CR3 reload). The processor caches
// only present translations (SDM Vol 3A 4.10.2.3), so the caller must invalidate `page` - if this
// directory is the one in CR3 - after an operation that changed an entry which was Present before:
// unmap(), set_flags()/clear_flags() (always: they only act on present entries), set_not_present_info()
// when it reports the previous entry as Present. map() only fills a non-present entry and never needs it.
//
// Single processor: the processor updates A/D only while it accesses memory through the entry; these
// functions touch no user page between reading and writing an entry, so read-modify-write is safe.
// No operation allocates anything except page tables through PhysicalAccess; nothing traps or blocks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

#include "lib/format.h"
#include "lib/result.h"
#include "lib/types.h"
#include "mm/kernel_layout.h"
#include "mm/pte.h"

namespace cw::mm {

// Physical memory as the page-table code sees it. Implemented by the kernel over its direct map and by
// tests over a fake RAM.
class PhysicalAccess {
public:
  // The 1024 entries of the page-table (or directory) frame at `frame`. Precondition: `frame` came from
  // allocate_table() and was not freed since.
  virtual uint32_t* table(PhysAddr frame) = 0;
  // A zero-filled, page-aligned frame to hold a page table. Errors: NoMemory.
  virtual Result<PhysAddr> allocate_table() = 0;
  // Returns a frame obtained from allocate_table().
  virtual void free_table(PhysAddr frame) = 0;

protected:
  constexpr PhysicalAccess() = default;
  PhysicalAccess(const PhysicalAccess&) = default;
  PhysicalAccess& operator=(const PhysicalAccess&) = default;
  // Never deleted through this interface, so no virtual destructor (the kernel has no operator delete).
  ~PhysicalAccess() = default;
};

// PTE bits a caller may set or clear (SDM Vol 3A table 4-6). Present is managed by the operations
// themselves and Global is meaningless for user pages, so neither is here.
enum class PageFlags : uint32_t {
  None = 0,
  Writable = pte::kWritable,          // R/W: writes allowed (else read-only; CR0.WP applies in ring 0)
  User = pte::kUser,                  // U/S: ring 3 may access
  WriteThrough = pte::kWriteThrough,  // PWT
  CacheDisable = pte::kCacheDisable,  // PCD
  Accessed = pte::kAccessed,          // A: set by the processor on any access
  Dirty = pte::kDirty,                // D: set by the processor on a write
};

constexpr PageFlags operator|(PageFlags a, PageFlags b) {
  return static_cast<PageFlags>(static_cast<uint32_t>(a) | static_cast<uint32_t>(b));
}
constexpr PageFlags operator&(PageFlags a, PageFlags b) {
  return static_cast<PageFlags>(static_cast<uint32_t>(a) & static_cast<uint32_t>(b));
}
constexpr uint32_t bits(PageFlags f) { return static_cast<uint32_t>(f); }
// True if every flag of `wanted` is in `set` (None is in every set).
constexpr bool has(PageFlags set, PageFlags wanted) { return (set & wanted) == wanted; }

inline constexpr PageFlags kAllPageFlags = PageFlags::Writable | PageFlags::User | PageFlags::WriteThrough |
                                           PageFlags::CacheDisable | PageFlags::Accessed | PageFlags::Dirty;
// The flags a Mapping reports in `flags`: everything but the two status bits, which get their own fields.
inline constexpr PageFlags kPermissionFlags =
    PageFlags::Writable | PageFlags::User | PageFlags::WriteThrough | PageFlags::CacheDisable;

// One present 4 KiB mapping.
struct Mapping {
  PhysAddr frame;                    // page-aligned
  PageFlags flags = PageFlags::None;  // a subset of kPermissionFlags
  bool accessed = false;
  bool dirty = false;

  constexpr bool writable() const { return has(flags, PageFlags::Writable); }
  constexpr bool user() const { return has(flags, PageFlags::User); }
  friend constexpr bool operator==(const Mapping&, const Mapping&) = default;
};

// The three states of a user PTE (see the file comment).
enum class EntryKind : uint8_t { Empty, Present, Info };

struct EntryView {
  EntryKind kind = EntryKind::Empty;
  Mapping mapping;    // when kind == Present
  uint32_t info = 0;  // when kind == Info
};

inline constexpr uint32_t kMaxNotPresentInfo = (1u << 30) - 1;
inline constexpr uint32_t kInfoMarker = 1u << 1;  // set in every Info entry, so an Info entry is never 0

// Decoding and encoding raw PTEs, for callers of PageDirectory::entry().
constexpr EntryView decode_entry(uint32_t raw) {
  EntryView view;
  if (pte::has(raw, pte::kPresent)) {
    view.kind = EntryKind::Present;
    view.mapping.frame = pte::address(raw);
    view.mapping.flags = static_cast<PageFlags>(raw & bits(kPermissionFlags));
    view.mapping.accessed = pte::has(raw, pte::kAccessed);
    view.mapping.dirty = pte::has(raw, pte::kDirty);
  } else if (raw != 0) {
    view.kind = EntryKind::Info;
    view.info = raw >> 2;
  }
  return view;
}
// Precondition: info <= kMaxNotPresentInfo.
constexpr uint32_t make_info_entry(uint32_t info) { return (info << 2) | kInfoMarker; }

static_assert(decode_entry(0).kind == EntryKind::Empty);
static_assert(decode_entry(make_info_entry(0)).kind == EntryKind::Info);
static_assert(decode_entry(make_info_entry(kMaxNotPresentInfo)).info == kMaxNotPresentInfo);
static_assert(decode_entry(0x01234067).mapping.frame.get() == 0x01234000);

inline constexpr uint32_t kUserDirectoryEntries = kKernelVirtualBase >> 22;  // PDEs 0..767

class PageDirectory {
public:
  // An empty handle: every operation fails with InvalidArgument.
  constexpr PageDirectory() = default;
  PageDirectory(PageDirectory&& other) { *this = std::move(other); }
  PageDirectory& operator=(PageDirectory&& other);
  PageDirectory(const PageDirectory&) = delete;
  PageDirectory& operator=(const PageDirectory&) = delete;
  // Does not free anything: the owner calls destroy_user_half() and release() explicitly.
  ~PageDirectory() = default;

  // A new directory with an empty user half and PDEs 768..1023 copied from `kernel_directory`, which
  // points to a whole 1024-entry directory (as kernel_directory_entries() returns).
  // Errors: InvalidArgument if kernel_directory is null; NoMemory from allocate_table().
  static Result<PageDirectory> create(PhysicalAccess& access, const uint32_t* kernel_directory);

  bool is_valid() const { return access_ != nullptr; }
  PhysAddr physical() const { return directory_; }  // the value to load into CR3

  // Every address argument must lie in user space [kUserBase, kUserTop), else InvalidArgument; an empty
  // handle gives InvalidArgument too. map() requires page-aligned `page` and `frame`; the other
  // operations accept any address inside the page.

  // Maps `page` to `frame` with `flags` (Present is added). Allocates the page table if needed.
  // Replaces an Info entry (the pager reads the info first). Errors: InvalidArgument (also for flags
  // outside kAllPageFlags); Exists if the page is already present (nothing changes); NoMemory if the
  // page table cannot be allocated (nothing changes).
  Result<void> map(VirtAddr page, PhysAddr frame, PageFlags flags);
  // Removes a present mapping (the entry becomes Empty) and returns it as it was, A and D included.
  // Page tables stay allocated. Errors: InvalidArgument; NotFound if not present (nothing changes).
  Result<Mapping> unmap(VirtAddr page);
  // The present mapping of the page containing `address`. Errors: InvalidArgument; NotFound.
  Result<Mapping> lookup(VirtAddr address) const;
  // The state of the entry for `address` (Empty when there is no page table). Errors: InvalidArgument.
  Result<EntryView> inspect(VirtAddr address) const;

  // Sets / clears `flags` (a subset of kAllPageFlags) in a present entry; returns the mapping as it was
  // before, so clear_flags(p, Accessed) is a test-and-clear of A. Errors: InvalidArgument; NotFound.
  Result<Mapping> set_flags(VirtAddr page, PageFlags flags);
  Result<Mapping> clear_flags(VirtAddr page, PageFlags flags);

  // Makes the entry not present and stores `info` in it, whatever it held; returns the previous view
  // (if it was Present, the caller invalidates the TLB and owns the frame it returns). Allocates the page
  // table if needed. Errors: InvalidArgument (also info > kMaxNotPresentInfo); NoMemory (no change).
  Result<EntryView> set_not_present_info(VirtAddr page, uint32_t info);
  // The info of an Info entry. Errors: InvalidArgument; NotFound if the entry is Empty or Present.
  Result<uint32_t> not_present_info(VirtAddr page) const;

  // The raw PTE for `address`, for the pager's own bit manipulation (decode_entry/make_info_entry/
  // pte.h). Valid until destroy_user_half(). Errors: InvalidArgument; NotFound if no page table covers
  // the address (nothing is allocated).
  Result<uint32_t*> entry(VirtAddr address);

  // Calls fn(VirtAddr page, const Mapping&) for every present user page, in ascending address order.
  template <typename Fn>
  void for_each_mapping(Fn&& fn) const;
  // Calls fn(VirtAddr page, const EntryView&) for every non-Empty user entry (Present and Info), in order.
  template <typename Fn>
  void for_each_entry(Fn&& fn) const;

  // Tears down user space: calls on_entry(VirtAddr page, const EntryView&) for every non-Empty user
  // entry in ascending order (so the caller frees frames and swap slots), then frees every user page
  // table and clears PDEs 0..767. The kernel half is untouched. The directory stays valid and empty
  // (exec reuses it). The caller reloads CR3 or switches away before the frames are reused.
  template <typename OnEntry>
  void destroy_user_half(OnEntry&& on_entry);

  // Frees the directory frame; the handle becomes empty. Precondition: not loaded in CR3.
  // Errors: InvalidArgument on an empty handle; Busy if a user page table is still allocated.
  Result<void> release();

  // Number of user page tables currently allocated.
  uint32_t user_table_count() const;

private:
  PageDirectory(PhysicalAccess* access, PhysAddr directory) : access_(access), directory_(directory) {}

  uint32_t* directory_entries() const { return access_->table(directory_); }
  // The page table behind user PDE `index`, or nullptr if that PDE is not present.
  uint32_t* user_table(uint32_t index) const;
  // The PTE slot for `address`: InvalidArgument outside user space or on an empty handle; NotFound if no
  // table and !create; NoMemory if the table cannot be allocated.
  Result<uint32_t*> slot(VirtAddr address, bool create) const;
  void free_user_tables();

  PhysicalAccess* access_ = nullptr;
  PhysAddr directory_;
};

template <typename Fn>
void PageDirectory::for_each_entry(Fn&& fn) const {
  if (!is_valid()) return;
  for (uint32_t d = 0; d < kUserDirectoryEntries; ++d) {
    const uint32_t* table = user_table(d);
    if (table == nullptr) continue;
    for (uint32_t t = 0; t < pte::kEntriesPerTable; ++t) {
      if (table[t] == 0) continue;
      const EntryView view = decode_entry(table[t]);
      fn(VirtAddr((d << 22) | (t << kPageShift)), view);
    }
  }
}

template <typename Fn>
void PageDirectory::for_each_mapping(Fn&& fn) const {
  for_each_entry([&fn](VirtAddr page, const EntryView& view) {
    if (view.kind == EntryKind::Present) fn(page, view.mapping);
  });
}

template <typename OnEntry>
void PageDirectory::destroy_user_half(OnEntry&& on_entry) {
  for_each_entry(on_entry);
  free_user_tables();
}

// The page-table dump's line for one mapping, e.g. `0x08048000 -> 0x01234000 U-R A-`:
//   virtual page, physical frame, then U (user) or S (supervisor), '-', W (writable) or R (read-only),
//   a space, A or '-' (accessed), D or '-' (dirty), then " WT" and/or " CD" if those bits are set.
// No newline. At most kMappingLineMax characters.
inline constexpr size_t kMappingLineMax = 37;
void format_mapping_line(FormatSink& sink, VirtAddr page, const Mapping& mapping);
// The same into `buffer` (NUL-terminated, truncated to capacity - 1); returns the length written.
size_t format_mapping_line(char* buffer, size_t capacity, VirtAddr page, const Mapping& mapping);

}  // namespace cw::mm

// MemoryObject: what owns user pages. Every pageable frame and every swap slot that holds a user page
// belongs to exactly one object, at one page index; address spaces only map objects (mm/region_map.h
// Region::object), so a page mapped by several processes is still owned, counted and freed once.
//
// Kinds (the root of a chain decides how a page nobody has yet is filled):
//   Anonymous     zero-filled on first touch; evicted pages go to swap.
//   ProgramImage  the pages of one program file as its ELF plan lays them out (index = virtual page
//                 number): read from the image, never written, so eviction just drops them. Every process
//                 running that program maps the same object read-only: shared text (a small page cache).
//   ProgramFile   the pages of one program file by file offset (index = page of the file; key = the
//                 file's first sector): what mmap of a /bin file maps, read from the image, never written
//                 (MAP_PRIVATE writes go to a copy-on-write child). Bytes past the end of the file read
//                 as zeros. One per file, kept by its /bin node (kernel/fs/bin/program_file.h).
//
// Copy-on-write is a chain (after Zircon's hidden-parent clones): fork() turns a private object O into a
// hidden parent of two new, empty children, one for each process. Lookups walk child -> parent until an
// object has the page; a write copies the page into the writer's own object. A hidden object is never
// mapped, so its pages never change: they may be shared read-only by every descendant. When a hidden
// object is left with one child and no other reference, it is merged into that child (collapse), so a
// long-lived parent that forks a thousand times keeps a chain of depth one.
//
// An entry that says Zero stops the walk: the page is zero whatever the ancestors hold (brk shrunk the
// heap and grew it again, MADV_DONTNEED). A resident page filled by zero-fill remembers that, so that
// dropping it clean leaves a Zero entry rather than exposing an ancestor's page again.
//
// Reference counts: one per mapping, one per child, one per temporary hold (a thread filling or copying a
// page holds the objects involved so that neither is freed nor merged under it). Pages go when the last
// reference does. Frames and slots are returned through PageSink, because the core knows neither the
// pager nor the swap device.
//
// Concurrency: the kernel calls everything here with interrupts off (uniprocessor); nothing here sleeps.
#pragma once

#include <cstdint>

#include "lib/result.h"
#include "mm/frame_index.h"
#include "mm/swap_map.h"

namespace cw::mm {

enum class ObjectKind : uint8_t { Anonymous, ProgramImage, ProgramFile };

// One page of an object. All zero: the object does not have the page (ask the parent).
struct PageEntry {
  static constexpr uint8_t kDirty = 1;     // written since its swap copy (if any) was made
  static constexpr uint8_t kZero = 2;      // content is zeros: with no frame, an explicit zero page
  static constexpr uint8_t kReadAhead = 4; // resident, read by read-around, not yet used by any fault
  uint32_t slot_plus1 = 0;                 // swap slot + 1: a copy on swap (valid while not dirty)
  uint16_t frame_plus1 = 0;                // FrameIndex + 1: resident in that frame
  uint8_t flags = 0;
  uint8_t reserved = 0;

  bool empty() const { return slot_plus1 == 0 && frame_plus1 == 0 && flags == 0; }
  bool resident() const { return frame_plus1 != 0; }
  bool has_slot() const { return slot_plus1 != 0; }
  bool zero() const { return (flags & kZero) != 0; }
  bool dirty() const { return (flags & kDirty) != 0; }
  FrameIndex frame() const { return FrameIndex(frame_plus1 - 1u); }
  SwapSlot slot() const { return SwapSlot(slot_plus1 - 1u); }
  void set_frame(FrameIndex f) { frame_plus1 = static_cast<uint16_t>(f.get() + 1); }
  void set_slot(SwapSlot s) { slot_plus1 = s.get() + 1; }
};
static_assert(sizeof(PageEntry) == 8);

// Where the core hands back what an object lets go of, and tells of pages that changed owner.
class PageSink {
public:
  virtual void free_frame(FrameIndex frame) = 0;
  virtual void free_slot(SwapSlot slot) = 0;
  // The page in `frame` now belongs to `owner` at `index` (collapse moved it).
  virtual void frame_moved(FrameIndex frame, const class MemoryObject& owner, uint32_t index) = 0;

protected:
  ~PageSink() = default;
};

// Objects and their page tables live in memory from mm/object_memory.h (the kernel heap in the kernel,
// malloc in host tests).
class MemoryObject {
public:
  // A new object with one reference. Errors: NoMemory.
  static Result<MemoryObject*> create(ObjectKind kind, uint32_t key = 0);
  // A new, empty copy-on-write child of `parent` (a private writable mapping of it), with one reference;
  // the parent gains one. Errors: NoMemory.
  static Result<MemoryObject*> create_child(MemoryObject& parent);

  MemoryObject(const MemoryObject&) = delete;
  MemoryObject& operator=(const MemoryObject&) = delete;

  ObjectKind kind() const { return kind_; }
  // A file's object (tmpfs) covers the file's pages only: a mapping's access to a page at or past
  // page_limit() (ceil(size / page)) is SIGBUS, as Linux's filemap_fault gives for a page wholly beyond
  // the end of the file. kNoPageLimit (every other object) never refuses.
  static constexpr uint32_t kNoPageLimit = ~0u;
  uint32_t page_limit() const { return page_limit_; }
  void set_page_limit(uint32_t pages) { page_limit_ = pages; }
  uint32_t key() const { return key_; }  // ProgramImage: which program (the kernel's choice of key)
  // Who backs this object, opaque to mm (the node of a /tmp file, kernel/fs/tmpfs/tmpfs_file.h): what
  // /proc/PID/maps names a mapping of it by; null for anonymous memory. The backer clears it before it
  // goes, since an object can outlive its file (a mapping of an unlinked file keeps it).
  const void* backer() const { return backer_; }
  void set_backer(const void* backer) { backer_ = backer; }
  MemoryObject* parent() const { return parent_; }
  bool hidden() const { return hidden_; }
  // A MAP_SHARED mapping's object: every process that maps it (after fork too) sees the same pages.
  bool shared() const { return shared_; }
  void mark_shared() { shared_ = true; }
  uint32_t references() const { return refs_; }
  uint32_t child_count() const;
  const MemoryObject* root() const;
  MemoryObject* root() { return const_cast<MemoryObject*>(static_cast<const MemoryObject*>(this)->root()); }
  // True if `ancestor` is this object or one of its ancestors.
  bool descends_from(const MemoryObject* ancestor) const;

  void ref() { ++refs_; }
  // Drops a reference: at zero the object's pages go to `sink` and its parent loses a reference; a
  // hidden object left with a single child and no other reference is merged into it. Do not touch the
  // object afterwards unless you hold another reference.
  void unref(PageSink& sink);

  // This object's own entry for `index` (possibly empty) if storage for it exists, else null; nothing is
  // created.
  PageEntry* own(uint32_t index);
  const PageEntry* own(uint32_t index) const;
  // The entry for `index`, created (empty) if needed. Errors: NoMemory.
  Result<PageEntry*> own_or_create(uint32_t index);

  // The first object in the chain (this, parent, ...) with a non-empty entry for `index`.
  struct Found {
    MemoryObject* object = nullptr;  // null: nobody has it; fill by root()->kind()
    PageEntry* entry = nullptr;
  };
  Found lookup(uint32_t index);

  // fork(): this object (mapped privately by one address space) becomes a hidden parent, and two new
  // empty children are returned, one to replace this object in the forking mapping and one for the new
  // process. The mapping's reference moves to `*keep`; this object is referenced by its two children.
  // Every resident page of this object must afterwards be mapped read-only by the caller. On NoMemory
  // nothing changed.
  Result<void> fork(MemoryObject** keep, MemoryObject** give);

  // Drops this object's own pages in [first, first + count) (frames and slots to `sink`). Where an
  // ancestor could show through, the entry becomes Zero instead. Resident pages must be unmapped first.
  // Errors: NoMemory (a Zero entry needed storage; the pages dropped so far stay dropped).
  Result<void> discard(uint32_t first, uint32_t count, PageSink& sink);

  // Calls fn(index, entry) for every non-empty own entry, ascending.
  template <typename Fn>
  void for_each_page(Fn&& fn);
  uint32_t resident_pages() const;
  uint32_t swapped_pages() const;  // entries with a slot and no frame

  // Objects alive (created and not yet freed): for the leak checks of tests.
  static uint32_t live_count();

private:
  static constexpr uint32_t kLeafEntries = 510;
  struct Leaf {
    uint32_t number;  // covers indices [number * kLeafEntries, (number + 1) * kLeafEntries)
    Leaf* next;       // ascending by number
    PageEntry entries[kLeafEntries];
  };

  MemoryObject(ObjectKind kind, uint32_t key) : kind_(kind), key_(key) {}
  Leaf* leaf(uint32_t number) const;
  void destroy(PageSink& sink);
  void drop_entry(PageEntry& entry, PageSink& sink);
  void collapse_into_child(PageSink& sink);
  void add_child(MemoryObject* child);
  void remove_child(MemoryObject* child);

  ObjectKind kind_;
  bool hidden_ = false;
  bool shared_ = false;
  uint32_t key_;
  uint32_t refs_ = 1;
  uint32_t page_limit_ = kNoPageLimit;
  const void* backer_ = nullptr;
  MemoryObject* parent_ = nullptr;
  MemoryObject* first_child_ = nullptr;
  MemoryObject* next_sibling_ = nullptr;
  Leaf* leaves_ = nullptr;
};

// True if the object's pages may be mapped by several address spaces at once: a program's image object
// (the root: a copy-on-write child of it has the same kind but pages of one process), a fork's hidden
// parent, or a MAP_SHARED mapping's object (vmstat's "shared").
inline bool is_shareable(const MemoryObject& object) {
  return (object.kind() == ObjectKind::ProgramImage && object.parent() == nullptr) || object.hidden() ||
         object.shared();
}

template <typename Fn>
void MemoryObject::for_each_page(Fn&& fn) {
  for (Leaf* l = leaves_; l; l = l->next)
    for (uint32_t i = 0; i < kLeafEntries; ++i)
      if (!l->entries[i].empty()) fn(l->number * kLeafEntries + i, l->entries[i]);
}

}  // namespace cw::mm

// Host tests for the mapping calls' core: RegionMap split/merge (mm/region_edit.cpp), placement and
// mmap's argument checks (mm/mmap_layout.h), and munmap/mprotect/mremap/madvise over regions and memory
// objects (mm/mapping_ops.h), with frames and swap slots counted back exactly through a fake PageSink.
#include "mm/mapping_ops.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <vector>

#include "lib/abi/mman.h"
#include "mm/mmap_layout.h"
#include "tests/host/object_memory_host.h"

namespace cw::mm {
namespace {

using namespace cw::abi;

constexpr VirtAddr V(uint32_t a) { return VirtAddr(a); }
constexpr uint32_t P = kPageSize;
constexpr Protection kRx = Protection::Read | Protection::Execute;

struct FakeSink final : PageSink {
  virtual ~FakeSink() = default;
  std::multiset<uint32_t> frames, slots;
  void free_frame(FrameIndex f) override { frames.insert(f.get()); }
  void free_slot(SwapSlot s) override { slots.insert(s.get()); }
  void frame_moved(FrameIndex, const MemoryObject&, uint32_t) override {}
};

// The page-table side: a PTE per mapped page (address -> frame), and mlock's locked pages.
struct FakeHooks final : MappingHooks {
  virtual ~FakeHooks() = default;
  std::map<uint32_t, uint32_t> ptes;
  std::set<uint32_t> writable;
  std::set<uint32_t> locked;
  void unmap_pages(const Region&, VirtAddr start, VirtAddr end) override {
    for (uint32_t a = start.get(); a < end.get(); a += P) {
      ptes.erase(a);
      writable.erase(a);
      locked.erase(a);
    }
  }
  void hide_pages(const Region&, VirtAddr start, VirtAddr end) override {
    for (uint32_t a = start.get(); a < end.get(); a += P) {
      ptes.erase(a);
      writable.erase(a);
    }
  }
  void write_protect(const Region&, VirtAddr start, VirtAddr end) override {
    for (uint32_t a = start.get(); a < end.get(); a += P) writable.erase(a);
  }
  void relocate(const Region&, VirtAddr from, VirtAddr to, uint32_t length) override {
    std::set<uint32_t> moved;
    for (uint32_t a = from.get(); a < from.get() + length; a += P) {
      ptes.erase(a);
      writable.erase(a);
      if (locked.erase(a)) moved.insert(to.get() + (a - from.get()));
    }
    locked.insert(moved.begin(), moved.end());
  }
  bool any_locked(VirtAddr start, VirtAddr end) const override {
    auto it = locked.lower_bound(start.get());
    return it != locked.end() && *it < end.get();
  }
};

// The typical process: text RX, data RW (a private child of the image object), an empty heap, a stack.
struct Space {
  RegionMap map;
  FakeSink sink;
  FakeHooks hooks;
  MemoryObject* image = nullptr;
  uint32_t next_frame = 100;

  Space() {
    image = MemoryObject::create(ObjectKind::ProgramImage, 1).value();
    Region text = Region::image(V(0x08048000), V(0x0804A000), kRx);
    text.object = image;
    image->ref();
    Region data = Region::image(V(0x0804A000), V(0x0804E000), kReadWrite);
    data.object = MemoryObject::create_child(*image).value();
    Region heap = Region::heap(V(0x0804E000), V(0x0804E000));
    heap.object = MemoryObject::create(ObjectKind::Anonymous).value();
    Region stack = Region::stack(V(kUserTop), P);
    stack.object = MemoryObject::create(ObjectKind::Anonymous).value();
    EXPECT_TRUE(map.add(text));
    EXPECT_TRUE(map.add(data));
    EXPECT_TRUE(map.add(heap));
    EXPECT_TRUE(map.add(stack));
    image->unref(sink);  // the regions hold it now
  }
  ~Space() { clear(); }
  void clear() {
    while (map.count() > 0) {
      Region r = map.remove(map.at(0).start).value();
      hooks.unmap_pages(r, r.start, r.end);
      r.object->unref(sink);
    }
  }

  // mmap through the core, as AddressSpace::map does.
  Result<uint32_t> mmap(uint32_t addr, uint32_t length, uint32_t prot, uint32_t flags) {
    MmapPlan plan = TRY(plan_mmap(map, MmapArgs{addr, length, prot, flags | kMapAnonymous, -1, 0}));
    MemoryObject* object = MemoryObject::create(ObjectKind::Anonymous).value();
    if (plan.shared) object->mark_shared();
    if (plan.replace) TRY(unmap(map, plan.start, plan.length, hooks, sink));
    Region r{plan.start, plan.start + plan.length, RegionKind::Mmap, plan.protection, plan.start};
    r.object = object;
    r.index_base = plan.start.page().get();
    r.shared = plan.shared;
    TRY(map.add(r));
    return plan.start.get();
  }

  // "Touches" page `a`: gives its object's entry a frame (and a slot when `swapped`, without a frame),
  // and a PTE, like a fault would.
  void touch(uint32_t a, bool swapped = false) {
    Region* r = map.find(V(a));
    ASSERT_NE(r, nullptr);
    PageEntry* e = r->object->own_or_create(r->index_of(V(a))).value();
    if (swapped) {
      e->set_slot(SwapSlot(next_frame++));
      return;
    }
    e->set_frame(FrameIndex(next_frame++));
    hooks.ptes[a] = e->frame().get();
    hooks.writable.insert(a);
  }
  // The frame or slot number at page `a` as the region there sees it (0: none).
  uint32_t page_at(uint32_t a) {
    Region* r = map.find(V(a));
    if (!r) return 0;
    MemoryObject::Found f = r->object->lookup(r->index_of(V(a)));
    if (!f.object) return 0;
    return f.entry->resident() ? f.entry->frame().get() : f.entry->has_slot() ? f.entry->slot().get() : 0;
  }
  std::vector<uint32_t> starts() const {
    std::vector<uint32_t> s;
    for (const Region& r : map) s.push_back(r.start.get());
    return s;
  }
};

const uint32_t kAnon = kMapPrivate;

TEST(region_edit, SplitAndMergeKeepReferences) {
  Space s;
  uint32_t m = s.mmap(0, 4 * P, kProtRead | kProtWrite, kAnon).value();
  MemoryObject* o = s.map.find(V(m))->object;
  EXPECT_EQ(o->references(), 1u);
  ASSERT_TRUE(s.map.split(V(m + P)));
  ASSERT_TRUE(s.map.split(V(m + 3 * P)));
  EXPECT_EQ(o->references(), 3u);
  EXPECT_EQ(s.map.find(V(m + 2 * P))->start, V(m + P));
  EXPECT_EQ(s.map.find(V(m + 2 * P))->end, V(m + 3 * P));
  EXPECT_EQ(s.map.find(V(m + 2 * P))->index_of(V(m + 2 * P)), 2u) << "indices unchanged by a split";
  EXPECT_TRUE(s.map.split(V(m + P))) << "a split at a boundary is a no-op";
  ASSERT_TRUE(s.map.resize(V(0x0804E000), V(0x08050000)));
  EXPECT_EQ(s.map.split(V(0x0804F000)).error(), Error::InvalidArgument) << "the heap stays whole";
  s.map.merge_at(V(m + P), s.sink);
  s.map.merge_at(V(m + 3 * P), s.sink);
  EXPECT_EQ(s.map.find(V(m))->end, V(m + 4 * P));
  EXPECT_EQ(o->references(), 1u);
  EXPECT_TRUE(s.sink.frames.empty());
}

TEST(region_edit, SplitFailsWhenTheTableIsFull) {
  Space s;
  while (s.map.capacity_left() > 1) ASSERT_TRUE(s.mmap(0, P, kProtRead, kAnon));
  uint32_t m = s.mmap(0, 2 * P, kProtRead, kAnon).value();
  EXPECT_EQ(s.map.split(V(m + P)).error(), Error::NoMemory);
  EXPECT_EQ(s.mmap(0, P, kProtRead, kAnon).error(), Error::NoMemory);
  EXPECT_EQ(protect(s.map, V(m), P, Protection::None, s.hooks, s.sink).error(), Error::NoMemory);
  EXPECT_EQ(s.map.find(V(m))->end, V(m + 2 * P)) << "nothing changed";
}

TEST(mmap_layout, TopDownBelowTheBaseThenHints) {
  Space s;
  uint32_t a = s.mmap(0, 4 * P, kProtRead, kAnon).value();
  EXPECT_EQ(a, kMmapBase - 4 * P);
  uint32_t b = s.mmap(0, P, kProtRead, kAnon).value();
  EXPECT_EQ(b, a - P) << "the area grows down";
  ASSERT_TRUE(unmap(s.map, V(a), 4 * P, s.hooks, s.sink));
  EXPECT_EQ(s.mmap(0, 2 * P, kProtRead, kAnon).value(), kMmapBase - 2 * P) << "a freed gap is reused";
  EXPECT_EQ(s.mmap(0x50000123, P, kProtRead, kAnon).value(), 0x50000000u) << "a free hint, rounded down";
  EXPECT_NE(s.mmap(0x50000000, P, kProtRead, kAnon).value(), 0x50000000u) << "a taken hint is not used";
  EXPECT_EQ(s.mmap(0x0804A000, P, kProtRead, kAnon).value() >= 0x40000000u, true) << "nor the image";
  EXPECT_GT(s.mmap(0x100, P, kProtRead, kAnon).value(), 0x40000000u) << "0x100 rounds down to no hint at all";
  EXPECT_EQ(s.mmap(0x1000, P, kProtRead, kAnon).value(), kUserBase) << "the lowest page is a fine hint";
  // Into the stack's growth room and guard gap: never.
  EXPECT_NE(s.mmap(kUserTop - kStackMaxSize - P, P, kProtRead, kAnon).value(), kUserTop - kStackMaxSize - P);
}

TEST(mmap_layout, FallsBackBottomUpWhenTheTopIsFull) {
  RegionMap map;
  ASSERT_TRUE(map.add(Region{V(kUserBase), V(kMmapBase), RegionKind::Mmap, Protection::Read, V(kUserBase)}));
  EXPECT_EQ(find_unmapped_area(map, P, V(0)).value(), V(kMmapBase));
  EXPECT_EQ(find_unmapped_area(map, kUserTop - kMmapBase, V(0)).value(), V(kMmapBase)) << "exactly fits";
  EXPECT_EQ(find_unmapped_area(map, kUserTop - kMmapBase + P, V(0)).error(), Error::NoMemory);
}

TEST(mmap_layout, ArgumentErrorsInLinuxOrder) {
  Space s;
  auto plan = [&](uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags, uint32_t pgoff = 0) {
    return plan_mmap(s.map, MmapArgs{addr, len, prot, flags, -1, pgoff});
  };
  const uint32_t anon = kMapPrivate | kMapAnonymous;
  EXPECT_EQ(plan(0, 0, 3, kMapPrivate).error(), Error::BadDescriptor) << "no descriptor before length";
  EXPECT_EQ(plan(0, 0, 3, anon).error(), Error::InvalidArgument);
  EXPECT_EQ(plan(0, P, 3, kMapAnonymous).error(), Error::InvalidArgument);
  EXPECT_EQ(plan(0, P, 3, kMapSharedValidate | kMapAnonymous).error(), Error::InvalidArgument);
  EXPECT_EQ(plan(0, P, 3, 15 | kMapAnonymous).error(), Error::InvalidArgument);
  EXPECT_EQ(plan(0x50000001, P, 3, anon | kMapFixed).error(), Error::InvalidArgument);
  EXPECT_EQ(plan(0x50000001, P, 3, anon | kMapFixedNoReplace).error(), Error::InvalidArgument);
  EXPECT_EQ(plan(0, P, 3, anon | kMapFixed).error(), Error::Permission);
  EXPECT_EQ(plan(kUserTop - P, 2 * P, 3, anon | kMapFixed).error(), Error::NoMemory);
  EXPECT_EQ(plan(0, 0xFFFFFFFF, 3, anon).error(), Error::NoMemory);
  EXPECT_EQ(plan(0, kUserTop, 3, anon).error(), Error::NoMemory);
  EXPECT_EQ(plan(0, 2 * P, 3, anon, 0xFFFFFFFF).error(), Error::Overflow);
  EXPECT_EQ(plan(0, P, 3, kMapShared | kMapAnonymous | kMapGrowsDown).error(), Error::InvalidArgument);
  EXPECT_EQ(plan(0, P, 3, anon | kMapGrowsDown).error(), Error::InvalidArgument);
  EXPECT_EQ(plan(0x0804A000, P, 3, anon | kMapFixedNoReplace).error(), Error::Exists);
  MmapPlan p = plan(0, 5000, 0xF3, anon | kMapPopulate | 0x40).value();
  EXPECT_EQ(p.length, 2 * P);
  EXPECT_EQ(p.protection, kReadWrite) << "unknown prot bits ignored";
  EXPECT_TRUE(p.populate);
  EXPECT_FALSE(p.shared);
  EXPECT_TRUE(plan(0, P, 3, kMapShared | kMapAnonymous).value().shared);
  EXPECT_TRUE(plan(0x0804A000, P, 3, anon | kMapFixed).value().replace);
}

TEST(mapping_ops, MunmapSplitsAndFreesExactly) {
  Space s;
  uint32_t m = s.mmap(0, 8 * P, kProtRead | kProtWrite, kAnon).value();
  for (uint32_t i = 0; i < 8; ++i) s.touch(m + i * P, i % 2 == 1);  // even pages resident, odd in swap
  const uint32_t objects = MemoryObject::live_count();
  ASSERT_TRUE(unmap(s.map, V(m + 3 * P), 2 * P, s.hooks, s.sink));  // middle: page 3 (swap), 4 (frame)
  EXPECT_EQ(s.sink.frames.size(), 1u);
  EXPECT_EQ(s.sink.slots.size(), 1u);
  EXPECT_EQ(s.hooks.ptes.count(m + 4 * P), 0u);
  EXPECT_EQ(s.map.find(V(m + 3 * P)), nullptr);
  EXPECT_NE(s.page_at(m + 2 * P), 0u);
  EXPECT_NE(s.page_at(m + 5 * P), 0u);
  ASSERT_TRUE(unmap(s.map, V(m), P, s.hooks, s.sink));            // start
  ASSERT_TRUE(unmap(s.map, V(m + 7 * P), P, s.hooks, s.sink));    // end
  EXPECT_EQ(s.sink.frames.size() + s.sink.slots.size(), 4u);
  EXPECT_TRUE(unmap(s.map, V(0x70000000), P, s.hooks, s.sink)) << "nothing there: success";
  ASSERT_TRUE(unmap(s.map, V(m), 8 * P, s.hooks, s.sink));         // the rest, holes included
  EXPECT_EQ(s.sink.frames.size(), 4u);
  EXPECT_EQ(s.sink.slots.size(), 4u);
  EXPECT_EQ(MemoryObject::live_count(), objects - 1);
  EXPECT_EQ(s.map.count(), 4u);
  EXPECT_TRUE(unmap(s.map, V(0x0804D000), 2 * P, s.hooks, s.sink)) << "the last data page; the empty heap stays";
  EXPECT_EQ(s.map.find(V(0x0804D000)), nullptr);
  EXPECT_NE(s.map.heap(), nullptr);
  ASSERT_TRUE(s.map.resize(V(0x0804E000), V(0x08050000)));
  EXPECT_EQ(unmap(s.map, V(0x0804F000), P, s.hooks, s.sink).error(), Error::InvalidArgument) << "the heap";
  EXPECT_TRUE(unmap(s.map, V(0x08050000), P, s.hooks, s.sink)) << "just above the heap: nothing there";
}

TEST(mapping_ops, MunmapCheckedErrors) {
  Space s;
  EXPECT_EQ(unmap_checked(s.map, 0x50000001, P, s.hooks, s.sink).error(), Error::InvalidArgument);
  EXPECT_EQ(unmap_checked(s.map, 0x50000000, 0, s.hooks, s.sink).error(), Error::InvalidArgument);
  EXPECT_EQ(unmap_checked(s.map, kUserTop, P, s.hooks, s.sink).error(), Error::InvalidArgument);
  EXPECT_EQ(unmap_checked(s.map, kUserTop - P, 2 * P, s.hooks, s.sink).error(), Error::InvalidArgument);
  EXPECT_TRUE(unmap_checked(s.map, 0x50000000, 1, s.hooks, s.sink));
}

TEST(mapping_ops, MunmapOfTheImageLeavesTheSharedObject) {
  Space s;
  PageEntry* text = s.image->own_or_create(0x08048).value();
  text->set_frame(FrameIndex(7));
  ASSERT_TRUE(unmap(s.map, V(0x08048000), 2 * P, s.hooks, s.sink));
  EXPECT_TRUE(s.sink.frames.empty()) << "another process may run the program";
  EXPECT_EQ(s.image->references(), 1u) << "the data region's child still holds it";
}

TEST(mapping_ops, MprotectSplitsChangesAndMerges) {
  Space s;
  uint32_t m = s.mmap(0, 4 * P, kProtRead | kProtWrite, kAnon).value();
  for (uint32_t i = 0; i < 4; ++i) s.touch(m + i * P);
  ASSERT_TRUE(protect(s.map, V(m + P), 2 * P, Protection::Read, s.hooks, s.sink));
  EXPECT_EQ(s.map.find(V(m + P))->protection, Protection::Read);
  EXPECT_EQ(s.map.find(V(m))->protection, kReadWrite);
  EXPECT_EQ(s.hooks.writable, (std::set<uint32_t>{m, m + 3 * P})) << "write-protected in the range only";
  EXPECT_EQ(s.hooks.ptes.size(), 4u) << "read-only pages stay mapped";
  s.hooks.locked.insert(m + 2 * P);
  ASSERT_TRUE(protect(s.map, V(m + 2 * P), P, Protection::None, s.hooks, s.sink));
  EXPECT_EQ(s.hooks.ptes.count(m + 2 * P), 0u) << "PROT_NONE clears the entry";
  EXPECT_EQ(s.hooks.locked.count(m + 2 * P), 1u) << "and keeps the lock";
  s.hooks.locked.clear();
  EXPECT_EQ(s.page_at(m + 2 * P), 102u) << "but the page stays";
  ASSERT_TRUE(protect(s.map, V(m), 4 * P, kReadWrite, s.hooks, s.sink));
  EXPECT_EQ(s.map.find(V(m))->end, V(m + 4 * P)) << "merged back into one region";
  EXPECT_EQ(s.map.find(V(m))->object->references(), 1u);
  EXPECT_EQ(protect(s.map, V(m), 8 * P, Protection::Read, s.hooks, s.sink).error(), Error::NoMemory) << "hole";
  EXPECT_EQ(s.map.find(V(m))->protection, kReadWrite) << "nothing changed";
  EXPECT_TRUE(protect(s.map, V(kUserTop - P), P, Protection::Read, s.hooks, s.sink)) << "the whole stack";
  EXPECT_TRUE(protect(s.map, V(0x08048000), P, Protection::Read, s.hooks, s.sink)) << "part of the text";
}

TEST(mapping_ops, MprotectOfTheRelroPartOfTheData) {
  Space s;
  ASSERT_TRUE(protect(s.map, V(0x0804B000), 2 * P, Protection::Read, s.hooks, s.sink));
  std::vector<uint32_t> starts = s.starts();
  EXPECT_EQ(starts, (std::vector<uint32_t>{0x08048000, 0x0804A000, 0x0804B000, 0x0804D000, 0x0804E000,
                                           kUserTop - P}));
  EXPECT_EQ(s.map.find(V(0x0804B000))->object, s.map.find(V(0x0804A000))->object) << "one private object";
}

TEST(mapping_ops, MprotectWriteOnTextGetsAPrivateCopy) {
  Space s;
  ASSERT_TRUE(protect(s.map, V(0x08048000), P, kReadWrite, s.hooks, s.sink));
  const Region* r = s.map.find(V(0x08048000));
  EXPECT_NE(r->object, s.image);
  EXPECT_EQ(r->object->parent(), s.image) << "writes go to a copy-on-write child";
  EXPECT_TRUE(r->owns_object_pages());
  EXPECT_EQ(s.map.find(V(0x08049000))->object, s.image);
}

TEST(mapping_ops, MprotectCheckedErrorsAndMaxProtection) {
  Space s;
  uint32_t m = s.mmap(0, P, kProtRead, kAnon).value();
  EXPECT_EQ(protect_checked(s.map, m + 1, P, 1, s.hooks, s.sink).error(), Error::InvalidArgument);
  EXPECT_TRUE(protect_checked(s.map, 0x70000000, 0, 1, s.hooks, s.sink));
  EXPECT_EQ(protect_checked(s.map, 0xFFFFF000, 2 * P, 1, s.hooks, s.sink).error(), Error::NoMemory);
  EXPECT_EQ(protect_checked(s.map, m, P, 0x10, s.hooks, s.sink).error(), Error::InvalidArgument);
  EXPECT_EQ(protect_checked(s.map, m, P, kProtGrowsDown | 1, s.hooks, s.sink).error(), Error::InvalidArgument);
  EXPECT_EQ(protect_checked(s.map, 0x70000000, P, kProtGrowsDown | 1, s.hooks, s.sink).error(), Error::NoMemory);
  EXPECT_EQ(protect_checked(s.map, m, P, kProtGrowsDown | kProtGrowsUp | 1, s.hooks, s.sink).error(),
            Error::InvalidArgument);
  EXPECT_TRUE(protect_checked(s.map, m, P, kProtRead | kProtSem, s.hooks, s.sink));
  // A shared mapping of an object that may not be written (a read-only file, later): EACCES.
  s.map.find(V(m))->max_protection = Protection::Read | Protection::Execute;
  EXPECT_EQ(protect(s.map, V(m), P, kReadWrite, s.hooks, s.sink).error(), Error::AccessDenied);
  EXPECT_TRUE(protect(s.map, V(m), P, kRx, s.hooks, s.sink));
  EXPECT_EQ(protect(s.map, V(0x0804E000 - P), 2 * P, Protection::Read, s.hooks, s.sink).error(), Error::NoMemory)
      << "the empty heap is a hole";
}

TEST(mapping_ops, MremapShrinkGrowInPlaceAndErrors) {
  Space s;
  uint32_t m = s.mmap(0x50000000, 8 * P, 3, kAnon | kMapFixed).value();
  for (uint32_t i = 0; i < 8; ++i) s.touch(m + i * P);
  EXPECT_EQ(remap(s.map, V(m), 8 * P, 4 * P, 0, V(0), s.hooks, s.sink).value(), V(m));
  EXPECT_EQ(s.sink.frames.size(), 4u);
  EXPECT_EQ(remap(s.map, V(m), 4 * P, 12 * P, 0, V(0), s.hooks, s.sink).value(), V(m)) << "grown in place";
  EXPECT_EQ(s.map.find(V(m))->end, V(m + 12 * P));
  EXPECT_EQ(s.page_at(m + 5 * P), 0u) << "the grown part is new (zero fill)";
  EXPECT_EQ(s.page_at(m + 3 * P), 103u);
  ASSERT_TRUE(s.mmap(m + 12 * P, P, 3, kAnon | kMapFixed));
  EXPECT_EQ(remap(s.map, V(m), 12 * P, 16 * P, 0, V(0), s.hooks, s.sink).error(), Error::NoMemory);
  auto r = [&](uint32_t a, uint32_t o, uint32_t n, uint32_t f, uint32_t to = 0) {
    return remap(s.map, V(a), o, n, f, V(to), s.hooks, s.sink);
  };
  EXPECT_EQ(r(m + 1, P, 2 * P, 0).error(), Error::InvalidArgument);
  EXPECT_EQ(r(m, P, 2 * P, 8).error(), Error::InvalidArgument);
  EXPECT_EQ(r(m, P, 2 * P, kMremapFixed, 0x60000000).error(), Error::InvalidArgument);
  EXPECT_EQ(r(m, P, 2 * P, kMremapMayMove | kMremapDontUnmap).error(), Error::InvalidArgument);
  EXPECT_EQ(r(m, P, 0, 0).error(), Error::InvalidArgument);
  EXPECT_EQ(r(m, 0, P, kMremapMayMove).error(), Error::InvalidArgument);
  EXPECT_EQ(r(0x70000000, P, 2 * P, 0).error(), Error::BadAddress);
  EXPECT_EQ(r(0x70000000, 2 * P, P, 0).error(), Error::BadAddress);
  EXPECT_EQ(r(m, 14 * P, 15 * P, kMremapMayMove).error(), Error::BadAddress) << "across regions";
  EXPECT_EQ(r(m, P, P, kMremapFixed | kMremapMayMove, 0x60000001).error(), Error::InvalidArgument);
  EXPECT_EQ(r(m, 2 * P, 2 * P, kMremapFixed | kMremapMayMove, m + P).error(), Error::InvalidArgument);
  EXPECT_EQ(r(m, P, 2 * P, kMremapFixed | kMremapMayMove, kUserTop - P).error(), Error::InvalidArgument);
  EXPECT_EQ(r(m, P, 0xFFFFF001, kMremapMayMove).error(), Error::InvalidArgument);
  ASSERT_TRUE(s.map.resize(V(0x0804E000), V(0x08050000)));
  EXPECT_EQ(r(0x0804E000, P, 2 * P, kMremapMayMove).error(), Error::InvalidArgument) << "the heap moves only by brk";
}

TEST(mapping_ops, MremapMovesPagesAndSlotsWithTheObject) {
  Space s;
  uint32_t m = s.mmap(0x50000000, 6 * P, 3, kAnon | kMapFixed).value();
  for (uint32_t i = 0; i < 6; ++i) s.touch(m + i * P, i >= 3);  // 3 resident, 3 in swap
  s.hooks.locked.insert(m + P);
  ASSERT_TRUE(s.mmap(m + 6 * P, P, 3, kAnon | kMapFixed));  // a blocker: growing must move
  const uint32_t objects = MemoryObject::live_count();
  std::vector<uint32_t> before;
  for (uint32_t i = 0; i < 6; ++i) before.push_back(s.page_at(m + i * P));
  uint32_t n = remap(s.map, V(m), 6 * P, 10 * P, kMremapMayMove, V(0), s.hooks, s.sink).value().get();
  EXPECT_NE(n, m);
  for (uint32_t i = 0; i < 6; ++i) EXPECT_EQ(s.page_at(n + i * P), before[i]) << "page " << i;
  EXPECT_EQ(s.page_at(n + 7 * P), 0u);
  EXPECT_EQ(s.map.find(V(m)), nullptr);
  EXPECT_TRUE(s.sink.frames.empty() && s.sink.slots.empty()) << "nothing freed, nothing copied";
  EXPECT_EQ(MemoryObject::live_count(), objects) << "the same object";
  EXPECT_EQ(s.hooks.ptes.count(m), 0u) << "old entries cleared";
  EXPECT_EQ(s.hooks.locked, (std::set<uint32_t>{n + P})) << "the lock moved with its page";
  // MREMAP_FIXED onto an existing mapping replaces it.
  uint32_t victim = s.mmap(0x60000000, 2 * P, 3, kAnon | kMapFixed).value();
  s.touch(victim);
  EXPECT_EQ(remap(s.map, V(n), 10 * P, 10 * P, kMremapMayMove | kMremapFixed, V(0x60000000), s.hooks, s.sink)
                .value(),
            V(0x60000000));
  EXPECT_EQ(s.sink.frames.size(), 1u) << "the replaced mapping's page";
  for (uint32_t i = 0; i < 6; ++i) EXPECT_EQ(s.page_at(0x60000000 + i * P), before[i]);
  // A piece of a region moves alone; the rest keeps its pages.
  uint32_t piece = remap(s.map, V(0x60000000 + 2 * P), 2 * P, 2 * P, kMremapMayMove | kMremapFixed,
                         V(0x70000000), s.hooks, s.sink).value().get();
  EXPECT_EQ(piece, 0x70000000u);
  EXPECT_EQ(s.page_at(0x70000000), before[2]);
  EXPECT_EQ(s.page_at(0x70000000 + P), before[3]);
  EXPECT_EQ(s.page_at(0x60000000 + 4 * P), before[4]);
  EXPECT_EQ(s.map.find(V(0x60000000 + 2 * P)), nullptr);
  EXPECT_EQ(remap(s.map, V(0x70000000), 2 * P, 4 * P, kMremapMayMove, V(0), s.hooks, s.sink).error(),
            Error::NoMemory)
      << "growing would reach the indices the rest of the object still maps";
  s.clear();
  EXPECT_EQ(s.sink.frames.size(), 4u);
  EXPECT_EQ(s.sink.slots.size(), 3u);
}

TEST(mapping_ops, MremapOfLengthZeroDuplicatesASharedMapping) {
  Space s;
  uint32_t m = s.mmap(0, 4 * P, 3, kMapShared).value();
  s.touch(m + 2 * P);
  EXPECT_EQ(remap(s.map, V(m + 2 * P), 0, 2 * P, 0, V(0), s.hooks, s.sink).error(), Error::NoMemory)
      << "a duplicate needs MAYMOVE";
  uint32_t d = remap(s.map, V(m + 2 * P), 0, 2 * P, kMremapMayMove, V(0), s.hooks, s.sink).value().get();
  EXPECT_EQ(s.page_at(d), s.page_at(m + 2 * P)) << "the same page";
  EXPECT_NE(s.map.find(V(m)), nullptr) << "the original stays";
  EXPECT_EQ(s.map.find(V(d))->object, s.map.find(V(m))->object);
  EXPECT_EQ(s.map.find(V(m))->object->references(), 2u);
  ASSERT_TRUE(unmap(s.map, V(m), 4 * P, s.hooks, s.sink));
  EXPECT_TRUE(s.sink.frames.empty()) << "the duplicate still maps it";
  ASSERT_TRUE(unmap(s.map, V(d), 2 * P, s.hooks, s.sink));
  EXPECT_EQ(s.sink.frames.size(), 1u);
}

TEST(mapping_ops, MadviseDontNeedZeroesPrivateAndKeepsShared) {
  Space s;
  uint32_t m = s.mmap(0, 4 * P, 3, kAnon).value();
  for (uint32_t i = 0; i < 4; ++i) s.touch(m + i * P, i == 3);
  ASSERT_TRUE(advise(s.map, V(m), 4 * P, kMadvDontNeed, s.hooks, s.sink));
  EXPECT_EQ(s.sink.frames.size(), 3u);
  EXPECT_EQ(s.sink.slots.size(), 1u);
  for (uint32_t i = 0; i < 4; ++i) EXPECT_EQ(s.page_at(m + i * P), 0u);
  uint32_t sh = s.mmap(0, 2 * P, 3, kMapShared).value();
  s.touch(sh);
  ASSERT_TRUE(advise(s.map, V(sh), 2 * P, kMadvDontNeed, s.hooks, s.sink));
  EXPECT_EQ(s.hooks.ptes.count(sh), 0u);
  EXPECT_NE(s.page_at(sh), 0u) << "shared contents stay";
  EXPECT_EQ(advise(s.map, V(sh), P, kMadvFree, s.hooks, s.sink).error(), Error::InvalidArgument);
  EXPECT_EQ(advise(s.map, V(0x0804A000), P, kMadvDontNeed, s.hooks, s.sink).error(), Error::InvalidArgument);
  EXPECT_TRUE(advise(s.map, V(0x08048000), P, kMadvDontNeed, s.hooks, s.sink)) << "text: only unmapped";
  EXPECT_EQ(advise(s.map, V(m), P, 77, s.hooks, s.sink).error(), Error::InvalidArgument);
  EXPECT_EQ(advise(s.map, V(m + 1), P, kMadvNormal, s.hooks, s.sink).error(), Error::InvalidArgument);
  EXPECT_TRUE(advise(s.map, V(m), 0, kMadvDontNeed, s.hooks, s.sink));
  EXPECT_EQ(advise(s.map, V(m), 0xFFFFFFFF, kMadvNormal, s.hooks, s.sink).error(), Error::InvalidArgument);
  EXPECT_EQ(advise(s.map, V(0x70000000), P, kMadvWillNeed, s.hooks, s.sink).error(), Error::NoMemory);
  s.hooks.locked.insert(m);
  EXPECT_EQ(advise(s.map, V(m), P, kMadvDontNeed, s.hooks, s.sink).error(), Error::InvalidArgument);
}

TEST(mapping_ops, DontNeedAfterForkHidesTheParentsPages) {
  Space s;
  uint32_t m = s.mmap(0, 2 * P, 3, kAnon).value();
  s.touch(m);
  Region* r = s.map.find(V(m));
  MemoryObject* keep = nullptr;
  MemoryObject* give = nullptr;
  ASSERT_TRUE(r->object->fork(&keep, &give));
  r->object = keep;
  ASSERT_TRUE(advise(s.map, V(m), 2 * P, kMadvDontNeed, s.hooks, s.sink));
  EXPECT_EQ(s.page_at(m), 0u) << "zeros, not the page from before the fork";
  EXPECT_NE(give->lookup(0).object, nullptr) << "the other side still sees it";
  give->unref(s.sink);
}

TEST(mapping_ops, SharedMappingOutlivesOneSide) {
  Space a;
  Space b;
  uint32_t m = a.mmap(0, 2 * P, 3, kMapShared).value();
  a.touch(m);
  Region copy = *a.map.find(V(m));
  copy.object->ref();  // as fork shares it
  ASSERT_TRUE(b.map.add(copy));
  EXPECT_EQ(b.page_at(m), a.page_at(m));
  ASSERT_TRUE(unmap(a.map, V(m), 2 * P, a.hooks, a.sink));
  EXPECT_TRUE(a.sink.frames.empty()) << "the other side still maps the page";
  EXPECT_NE(b.page_at(m), 0u);
  ASSERT_TRUE(unmap(b.map, V(m), P, b.hooks, b.sink));
  ASSERT_TRUE(unmap(b.map, V(m + P), P, b.hooks, b.sink));
  EXPECT_EQ(b.sink.frames.size(), 1u) << "freed with the last mapping";
}

TEST(mapping_ops, ManyCyclesBackToBaseline) {
  Space s;
  const uint32_t objects = MemoryObject::live_count();
  for (uint32_t i = 0; i < 200; ++i) {
    uint32_t m = s.mmap(0, 4 * P, 3, i % 2 ? kMapShared : kAnon).value();
    for (uint32_t k = 0; k < 4; ++k) s.touch(m + k * P, k == 3);
    ASSERT_TRUE(protect(s.map, V(m + P), P, Protection::Read, s.hooks, s.sink));
    ASSERT_TRUE(unmap(s.map, V(m), 4 * P, s.hooks, s.sink));
  }
  EXPECT_EQ(MemoryObject::live_count(), objects);
  EXPECT_EQ(s.sink.frames.size(), 600u);
  EXPECT_EQ(s.sink.slots.size(), 200u);
  EXPECT_EQ(s.map.count(), 4u);
}

}  // namespace
}  // namespace cw::mm

namespace cw::mm {
namespace {

TEST(region_edit, MmapRegionsAreManyAndNeverEmpty) {
  RegionMap map;
  Region a{VirtAddr(0x50000000), VirtAddr(0x50001000), RegionKind::Mmap, kReadWrite, VirtAddr(0x50000000)};
  Region b = a;
  b.start = b.floor = VirtAddr(0x50001000);
  b.end = VirtAddr(0x50002000);
  EXPECT_TRUE(map.add(a));
  EXPECT_TRUE(map.add(b)) << "unlike the heap and the stack, any number of mmap regions";
  Region empty = a;
  empty.start = empty.floor = empty.end = VirtAddr(0x60000000);
  EXPECT_EQ(map.add(empty).error(), Error::InvalidArgument);
  EXPECT_EQ(map.resize(VirtAddr(0x50000000), VirtAddr(0x50000000)).error(), Error::InvalidArgument);
}

TEST(region_edit, WriteOrExecuteImplyRead) {
  // A present i386 page is always readable, so PROT_WRITE or PROT_EXEC alone still allow reads.
  EXPECT_TRUE(permits(Protection::Write, Access::Read));
  EXPECT_TRUE(permits(Protection::Execute, Access::Read));
  EXPECT_FALSE(permits(Protection::None, Access::Read));
  EXPECT_FALSE(permits(Protection::Read, Access::Write));
}

}  // namespace
}  // namespace cw::mm

namespace cw::mm {
namespace {

// A mapping cut into three pieces by mprotect, each with a resident page and a page in swap, unmapped
// piece by piece in every order: each munmap frees exactly that piece's frame and slot, and the object
// goes with the last piece.
class TeardownOrder : public ::testing::TestWithParam<std::vector<int>> {};

TEST_P(TeardownOrder, FreesExactlyEachPiece) {
  Space s;
  const uint32_t objects = MemoryObject::live_count();
  uint32_t m = s.mmap(0, 6 * P, 3, kMapPrivate).value();
  for (uint32_t i = 0; i < 6; ++i) s.touch(m + i * P, i % 2 == 1);
  ASSERT_TRUE(protect(s.map, V(m + 2 * P), 2 * P, Protection::Read, s.hooks, s.sink));
  ASSERT_EQ(s.map.count(), 7u);
  uint32_t freed = 0;
  for (int piece : GetParam()) {
    const uint32_t frame = 100 + 2 * piece;  // touch() numbered the pages 100, 101, ...
    const uint32_t slot = frame + 1;
    ASSERT_TRUE(unmap(s.map, V(m + 2 * piece * P), 2 * P, s.hooks, s.sink));
    ++freed;
    EXPECT_EQ(s.sink.frames.size(), freed);
    EXPECT_EQ(s.sink.slots.size(), freed);
    EXPECT_EQ(s.sink.frames.count(frame), 1u) << "piece " << piece;
    EXPECT_EQ(s.sink.slots.count(slot), 1u) << "piece " << piece;
  }
  EXPECT_EQ(MemoryObject::live_count(), objects);
  EXPECT_EQ(s.map.count(), 4u);
}

INSTANTIATE_TEST_SUITE_P(mapping_ops, TeardownOrder,
                         ::testing::Values(std::vector<int>{0, 1, 2}, std::vector<int>{0, 2, 1},
                                           std::vector<int>{1, 0, 2}, std::vector<int>{1, 2, 0},
                                           std::vector<int>{2, 0, 1}, std::vector<int>{2, 1, 0}));

// The same pieces left to the end of the process (Space::clear drops every region as exit does).
TEST(mapping_ops, PiecesFreedAtExit) {
  const uint32_t objects = MemoryObject::live_count();
  {
    Space s;
    uint32_t m = s.mmap(0, 6 * P, 3, kMapPrivate).value();
    for (uint32_t i = 0; i < 6; ++i) s.touch(m + i * P, i % 2 == 1);
    ASSERT_TRUE(protect(s.map, V(m + 2 * P), 2 * P, Protection::Read, s.hooks, s.sink));
    ASSERT_TRUE(unmap(s.map, V(m + 2 * P), P, s.hooks, s.sink));
    s.clear();
    EXPECT_EQ(s.sink.frames.size(), 3u);
    EXPECT_EQ(s.sink.slots.size(), 3u);
  }
  EXPECT_EQ(MemoryObject::live_count(), objects);
}

}  // namespace
}  // namespace cw::mm

// Host tests for mm/page_map: each page's use and flags, and the runs memshow draws, over a directory in
// host memory and real memory objects (a fork's hidden parent gives the copy-on-write case).
#include "mm/page_map.h"

#include "mm/memory_object.h"

#include <gtest/gtest.h>

#include "tests/host/host_page_tables.h"

#include <array>
#include <memory>
#include <vector>

namespace cw::mm {
namespace {

using test::HostTables;

struct CountingSink final : PageSink {
  virtual ~CountingSink() = default;
  uint32_t frames = 0, slots = 0;
  void free_frame(FrameIndex) override { ++frames; }
  void free_slot(SwapSlot) override { ++slots; }
  void frame_moved(FrameIndex, const MemoryObject&, uint32_t) override {}
};

constexpr VirtAddr kText(0x08048000);
constexpr VirtAddr kHeap(0x0804c000);

struct page_map : ::testing::Test {
  HostTables tables;
  std::array<uint32_t, 1024> kernel{};
  PageDirectory directory = PageDirectory::create(tables, kernel.data()).release_value();
  RegionMap regions;
  CountingSink sink;
  std::vector<MemoryObject*> objects;

  void SetUp() override {
    ASSERT_TRUE(regions.add(Region::image(kText, kText + 2 * kPageSize, Protection::Read | Protection::Execute)));
    ASSERT_TRUE(regions.add(Region::heap(kHeap, kHeap + 4 * kPageSize)));
    MemoryObject* image = MemoryObject::create(ObjectKind::ProgramImage, 1).release_value();
    MemoryObject* heap = MemoryObject::create(ObjectKind::Anonymous).release_value();
    regions.begin_mutable()[0].object = image;
    regions.begin_mutable()[1].object = heap;
  }
  void TearDown() override {
    for (Region* r = regions.begin_mutable(); r != regions.end(); ++r) r->object->unref(sink);
  }
  const Region& region(uint32_t i) { return regions.begin()[i]; }
  PageView view(uint32_t region_index, VirtAddr page) { return classify_page(region(region_index), directory, page); }
};

TEST_F(page_map, UsesFromThePageTableAndTheObjects) {
  MemoryObject* image = region(0).object;
  MemoryObject* heap = region(1).object;
  // Text page 0 mapped here; page 1 in the program's page cache only (another process loaded it).
  ASSERT_TRUE(directory.map(kText, PhysAddr(0x01000000), PageFlags::User));
  image->own_or_create(kText.page().get()).value()->set_frame(FrameIndex(0));
  image->own_or_create((kText + kPageSize).page().get()).value()->set_frame(FrameIndex(1));
  heap->own_or_create((kHeap + kPageSize).page().get()).value()->set_slot(SwapSlot(9));

  PageView mapped = view(0, kText);
  EXPECT_EQ(mapped.use, abi::PageUse::Resident);
  EXPECT_EQ(mapped.flags, abi::kPageShared);  // program text: every process running it may map it
  EXPECT_EQ(mapped.entry.kind, EntryKind::Present);
  EXPECT_EQ(view(0, kText + kPageSize).use, abi::PageUse::Cached);
  PageView swapped = view(1, kHeap + kPageSize);
  EXPECT_EQ(swapped.use, abi::PageUse::InSwap);
  EXPECT_EQ(swapped.slot, 9u);
  EXPECT_EQ(swapped.flags, abi::kPageWritable);
  PageView untouched = view(1, kHeap);
  EXPECT_EQ(untouched.use, abi::PageUse::NotLoaded);
  EXPECT_EQ(untouched.flags, abi::kPageWritable);
  // Frames are the test's: forget them before the objects go.
  image->own(kText.page().get())->frame_plus1 = 0;
  image->own((kText + kPageSize).page().get())->frame_plus1 = 0;
}

TEST_F(page_map, ForkedPagesAreSharedAndCopyOnWriteUntilWritten) {
  Region& heap_region = regions.begin_mutable()[1];
  heap_region.object->own_or_create(kHeap.page().get()).value()->set_slot(SwapSlot(3));
  heap_region.object->own_or_create((kHeap + kPageSize).page().get()).value()->set_slot(SwapSlot(4));
  MemoryObject* keep = nullptr;
  MemoryObject* give = nullptr;
  ASSERT_TRUE(heap_region.object->fork(&keep, &give));
  heap_region.object = keep;
  // After a write, page 1 is this side's own copy.
  keep->own_or_create((kHeap + kPageSize).page().get()).value()->set_slot(SwapSlot(5));

  PageView inherited = view(1, kHeap);
  EXPECT_EQ(inherited.use, abi::PageUse::InSwap);
  EXPECT_EQ(inherited.flags, abi::kPageWritable | abi::kPageShared | abi::kPageCow);
  PageView copied = view(1, kHeap + kPageSize);
  EXPECT_EQ(copied.slot, 5u);
  EXPECT_EQ(copied.flags, abi::kPageWritable);
  give->unref(sink);
}

TEST_F(page_map, RunsMergeEqualPagesWithinARegion) {
  ASSERT_TRUE(directory.map(kHeap + 2 * kPageSize, PhysAddr(0x01001000), PageFlags::User | PageFlags::Writable));
  ASSERT_TRUE(directory.map(kHeap + 3 * kPageSize, PhysAddr(0x01002000), PageFlags::User | PageFlags::Writable));
  std::array<abi::PageRun, 8> runs{};
  auto locked = [](Vpn page) { return page == (kHeap + 3 * kPageSize).page(); };
  uint32_t n = build_page_runs(regions, directory, locked, runs.data(), runs.size());
  ASSERT_EQ(n, 4u);
  EXPECT_EQ(runs[0].start, kText.get());
  EXPECT_EQ(runs[0].pages, 2u);
  EXPECT_EQ(runs[0].use, abi::PageUse::NotLoaded);
  EXPECT_EQ(runs[0].region, 0);
  EXPECT_EQ(runs[1].start, kHeap.get());
  EXPECT_EQ(runs[1].pages, 2u);
  EXPECT_EQ(runs[1].region, 1);
  EXPECT_EQ(runs[2].use, abi::PageUse::Resident);
  EXPECT_EQ(runs[2].pages, 1u);
  EXPECT_EQ(runs[3].flags, abi::kPageWritable | abi::kPageLocked);
  // A buffer too small for every run still reports how many there are.
  EXPECT_EQ(build_page_runs(regions, directory, locked, runs.data(), 1), 4u);
  EXPECT_EQ(runs[0].start, kText.get());
}

TEST_F(page_map, ImagePagesReadThroughAWritableRegionAreCopyOnWrite) {
  ASSERT_TRUE(regions.add(Region::image(VirtAddr(0x08050000), VirtAddr(0x08052000), kReadWrite)));
  Region& data = regions.begin_mutable()[2];
  data.object = MemoryObject::create_child(*region(0).object).release_value();
  region(0).object->own_or_create(Vpn(0x08050).get()).value()->set_slot(SwapSlot(2));
  PageView view = classify_page(data, directory, VirtAddr(0x08050000));
  EXPECT_EQ(view.use, abi::PageUse::InSwap);
  EXPECT_EQ(view.flags, abi::kPageWritable | abi::kPageShared | abi::kPageCow);
  // A page the region filled itself is private, though its object has the image's kind.
  data.object->own_or_create(Vpn(0x08051).get()).value()->set_slot(SwapSlot(3));
  EXPECT_EQ(classify_page(data, directory, VirtAddr(0x08051000)).flags, abi::kPageWritable);
}

}  // namespace
}  // namespace cw::mm

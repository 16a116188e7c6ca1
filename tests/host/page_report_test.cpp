// Host tests for mm/page_report: the exact text of page_dump's report for regions whose pages are
// resident, in swap and not loaded, over a directory in host memory.
#include "mm/page_report.h"

#include "mm/memory_object.h"

#include <gtest/gtest.h>

#include "tests/host/host_page_tables.h"

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace cw::mm {
namespace {

using test::HostTables;
using test::StringSink;

struct page_report : ::testing::Test {
  HostTables tables;
  std::array<uint32_t, 1024> kernel{};
  PageDirectory directory = PageDirectory::create(tables, kernel.data()).release_value();
  RegionMap regions;

  std::string report(PageCounts* totals = nullptr) {
    StringSink sink;
    PageCounts counts = write_page_report(sink, regions, directory);
    if (totals) *totals = counts;
    return sink.text();
  }
};

TEST_F(page_report, ListsResidentSwappedAndNotLoadedPagesPerRegion) {
  ASSERT_TRUE(regions.add(Region::image(VirtAddr(0x08048000), VirtAddr(0x0804c000),
                                        Protection::Read | Protection::Execute)));
  ASSERT_TRUE(regions.add(Region::heap(VirtAddr(0x0804c000), VirtAddr(0x0804e000))));
  ASSERT_TRUE(regions.add(Region::stack(VirtAddr(0xC0000000), kPageSize)));
  ASSERT_TRUE(directory.map(VirtAddr(0x08048000), PhysAddr(0x01234000), PageFlags::User | PageFlags::Accessed));
  // Swapped pages are known to the regions' objects, not to the page table.
  MemoryObject* image = MemoryObject::create(ObjectKind::ProgramImage, 1).release_value();
  MemoryObject* heap = MemoryObject::create(ObjectKind::Anonymous).release_value();
  regions.begin_mutable()[0].object = image;
  regions.begin_mutable()[1].object = heap;
  image->own_or_create(Vpn(0x08049).get()).value()->set_slot(SwapSlot(4));
  heap->own_or_create(Vpn(0x0804d).get()).value()->set_slot(SwapSlot(7));
  ASSERT_TRUE(directory.map(VirtAddr(0xBFFFF000), PhysAddr(0x01235000),
                            PageFlags::User | PageFlags::Writable | PageFlags::Accessed | PageFlags::Dirty));
  PageCounts totals;
  EXPECT_EQ(report(&totals),
            "region 0x08048000-0x0804c000 image r-x, 4 pages: 1 resident, 1 in swap, 2 not loaded\n"
            "0x08048000 -> 0x01234000 U-R A-\n"
            "0x08049000 in swap slot 4\n"
            "0x0804a000-0x0804c000 not loaded (2 pages)\n"
            "region 0x0804c000-0x0804e000 heap rw-, 2 pages: 0 resident, 1 in swap, 1 not loaded\n"
            "0x0804c000 not loaded\n"
            "0x0804d000 in swap slot 7\n"
            "region 0xbffff000-0xc0000000 stack rw-, 1 page: 1 resident, 0 in swap, 0 not loaded\n"
            "0xbffff000 -> 0x01235000 U-W AD\n");
  EXPECT_EQ(totals, (PageCounts{.resident = 2, .in_swap = 2, .not_loaded = 3}));
  struct SlotSink final : PageSink {
    virtual ~SlotSink() = default;
    std::vector<uint32_t> slots;
    void free_frame(FrameIndex) override { ADD_FAILURE() << "no frame was given"; }
    void free_slot(SwapSlot slot) override { slots.push_back(slot.get()); }
    void frame_moved(FrameIndex, const MemoryObject&, uint32_t) override { ADD_FAILURE(); }
  };
  SlotSink sink;
  image->unref(sink);
  heap->unref(sink);
  EXPECT_EQ(sink.slots, (std::vector<uint32_t>{4, 7}));
}

TEST_F(page_report, EmptyHeapAndUntouchedImage) {
  ASSERT_TRUE(regions.add(Region::image(VirtAddr(0x08048000), VirtAddr(0x08049000), Protection::Read)));
  ASSERT_TRUE(regions.add(Region::heap(VirtAddr(0x08049000), VirtAddr(0x08049000))));
  PageCounts totals;
  EXPECT_EQ(report(&totals),
            "region 0x08048000-0x08049000 image r--, 1 page: 0 resident, 0 in swap, 1 not loaded\n"
            "0x08048000 not loaded\n"
            "region 0x08049000-0x08049000 heap rw-, 0 pages: 0 resident, 0 in swap, 0 not loaded\n");
  EXPECT_EQ(totals, (PageCounts{.resident = 0, .in_swap = 0, .not_loaded = 1}));
}

TEST_F(page_report, NoRegionsNoLines) {
  PageCounts totals;
  EXPECT_EQ(report(&totals), "");
  EXPECT_EQ(totals, PageCounts{});
}

TEST(page_report_describe, RegionKinds) {
  EXPECT_STREQ(describe(RegionKind::Image), "image");
  EXPECT_STREQ(describe(RegionKind::Heap), "heap");
  EXPECT_STREQ(describe(RegionKind::Stack), "stack");
}

}  // namespace
}  // namespace cw::mm

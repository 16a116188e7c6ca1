// region_may_map (mm/reverse_map.h): which regions can see a page of a memory object, and where.
#include "mm/reverse_map.h"

#include <gtest/gtest.h>

namespace cw::mm {
namespace {

struct NoPages final : PageSink {
  virtual ~NoPages() = default;
  void free_frame(FrameIndex) override { ADD_FAILURE() << "no frames were given"; }
  void free_slot(SwapSlot) override { ADD_FAILURE() << "no slots were given"; }
  void frame_moved(FrameIndex, const MemoryObject&, uint32_t) override {}
};

TEST(reverse_map, RegionSeesItsObjectAndItsAncestorsAtTheSameIndex) {
  NoPages sink;
  MemoryObject* image = MemoryObject::create(ObjectKind::ProgramImage, 7).release_value();
  MemoryObject* data = MemoryObject::create_child(*image).release_value();
  MemoryObject* other = MemoryObject::create(ObjectKind::Anonymous).release_value();
  Region text = Region::image(VirtAddr(0x08048000), VirtAddr(0x0804a000), Protection::Read);
  text.object = image;
  Region rw = Region::image(VirtAddr(0x0804a000), VirtAddr(0x0804c000), kReadWrite);
  rw.object = data;
  VirtAddr page;
  EXPECT_TRUE(region_may_map(text, image, 0x08049, &page));
  EXPECT_EQ(page, VirtAddr(0x08049000));
  EXPECT_FALSE(region_may_map(text, image, 0x0804a, &page)) << "outside the region";
  EXPECT_TRUE(region_may_map(rw, image, 0x0804a, &page)) << "the child sees its parent's pages";
  EXPECT_EQ(page, VirtAddr(0x0804a000));
  EXPECT_FALSE(region_may_map(text, data, 0x08048, &page)) << "a parent does not see its child's pages";
  EXPECT_FALSE(region_may_map(rw, other, 0x0804a, &page)) << "an unrelated object";
  data->unref(sink);
  image->unref(sink);
  other->unref(sink);
}

TEST(reverse_map, IndexBaseShiftsTheAddress) {
  NoPages sink;
  MemoryObject* anon = MemoryObject::create(ObjectKind::Anonymous).release_value();
  Region moved = Region::heap(VirtAddr(0x40000000), VirtAddr(0x40004000));
  moved.object = anon;
  moved.index_base = 0x40000 - 0x100;  // page 0x40000 shows index 0x100 (a mapping moved there)
  VirtAddr page;
  ASSERT_TRUE(region_may_map(moved, anon, 0x102, &page));
  EXPECT_EQ(page, VirtAddr(0x40002000));
  EXPECT_EQ(moved.index_of(VirtAddr(0x40002000)), 0x102u);
  EXPECT_FALSE(region_may_map(moved, anon, 0x104, &page));
  anon->unref(sink);
}

TEST(reverse_map, RegionWithoutObjectMapsNothing) {
  Region bare = Region::heap(VirtAddr(0x40000000), VirtAddr(0x40001000));
  VirtAddr page;
  EXPECT_FALSE(region_may_map(bare, nullptr, 0, &page));
}

}  // namespace
}  // namespace cw::mm

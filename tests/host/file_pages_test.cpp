#include "mm/file_pages.h"

#include <gtest/gtest.h>

#include <vector>

namespace cw::mm {
namespace {

std::vector<FileChunk> chunks(uint64_t offset, uint32_t length) {
  std::vector<FileChunk> out;
  FileChunks c(offset, length);
  FileChunk chunk;
  while (c.next(&chunk)) out.push_back(chunk);
  return out;
}

TEST(FilePages, PagesFor) {
  EXPECT_EQ(pages_for(0), 0u);
  EXPECT_EQ(pages_for(1), 1u);
  EXPECT_EQ(pages_for(4096), 1u);
  EXPECT_EQ(pages_for(4097), 2u);
  EXPECT_EQ(pages_for(kMaxObjectFileSize), 0xffffffffu);
}

TEST(FilePages, ChunksWithinOnePage) {
  auto c = chunks(10, 100);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].index, 0u);
  EXPECT_EQ(c[0].offset, 10u);
  EXPECT_EQ(c[0].length, 100u);
  EXPECT_EQ(c[0].position, 0u);
}

TEST(FilePages, ChunksAcrossPages) {
  auto c = chunks(4000, 8300);  // 96 in page 0, 4096 in page 1, 4096 in page 2, 12 in page 3
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].index, 0u);
  EXPECT_EQ(c[0].offset, 4000u);
  EXPECT_EQ(c[0].length, 96u);
  EXPECT_EQ(c[1].index, 1u);
  EXPECT_EQ(c[1].offset, 0u);
  EXPECT_EQ(c[1].length, 4096u);
  EXPECT_EQ(c[1].position, 96u);
  EXPECT_EQ(c[3].index, 3u);
  EXPECT_EQ(c[3].length, 12u);
  EXPECT_EQ(c[3].position, 96u + 8192u);
}

TEST(FilePages, ChunksAtHighOffsets) {
  auto c = chunks(uint64_t{0x123456} * 4096 + 4095, 2);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].index, 0x123456u);
  EXPECT_EQ(c[0].length, 1u);
  EXPECT_EQ(c[1].index, 0x123457u);
  EXPECT_EQ(c[1].offset, 0u);
}

TEST(FilePages, EmptyTransferHasNoChunks) { EXPECT_TRUE(chunks(5, 0).empty()); }

TEST(FilePages, ReadableBytes) {
  EXPECT_EQ(readable_bytes(100, 0, 50), 50u);
  EXPECT_EQ(readable_bytes(100, 60, 50), 40u);
  EXPECT_EQ(readable_bytes(100, 100, 50), 0u);
  EXPECT_EQ(readable_bytes(100, 1000, 50), 0u);
  EXPECT_EQ(readable_bytes(0, 0, 50), 0u);
}

TEST(FilePages, WritableBytesStopAtTheLimit) {
  EXPECT_EQ(writable_bytes(0, 10).value(), 10u);
  EXPECT_EQ(writable_bytes(kMaxObjectFileSize - 4, 10).value(), 4u);
  EXPECT_EQ(writable_bytes(kMaxObjectFileSize, 10).error(), Error::FileTooBig);
  EXPECT_EQ(writable_bytes(kMaxObjectFileSize, 0).value(), 0u);
}

TEST(FilePages, ShrinkToAPageBoundaryDropsWholePages) {
  TruncatePlan p = plan_truncate(5 * 4096 + 7, 2 * 4096);
  EXPECT_EQ(p.first_dropped, 2u);
  EXPECT_EQ(p.dropped, 4u);
  EXPECT_FALSE(p.zero_tail);
}

TEST(FilePages, ShrinkInsideAPageZeroesItsTail) {
  TruncatePlan p = plan_truncate(3 * 4096, 4096 + 100);
  EXPECT_EQ(p.first_dropped, 2u);
  EXPECT_EQ(p.dropped, 1u);
  EXPECT_TRUE(p.zero_tail);
  EXPECT_EQ(p.tail_index, 1u);
  EXPECT_EQ(p.tail_offset, 100u);
}

TEST(FilePages, ShrinkWithinTheLastPageDropsNothing) {
  TruncatePlan p = plan_truncate(300, 10);
  EXPECT_EQ(p.dropped, 0u);
  EXPECT_TRUE(p.zero_tail);
  EXPECT_EQ(p.tail_index, 0u);
  EXPECT_EQ(p.tail_offset, 10u);
}

TEST(FilePages, ShrinkToZeroDropsEverything) {
  TruncatePlan p = plan_truncate(8192, 0);
  EXPECT_EQ(p.first_dropped, 0u);
  EXPECT_EQ(p.dropped, 2u);
  EXPECT_FALSE(p.zero_tail);
}

TEST(FilePages, GrowingDropsAndZeroesNothing) {
  TruncatePlan p = plan_truncate(100, 100000);
  EXPECT_EQ(p.dropped, 0u);
  EXPECT_FALSE(p.zero_tail);
  p = plan_truncate(100, 100);
  EXPECT_EQ(p.dropped, 0u);
  EXPECT_FALSE(p.zero_tail);
}

}  // namespace
}  // namespace cw::mm

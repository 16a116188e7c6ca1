// Host tests for drivers/ata/prd_table: cutting a physical buffer into bus-master PRD entries.
#include "drivers/ata/prd_table.h"

#include <gtest/gtest.h>

namespace cw::ata {
namespace {

struct Table {
  PrdEntry e[8] = {};
};

// The regions must tile [physical, physical + bytes) in order, each inside one 64 KiB block, with EOT on
// the last entry only.
void expect_tiles(const Table& t, uint32_t n, uint32_t physical, uint32_t bytes) {
  uint64_t at = physical;
  for (uint32_t i = 0; i < n; ++i) {
    EXPECT_EQ(t.e[i].base, at) << "entry " << i;
    uint32_t size = prd_bytes(t.e[i]);
    EXPECT_EQ(t.e[i].base / kPrdBoundary, (uint64_t{t.e[i].base} + size - 1) / kPrdBoundary) << "entry " << i;
    EXPECT_EQ((t.e[i].count_and_flags & kPrdEndOfTable) != 0, i + 1 == n) << "entry " << i;
    EXPECT_EQ(t.e[i].count_and_flags & 0x7FFF0001u, 0u) << "reserved bits, entry " << i;
    at += size;
  }
  EXPECT_EQ(at, uint64_t{physical} + bytes);
}

TEST(prd_table, OnePageIsOneEntry) {
  Table t;
  Result<uint32_t> n = build_prd_table(0x00123000, 4096, t.e, 8);
  ASSERT_TRUE(n);
  ASSERT_EQ(n.value(), 1u);
  EXPECT_EQ(t.e[0].base, 0x00123000u);
  EXPECT_EQ(t.e[0].count_and_flags, kPrdEndOfTable | 4096u);
}

TEST(prd_table, ABufferCrossingA64KiBBoundaryIsCutThere) {
  Table t;
  Result<uint32_t> n = build_prd_table(0x0001F000, 8192, t.e, 8);
  ASSERT_TRUE(n);
  ASSERT_EQ(n.value(), 2u);
  EXPECT_EQ(t.e[0].base, 0x0001F000u);
  EXPECT_EQ(prd_bytes(t.e[0]), 4096u);
  EXPECT_EQ(t.e[1].base, 0x00020000u);
  EXPECT_EQ(prd_bytes(t.e[1]), 4096u);
  expect_tiles(t, n.value(), 0x0001F000, 8192);
}

TEST(prd_table, AFull64KiBRegionIsCountZero) {
  Table t;
  Result<uint32_t> n = build_prd_table(0x00040000, 0x20000, t.e, 8);
  ASSERT_TRUE(n);
  ASSERT_EQ(n.value(), 2u);
  EXPECT_EQ(t.e[0].count_and_flags, 0u);
  EXPECT_EQ(t.e[1].count_and_flags, kPrdEndOfTable);
  EXPECT_EQ(prd_bytes(t.e[1]), kPrdBoundary);
  expect_tiles(t, n.value(), 0x00040000, 0x20000);
}

TEST(prd_table, The128KiBCommandUnalignedTakesThreeEntries) {
  Table t;
  Result<uint32_t> n = build_prd_table(0x00012346, 256 * 512, t.e, 8);
  ASSERT_TRUE(n);
  EXPECT_EQ(n.value(), 3u);
  expect_tiles(t, n.value(), 0x00012346, 256 * 512);
}

TEST(prd_table, SweepOfOffsetsAndSizesTilesExactly) {
  for (uint32_t offset = 0; offset < 0x30000; offset += 0x1FFE) {
    for (uint32_t bytes = 2; bytes <= 0x20000; bytes = bytes * 3 + 2) {
      Table t;
      uint32_t physical = 0x00100000 + offset;
      Result<uint32_t> n = build_prd_table(physical, bytes, t.e, 8);
      ASSERT_TRUE(n) << physical << " " << bytes;
      expect_tiles(t, n.value(), physical, bytes);
    }
  }
}

TEST(prd_table, OddAddressesAndSizesAndEmptyBuffersAreRefused) {
  Table t;
  EXPECT_EQ(build_prd_table(0x1001, 512, t.e, 8).error(), Error::InvalidArgument);
  EXPECT_EQ(build_prd_table(0x1000, 511, t.e, 8).error(), Error::InvalidArgument);
  EXPECT_EQ(build_prd_table(0x1000, 0, t.e, 8).error(), Error::InvalidArgument);
}

TEST(prd_table, ABufferPast4GiBIsRefused) {
  Table t;
  EXPECT_EQ(build_prd_table(0xFFFFF000, 0x2000, t.e, 8).error(), Error::Range);
  Result<uint32_t> last = build_prd_table(0xFFFFF000, 0x1000, t.e, 8);
  ASSERT_TRUE(last);
  EXPECT_EQ(last.value(), 1u);
}

TEST(prd_table, TooManyRegionsForTheTableIsNoSpace) {
  Table t;
  EXPECT_EQ(build_prd_table(0x0000F000, 0x12000, t.e, 2).error(), Error::NoSpace);
  EXPECT_TRUE(build_prd_table(0x0000F000, 0x12000, t.e, 3));
}

}  // namespace
}  // namespace cw::ata

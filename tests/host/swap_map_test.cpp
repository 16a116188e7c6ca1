// Host tests for mm/swap_map: slot allocation, reuse, exhaustion and sizing from the partition.
#include "mm/swap_map.h"

#include <gtest/gtest.h>

namespace cw::mm {
namespace {

constinit SwapMap g_constinit_swap;

TEST(swap_map, SlotZeroIsHandedOutFirstAndSlotsMapToSectors) {
  SwapMap swap;
  ASSERT_TRUE(swap.init(16));
  for (uint32_t i = 0; i < 4; ++i) {
    Result<SwapSlot> s = swap.allocate();
    ASSERT_TRUE(s);
    EXPECT_EQ(s.value(), SwapSlot(i));
    EXPECT_EQ(s.value().first_sector(), i * 8);
    EXPECT_TRUE(swap.is_allocated(s.value()));
  }
  EXPECT_EQ(swap.used_count(), 4u);
  EXPECT_EQ(swap.free_count(), 12u);
  EXPECT_FALSE(swap.is_allocated(SwapSlot(4)));
  EXPECT_TRUE(swap.check_consistency());
}

TEST(swap_map, ExhaustionIsNoSpace) {
  SwapMap swap;
  ASSERT_TRUE(swap.init(33));  // not a multiple of the bitmap word
  for (uint32_t i = 0; i < 33; ++i) ASSERT_EQ(swap.allocate().value(), SwapSlot(i));
  EXPECT_EQ(swap.allocate().error(), Error::NoSpace);
  EXPECT_EQ(swap.allocate().error(), Error::NoSpace);
  EXPECT_EQ(swap.used_count(), 33u);
  EXPECT_EQ(swap.free_count(), 0u);
  EXPECT_FALSE(swap.is_allocated(SwapSlot(33)));  // beyond capacity
  EXPECT_TRUE(swap.check_consistency());
}

TEST(swap_map, FreedSlotsAreReusedLowestFirst) {
  SwapMap swap;
  ASSERT_TRUE(swap.init(100));
  for (uint32_t i = 0; i < 100; ++i) ASSERT_TRUE(swap.allocate());
  ASSERT_TRUE(swap.free(SwapSlot(70)));
  ASSERT_TRUE(swap.free(SwapSlot(5)));
  ASSERT_TRUE(swap.free(SwapSlot(40)));
  EXPECT_EQ(swap.used_count(), 97u);
  EXPECT_TRUE(swap.check_consistency());
  EXPECT_EQ(swap.allocate().value(), SwapSlot(5));
  EXPECT_EQ(swap.allocate().value(), SwapSlot(40));
  EXPECT_EQ(swap.allocate().value(), SwapSlot(70));
  EXPECT_EQ(swap.allocate().error(), Error::NoSpace);
  ASSERT_TRUE(swap.free(SwapSlot(0)));
  EXPECT_EQ(swap.allocate().value(), SwapSlot(0));
  EXPECT_TRUE(swap.check_consistency());
}

TEST(swap_map, FreeRejectsMisuse) {
  SwapMap swap;
  ASSERT_TRUE(swap.init(8));
  SwapSlot s = swap.allocate().value();
  EXPECT_EQ(swap.free(SwapSlot(8)).error(), Error::Range);
  EXPECT_EQ(swap.free(SwapSlot(3)).error(), Error::InvalidArgument);  // never allocated
  ASSERT_TRUE(swap.free(s));
  EXPECT_EQ(swap.free(s).error(), Error::InvalidArgument);  // double free
  EXPECT_EQ(swap.used_count(), 0u);
  EXPECT_TRUE(swap.check_consistency());
}

TEST(swap_map, SizedFromThePartition) {
  SwapMap swap;
  EXPECT_EQ(swap.init_from_sectors(10 * 8 + 7).value(), 10u);  // partial slot at the end unused
  EXPECT_EQ(swap.capacity(), 10u);
  EXPECT_EQ(swap.init_from_sectors(16u * 1024 * 1024 / 512).value(), 4096u);  // the default 16 MiB
  EXPECT_EQ(swap.init_from_sectors(UINT32_MAX).value(), kMaxSwapSlots);       // clamped to 64 MiB
  EXPECT_EQ(swap.init(kMaxSwapSlots + 1).error(), Error::InvalidArgument);
  EXPECT_TRUE(swap.check_consistency());
}

TEST(swap_map, NoSwapMeansEveryAllocationFails) {
  SwapMap swap;
  EXPECT_EQ(swap.allocate().error(), Error::NoSpace);  // never initialised
  EXPECT_EQ(swap.init_from_sectors(7).value(), 0u);
  EXPECT_EQ(swap.allocate().error(), Error::NoSpace);
  EXPECT_EQ(swap.free(SwapSlot(0)).error(), Error::Range);
  EXPECT_TRUE(swap.check_consistency());
}

TEST(swap_map, ReinitialisingWithSlotsInUseIsRefused) {
  SwapMap swap;
  ASSERT_TRUE(swap.init(4));
  SwapSlot s = swap.allocate().value();
  EXPECT_EQ(swap.init(8).error(), Error::Busy);
  EXPECT_EQ(swap.init_from_sectors(64).error(), Error::Busy);
  ASSERT_TRUE(swap.free(s));
  EXPECT_TRUE(swap.init(8));
  EXPECT_EQ(swap.capacity(), 8u);
}

TEST(swap_map, FillsTheLargestSwapExactly) {
  SwapMap swap;
  ASSERT_TRUE(swap.init(kMaxSwapSlots));
  for (uint32_t i = 0; i < kMaxSwapSlots; ++i) ASSERT_EQ(swap.allocate().value().get(), i);
  EXPECT_EQ(swap.allocate().error(), Error::NoSpace);
  EXPECT_TRUE(swap.check_consistency());
  for (uint32_t i = 0; i < kMaxSwapSlots; i += 2) ASSERT_TRUE(swap.free(SwapSlot(i)));
  EXPECT_EQ(swap.free_count(), kMaxSwapSlots / 2);
  EXPECT_EQ(swap.allocate().value(), SwapSlot(0));
  EXPECT_EQ(swap.allocate().value(), SwapSlot(2));
  EXPECT_TRUE(swap.check_consistency());
}

TEST(swap_map, ConstinitGlobalStartsEmpty) {
  EXPECT_EQ(g_constinit_swap.capacity(), 0u);
  EXPECT_EQ(g_constinit_swap.allocate().error(), Error::NoSpace);
}

TEST(swap_map, RunsAreTheLowestFitAndSkipHoles) {
  SwapMap swap;
  ASSERT_TRUE(swap.init(100));
  for (uint32_t i = 0; i < 40; ++i) ASSERT_TRUE(swap.allocate());
  ASSERT_TRUE(swap.free(SwapSlot(3)));  // a hole of 1 at 3, of 3 at 10..12
  for (uint32_t i = 10; i < 13; ++i) ASSERT_TRUE(swap.free(SwapSlot(i)));
  EXPECT_EQ(swap.allocate_run(3).value(), SwapSlot(10));
  EXPECT_EQ(swap.allocate_run(8).value(), SwapSlot(40));
  EXPECT_EQ(swap.allocate_run(30).value(), SwapSlot(48));  // 48..77 crosses the word boundary at 64
  EXPECT_EQ(swap.allocate_run(1).value(), SwapSlot(3));
  EXPECT_EQ(swap.used_count(), 40u + 8u + 30u);
  for (uint32_t i = 0; i < 78; ++i) EXPECT_TRUE(swap.is_allocated(SwapSlot(i))) << i;
  EXPECT_FALSE(swap.is_allocated(SwapSlot(78)));
  EXPECT_TRUE(swap.check_consistency());
}

TEST(swap_map, RunPastTheEndIsNoSpaceAndAllocatesNothing) {
  SwapMap swap;
  ASSERT_TRUE(swap.init(40));
  for (uint32_t i = 0; i < 35; ++i) ASSERT_TRUE(swap.allocate());
  EXPECT_EQ(swap.allocate_run(6).error(), Error::NoSpace);  // only 35..39 are free
  EXPECT_EQ(swap.allocate_run(0).error(), Error::InvalidArgument);
  EXPECT_EQ(swap.used_count(), 35u);
  EXPECT_EQ(swap.allocate_run(5).value(), SwapSlot(35));
  EXPECT_EQ(swap.free_count(), 0u);
  EXPECT_TRUE(swap.check_consistency());
}

TEST(swap_map, LeadingRunCountsConsecutiveSlotsUpToTheLimit) {
  const SwapSlot slots[] = {SwapSlot(7), SwapSlot(8), SwapSlot(9), SwapSlot(11), SwapSlot(12)};
  EXPECT_EQ(leading_run(slots, 5, 8), 3u);
  EXPECT_EQ(leading_run(slots, 5, 2), 2u);
  EXPECT_EQ(leading_run(slots + 3, 2, 8), 2u);
  EXPECT_EQ(leading_run(slots, 1, 8), 1u);
  EXPECT_EQ(leading_run(slots, 0, 8), 0u);
  const SwapSlot backwards[] = {SwapSlot(5), SwapSlot(4)};
  EXPECT_EQ(leading_run(backwards, 2, 8), 1u);
}

}  // namespace
}  // namespace cw::mm

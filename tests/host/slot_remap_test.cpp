// mm/slot_remap.h: a slot whose write failed keeps its name and moves its data.
#include "mm/slot_remap.h"

#include <gtest/gtest.h>

namespace cw::mm {
namespace {

TEST(SlotRemap, AnUnmovedSlotIsItsOwnHome) {
  SlotRemap remap;
  EXPECT_EQ(remap.home(SwapSlot(7)), SwapSlot(7));
  EXPECT_FALSE(remap.moved(SwapSlot(7)));
  EXPECT_EQ(remap.count(), 0u);
}

TEST(SlotRemap, AMovedSlotIsReadFromItsReplacement) {
  SlotRemap remap;
  ASSERT_TRUE(remap.move(SwapSlot(3), SwapSlot(40)));
  EXPECT_TRUE(remap.moved(SwapSlot(3)));
  EXPECT_EQ(remap.home(SwapSlot(3)), SwapSlot(40));
  EXPECT_EQ(remap.home(SwapSlot(40)), SwapSlot(40));  // the replacement is not itself moved
}

TEST(SlotRemap, MovingAgainKeepsOnlyTheLatestHome) {
  SlotRemap remap;
  ASSERT_TRUE(remap.move(SwapSlot(3), SwapSlot(40)));
  ASSERT_TRUE(remap.move(SwapSlot(3), SwapSlot(41)));  // the replacement failed too
  EXPECT_EQ(remap.home(SwapSlot(3)), SwapSlot(41));
  EXPECT_EQ(remap.count(), 1u);
}

TEST(SlotRemap, ForgettingGivesTheReplacementBackOnce) {
  SlotRemap remap;
  ASSERT_TRUE(remap.move(SwapSlot(1), SwapSlot(10)));
  ASSERT_TRUE(remap.move(SwapSlot(2), SwapSlot(20)));
  auto replacement = remap.forget(SwapSlot(1));
  ASSERT_TRUE(replacement);
  EXPECT_EQ(replacement.value(), SwapSlot(10));
  EXPECT_FALSE(remap.moved(SwapSlot(1)));
  EXPECT_EQ(remap.home(SwapSlot(2)), SwapSlot(20));  // the other move survives the hole being filled
  auto again = remap.forget(SwapSlot(1));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), Error::NotFound);
}

TEST(SlotRemap, AFullTableRefusesAndChangesNothing) {
  SlotRemap remap;
  for (uint32_t i = 0; i < SlotRemap::kCapacity; ++i) ASSERT_TRUE(remap.move(SwapSlot(i), SwapSlot(1000 + i)));
  auto full = remap.move(SwapSlot(5000), SwapSlot(6000));
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error(), Error::NoSpace);
  EXPECT_FALSE(remap.moved(SwapSlot(5000)));
  EXPECT_TRUE(remap.move(SwapSlot(0), SwapSlot(7000)));  // re-moving a known slot still works when full
  EXPECT_EQ(remap.home(SwapSlot(0)), SwapSlot(7000));
}

}  // namespace
}  // namespace cw::mm

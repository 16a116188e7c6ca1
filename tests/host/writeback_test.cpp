// Host tests for mm/writeback.h: a page is written to swap only if dirty or its only copy.
#include "mm/writeback.h"

#include <gtest/gtest.h>

namespace cw::mm {
namespace {

WritebackAction decide(bool dirty, bool swap_copy, bool image_copy) {
  return decide_writeback(PageCopyState{dirty, swap_copy, image_copy});
}

TEST(writeback, DirtyPagesAreAlwaysWritten) {
  for (bool swap_copy : {false, true}) {
    for (bool image_copy : {false, true}) {
      EXPECT_EQ(decide(true, swap_copy, image_copy), WritebackAction::WriteToSwap)
          << "swap_copy=" << swap_copy << " image_copy=" << image_copy;
    }
  }
}

TEST(writeback, CleanPageWithAValidCopyIsDropped) {
  EXPECT_EQ(decide(false, true, false), WritebackAction::Drop);   // swapped in earlier, slot kept
  EXPECT_EQ(decide(false, false, true), WritebackAction::Drop);   // untouched page of the image
  EXPECT_EQ(decide(false, true, true), WritebackAction::Drop);
}

TEST(writeback, CleanPageWithoutAnyOtherCopyIsWritten) {
  // E.g. written, swapped out and back in with its slot released: clean, but the frame is the only copy.
  EXPECT_EQ(decide(false, false, false), WritebackAction::WriteToSwap);
}

TEST(writeback, DefaultStateIsTheConservativeOne) {
  EXPECT_EQ(decide_writeback(PageCopyState{}), WritebackAction::WriteToSwap);
}

}  // namespace
}  // namespace cw::mm

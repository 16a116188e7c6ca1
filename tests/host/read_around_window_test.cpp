// Host tests for mm/read_around_window: the adaptive read-around window.
#include "mm/read_around_window.h"

#include <gtest/gtest.h>

namespace cw::mm {
namespace {

TEST(read_around_window, StartsAtTheInitialSizeAndGrowsWithUseToTheCluster) {
  ReadAroundWindow w;
  EXPECT_EQ(w.pages_for_fault(), ReadAroundWindow::kInitialPages);
  for (int i = 0; i < 20; ++i) w.on_used();
  EXPECT_EQ(w.size(), ReadAroundWindow::kMaxExtraPages);
  EXPECT_EQ(w.pages_for_fault(), 7u);
}

TEST(read_around_window, WasteShrinksItToClosedAndUseBalancesWaste) {
  ReadAroundWindow w;
  for (int i = 0; i < 10; ++i) w.on_wasted();
  EXPECT_EQ(w.size(), 0u);
  w.on_used();
  w.on_used();
  w.on_wasted();
  EXPECT_EQ(w.size(), 1u);  // half the pages used: the window neither grows nor closes for good
}

TEST(read_around_window, AClosedWindowProbesWithOnePageEverySixteenthFault) {
  ReadAroundWindow w;
  for (uint32_t i = 0; i < ReadAroundWindow::kInitialPages; ++i) w.on_wasted();  // just closed
  uint32_t probes = 0, pages = 0;
  for (uint32_t i = 0; i < 4 * ReadAroundWindow::kProbeInterval; ++i) {
    uint32_t n = w.pages_for_fault();
    pages += n;
    if (n > 0) ++probes;
  }
  EXPECT_EQ(probes, 4u);
  EXPECT_EQ(pages, 4u);
  w.on_used();  // a probe that was used reopens the window
  EXPECT_EQ(w.pages_for_fault(), 1u);
  EXPECT_EQ(w.pages_for_fault(), 1u);
}

TEST(read_around_window, WastedProbesBackOffAndAUseResetsTheInterval) {
  ReadAroundWindow w;
  for (int i = 0; i < 4; ++i) w.on_wasted();  // closed by the third; the fourth is a wasted probe
  EXPECT_EQ(w.size(), 0u);
  EXPECT_EQ(w.probe_interval(), 2 * ReadAroundWindow::kProbeInterval);
  for (int i = 0; i < 20; ++i) w.on_wasted();
  EXPECT_EQ(w.probe_interval(), ReadAroundWindow::kMaxProbeInterval);
  uint32_t probes = 0;
  for (uint32_t i = 0; i < 2 * ReadAroundWindow::kMaxProbeInterval; ++i) probes += w.pages_for_fault();
  EXPECT_EQ(probes, 2u);
  w.on_used();
  EXPECT_EQ(w.probe_interval(), ReadAroundWindow::kProbeInterval);
  EXPECT_EQ(w.size(), 1u);
}

TEST(read_around_window, DisabledAnswersNothing) {
  ReadAroundWindow w;
  w.set_enabled(false);
  for (uint32_t i = 0; i < 2 * ReadAroundWindow::kProbeInterval; ++i) EXPECT_EQ(w.pages_for_fault(), 0u);
  w.set_enabled(true);
  EXPECT_EQ(w.pages_for_fault(), ReadAroundWindow::kInitialPages);
}

}  // namespace
}  // namespace cw::mm

#include "lib/load_average.h"

#include <gtest/gtest.h>

namespace cw {
namespace {

TEST(LoadAverage, StartsAtZero) {
  LoadAverage load;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(load.fixed(i), 0u);
  load.sample(0);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(load.fixed(i), 0u);
}

TEST(LoadAverage, OneBusyThreadForFiveSecondsReadsAsLinuxPrintsIt) {
  LoadAverage load;
  load.sample(1);
  // 2048 * (2048 - 1884) / 2048, rounded up while growing: 164 + (2047 / 2048) -> 164 = 0.08.
  EXPECT_EQ(load.fixed(0), 164u);
  EXPECT_EQ(LoadAverage::whole(load.fixed(0)), 0u);
  EXPECT_EQ(LoadAverage::hundredths(load.fixed(0)), 8u);
  EXPECT_EQ(load.fixed(1), 34u);  // 2048 * 34 / 2048 (+ rounding): 0.01
  EXPECT_EQ(load.fixed(2), 11u);
}

TEST(LoadAverage, ConvergesToTheActiveCountAndDecaysBack) {
  LoadAverage load;
  for (int i = 0; i < 12 * 60; ++i) load.sample(2);  // an hour of two busy threads
  for (int i = 0; i < 3; ++i) {
    EXPECT_GE(load.fixed(i), 2 * LoadAverage::kOne - 16) << i;
    EXPECT_LE(load.fixed(i), 2 * LoadAverage::kOne) << i;
  }
  for (int i = 0; i < 12 * 60; ++i) load.sample(0);
  EXPECT_LT(load.fixed(0), LoadAverage::kOne / 100);
  EXPECT_LT(load.fixed(2), LoadAverage::kOne / 10);
  // The one-minute average reacts fastest, the fifteen-minute one slowest.
  LoadAverage step;
  for (int i = 0; i < 12; ++i) step.sample(1);
  EXPECT_GT(step.fixed(0), step.fixed(1));
  EXPECT_GT(step.fixed(1), step.fixed(2));
}

TEST(LoadAverage, PrintsTwoDecimals) {
  EXPECT_EQ(LoadAverage::whole(3 * LoadAverage::kOne + LoadAverage::kOne / 2), 3u);
  EXPECT_EQ(LoadAverage::hundredths(3 * LoadAverage::kOne + LoadAverage::kOne / 2), 50u);
  EXPECT_EQ(LoadAverage::hundredths(LoadAverage::kOne - 1), 99u);
}

}  // namespace
}  // namespace cw

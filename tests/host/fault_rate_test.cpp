// mm/fault_rate.h: faults per second over the last complete one-second window.
#include "mm/fault_rate.h"

#include <gtest/gtest.h>

namespace cw::mm {
namespace {

TEST(FaultRate, NothingCountedReadsZero) {
  FaultRate rate;
  EXPECT_EQ(rate.per_second(0), 0u);
  EXPECT_EQ(rate.per_second(5000), 0u);
}

TEST(FaultRate, TheLastCompleteWindowIsReported) {
  FaultRate rate;
  for (uint64_t t = 0; t < 1000; t += 10) rate.note(t);  // 100 faults in [0, 1000)
  EXPECT_EQ(rate.per_second(999), 0u);                   // the first window is not complete yet
  EXPECT_EQ(rate.per_second(1000), 100u);
  EXPECT_EQ(rate.per_second(1999), 100u);
  for (uint64_t t = 1000; t < 2000; t += 20) rate.note(t);  // 50 in [1000, 2000)
  EXPECT_EQ(rate.per_second(1500), 100u);
  EXPECT_EQ(rate.per_second(2000), 50u);
}

TEST(FaultRate, AQuietWindowReadsZero) {
  FaultRate rate;
  for (uint64_t t = 0; t < 1000; t += 10) rate.note(t);
  EXPECT_EQ(rate.per_second(2500), 0u);  // [1000, 2000) had no fault
  rate.note(3100);                       // windows stay aligned to the first: [3000, 4000)
  EXPECT_EQ(rate.per_second(3200), 0u);
  EXPECT_EQ(rate.per_second(4000), 1u);
}

}  // namespace
}  // namespace cw::mm

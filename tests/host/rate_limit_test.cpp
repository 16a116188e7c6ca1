// lib/rate_limit.h: one report per interval, with the count of what it held back.
#include <gtest/gtest.h>

#include "lib/rate_limit.h"

namespace cw {
namespace {

TEST(RateLimit, FirstEventIsReportedThenOnePerInterval) {
  RateLimit limit(1000);
  EXPECT_TRUE(limit.allow(5));
  EXPECT_EQ(limit.suppressed(), 0u);
  for (uint64_t t = 6; t < 1005; t += 10) EXPECT_FALSE(limit.allow(t)) << t;
  EXPECT_TRUE(limit.allow(1005));
  EXPECT_EQ(limit.suppressed(), 100u);
  EXPECT_FALSE(limit.allow(2004));
  EXPECT_TRUE(limit.allow(5000));
  EXPECT_EQ(limit.suppressed(), 1u);
  EXPECT_TRUE(limit.allow(9000));
  EXPECT_EQ(limit.suppressed(), 0u);
}

TEST(RateLimit, FloodCostsOneLinePerInterval) {
  RateLimit limit(1000);
  uint32_t reported = 0;
  for (uint64_t t = 0; t < 10000; ++t) reported += limit.allow(t) ? 1 : 0;
  EXPECT_EQ(reported, 10u);
}

}  // namespace
}  // namespace cw

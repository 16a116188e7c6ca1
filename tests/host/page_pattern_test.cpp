// The replay's reference stream (lib/page_pattern.h): deterministic per seed, within [0, pages), with
// about the asked share of writes, and made of its four patterns.
#include "lib/page_pattern.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace cw {
namespace {

std::vector<PageReference> take(PagePattern& p, uint32_t n) {
  std::vector<PageReference> out;
  for (uint32_t i = 0; i < n; ++i) out.push_back(p.next());
  return out;
}

TEST(PagePattern, SameSeedSameStreamOtherSeedOtherStream) {
  PagePattern a(100, 7, 10), b(100, 7, 10), c(100, 8, 10);
  auto x = take(a, 20000), y = take(b, 20000), z = take(c, 20000);
  uint32_t differ = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(x[i].page, y[i].page);
    EXPECT_EQ(x[i].write, y[i].write);
    differ += x[i].page != z[i].page;
  }
  EXPECT_GT(differ, 1000u);
}

TEST(PagePattern, PagesInRangeAndEveryPageUsed) {
  for (uint32_t pages : {2u, 3u, 17u, 160u}) {
    PagePattern p(pages, 1, 0);
    std::set<uint32_t> seen;
    for (const auto& r : take(p, 100000)) {
      ASSERT_LT(r.page, pages);
      EXPECT_FALSE(r.write);
      seen.insert(r.page);
    }
    EXPECT_EQ(seen.size(), pages);
  }
}

TEST(PagePattern, WriteShareFollowsThePercentage) {
  PagePattern p(64, 3, 25);
  uint32_t writes = 0;
  for (const auto& r : take(p, 100000)) writes += r.write;
  EXPECT_NEAR(writes / 100000.0, 0.25, 0.01);
  PagePattern all(64, 3, 100);
  for (const auto& r : take(all, 1000)) EXPECT_TRUE(r.write);
}

TEST(PagePattern, HasSequentialRunsAndTurns) {
  // Loops and scans give runs of +1 steps, zigzags runs of -1 steps as well.
  PagePattern p(160, 5, 0);
  auto refs = take(p, 200000);
  uint32_t up = 0, down = 0;
  for (size_t i = 1; i < refs.size(); ++i) {
    up += refs[i].page == refs[i - 1].page + 1;
    down += refs[i].page + 1 == refs[i - 1].page;
  }
  EXPECT_GT(up, 40000u);
  EXPECT_GT(down, 10000u);
}

}  // namespace
}  // namespace cw

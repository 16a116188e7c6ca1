#include "lib/small_sort.h"

#include <gtest/gtest.h>

#include <utility>

namespace cw {
namespace {

TEST(SmallSort, SortsAndKeepsEqualElementsInOrder) {
  std::pair<int, char> items[] = {{3, 'a'}, {1, 'b'}, {3, 'c'}, {2, 'd'}, {1, 'e'}};
  small_sort(items, 5, [](const auto& x, const auto& y) { return x.first < y.first; });
  const std::pair<int, char> want[] = {{1, 'b'}, {1, 'e'}, {2, 'd'}, {3, 'a'}, {3, 'c'}};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(items[i], want[i]) << i;
}

TEST(SmallSort, DescendingOrderAndTheTrivialCounts) {
  int items[] = {1, 4, 2, 8, 5, 7, 3, 6};
  small_sort(items, 8, [](int x, int y) { return x > y; });
  const int want[] = {8, 7, 6, 5, 4, 3, 2, 1};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(items[i], want[i]) << i;
  int one[] = {5};
  small_sort(one, 1, [](int x, int y) { return x < y; });
  small_sort(one, 0, [](int x, int y) { return x < y; });
  EXPECT_EQ(one[0], 5);
}

}  // namespace
}  // namespace cw

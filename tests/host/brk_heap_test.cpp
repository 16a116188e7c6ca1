// Host tests for procs/lib/brk_heap (the user-space malloc): alignment, growth and trimming of the
// break, coalescing, in-place realloc, misuse detection and a seeded randomized run against a model,
// with check() after every step. The break is simulated over a static arena.
#include "procs/lib/brk_heap.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

namespace cw::user {
namespace {

constexpr size_t kArenaSize = 8u << 20;
alignas(4096) uint8_t arena[kArenaSize];

// The simulated break: starts at an odd address (the heap must align it) and may not pass `limit`.
uintptr_t fake_break = 0;
uintptr_t fake_limit = 0;
int break_moves = 0;

uintptr_t fake_brk(uintptr_t end) {
  if (end == 0) return fake_break;
  uintptr_t base = reinterpret_cast<uintptr_t>(arena);
  if (end < base || end > fake_limit) return fake_break;  // brk(2): failure leaves the break alone
  fake_break = end;
  ++break_moves;
  return end;
}

class BrkHeapTest : public ::testing::Test {
protected:
  void SetUp() override {
    fake_break = reinterpret_cast<uintptr_t>(arena) + 5;
    fake_limit = reinterpret_cast<uintptr_t>(arena) + kArenaSize;
    break_moves = 0;
  }
  void expect_consistent() {
    auto ok = heap.check();
    EXPECT_TRUE(ok.has_value()) << (ok ? "" : ok.error());
  }
  BrkHeap heap{&fake_brk};
};

TEST_F(BrkHeapTest, BlocksAreAlignedDistinctAndWritable) {
  std::vector<uint8_t*> blocks;
  for (size_t size : {0, 1, 15, 16, 17, 100, 4096, 20000}) {
    auto* p = static_cast<uint8_t*>(heap.allocate(size));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 16, 0u);
    EXPECT_GE(heap.usable_size(p), size);
    std::memset(p, 0xEE, size);
    blocks.push_back(p);
  }
  for (size_t i = 0; i < blocks.size(); ++i)
    for (size_t j = i + 1; j < blocks.size(); ++j) EXPECT_NE(blocks[i], blocks[j]);
  expect_consistent();
  EXPECT_EQ(heap.usage().allocations, blocks.size());
  EXPECT_GE(reinterpret_cast<uintptr_t>(blocks[0]), reinterpret_cast<uintptr_t>(arena) + 5);
}

TEST_F(BrkHeapTest, FreedNeighboursCoalesceAndAreReused) {
  void* a = heap.allocate(100);
  void* b = heap.allocate(100);
  void* c = heap.allocate(100);
  ASSERT_TRUE(heap.release(b).has_value());
  ASSERT_TRUE(heap.release(a).has_value());
  expect_consistent();
  // a and b merged into one block that fits a request larger than either.
  void* d = heap.allocate(200);
  EXPECT_EQ(d, a);
  ASSERT_TRUE(heap.release(c).has_value());
  ASSERT_TRUE(heap.release(d).has_value());
  expect_consistent();
  EXPECT_EQ(heap.usage().free_blocks, 1u);
  EXPECT_EQ(heap.usage().allocations, 0u);
}

TEST_F(BrkHeapTest, BreakGrowsOnDemandAndShrinksWhenTheTopIsFree) {
  void* small = heap.allocate(64);
  uintptr_t after_small = fake_break;
  void* big = heap.allocate(1u << 20);
  ASSERT_NE(big, nullptr);
  EXPECT_GE(fake_break, after_small + (1u << 20));
  expect_consistent();
  ASSERT_TRUE(heap.release(big).has_value());
  expect_consistent();
  EXPECT_LT(fake_break - reinterpret_cast<uintptr_t>(arena), BrkHeap::kTrimThreshold);
  EXPECT_LT(heap.usage().heap_bytes, BrkHeap::kTrimThreshold);
  ASSERT_TRUE(heap.release(small).has_value());
  expect_consistent();
}

TEST_F(BrkHeapTest, FailsCleanlyWhenTheBreakCannotMove) {
  fake_limit = reinterpret_cast<uintptr_t>(arena) + 64 * 1024;
  void* fits = heap.allocate(30 * 1024);
  ASSERT_NE(fits, nullptr);
  EXPECT_EQ(heap.allocate(64 * 1024), nullptr);
  EXPECT_EQ(heap.allocate(BrkHeap::kMaxRequest + 1), nullptr);
  EXPECT_EQ(heap.allocate(SIZE_MAX), nullptr);
  expect_consistent();
  EXPECT_EQ(heap.usage().allocations, 1u);
  auto moved = heap.reallocate(fits, 100 * 1024);
  ASSERT_TRUE(moved.has_value());
  EXPECT_EQ(moved.value(), nullptr);  // out of memory: the old block stays
  EXPECT_EQ(heap.usage().allocations, 1u);
  expect_consistent();
}

TEST_F(BrkHeapTest, MisuseIsReportedAndChangesNothing) {
  auto* p = static_cast<uint8_t*>(heap.allocate(64));
  void* q = heap.allocate(64);
  ASSERT_TRUE(heap.release(p).has_value());
  auto twice = heap.release(p);
  ASSERT_FALSE(twice.has_value());
  EXPECT_STREQ(twice.error(), "double free");
  int local = 0;
  EXPECT_FALSE(heap.release(&local).has_value());
  EXPECT_FALSE(heap.release(static_cast<uint8_t*>(q) + 16).has_value());
  EXPECT_FALSE(heap.reallocate(&local, 10).has_value());
  expect_consistent();
  EXPECT_EQ(heap.usage().allocations, 1u);
  EXPECT_TRUE(heap.release(nullptr).has_value());
}

TEST_F(BrkHeapTest, SmashedHeaderIsDetected) {
  auto* p = static_cast<uint8_t*>(heap.allocate(64));
  ASSERT_NE(heap.allocate(64), nullptr);
  std::memset(p - 16, 0x41, 8);  // overwrite size and prev_size
  EXPECT_FALSE(heap.release(p).has_value());
  EXPECT_FALSE(heap.check().has_value());
}

TEST_F(BrkHeapTest, ReallocResizesInPlaceWhenItCanAndKeepsContents) {
  auto* a = static_cast<uint8_t*>(heap.allocate(1000));
  for (int i = 0; i < 1000; ++i) a[i] = static_cast<uint8_t>(i);
  auto shrunk = heap.reallocate(a, 100);
  ASSERT_TRUE(shrunk.has_value());
  EXPECT_EQ(shrunk.value(), a);
  expect_consistent();
  auto grown = heap.reallocate(a, 900);  // the tail freed by shrinking is right above
  ASSERT_TRUE(grown.has_value());
  EXPECT_EQ(grown.value(), a);
  auto* blocker = heap.allocate(16);  // now the block above is in use: growing must move
  auto moved = heap.reallocate(a, 50000);
  ASSERT_TRUE(moved.has_value());
  ASSERT_NE(moved.value(), nullptr);
  EXPECT_NE(moved.value(), a);
  auto* m = static_cast<uint8_t*>(moved.value());
  for (int i = 0; i < 100; ++i) EXPECT_EQ(m[i], static_cast<uint8_t>(i));
  auto freed = heap.reallocate(m, 0);
  ASSERT_TRUE(freed.has_value());
  EXPECT_EQ(freed.value(), nullptr);
  ASSERT_TRUE(heap.release(blocker).has_value());
  expect_consistent();
  EXPECT_EQ(heap.usage().allocations, 0u);
}

// Random allocate/free/realloc against a model of what every live block must contain.
TEST_F(BrkHeapTest, RandomizedOperationsKeepContentsAndStructure) {
  struct Live {
    uint8_t* p;
    size_t size;
    uint8_t fill;
  };
  std::vector<Live> live;
  std::mt19937 rng(12345);
  auto verify = [](const Live& l) {
    for (size_t i = 0; i < l.size; ++i)
      if (l.p[i] != l.fill) return false;
    return true;
  };
  for (int step = 0; step < 4000; ++step) {
    uint32_t op = rng() % 10;
    size_t size = (rng() % 4 == 0) ? rng() % 70000 : rng() % 300;
    uint8_t fill = static_cast<uint8_t>(step);
    if (op < 4 || live.empty()) {
      auto* p = static_cast<uint8_t*>(heap.allocate(size));
      ASSERT_NE(p, nullptr) << "step " << step;
      std::memset(p, fill, size);
      live.push_back({p, size, fill});
    } else if (op < 8) {
      size_t i = rng() % live.size();
      ASSERT_TRUE(verify(live[i])) << "step " << step;
      ASSERT_TRUE(heap.release(live[i].p).has_value()) << "step " << step;
      live[i] = live.back();
      live.pop_back();
    } else {
      size_t i = rng() % live.size();
      ASSERT_TRUE(verify(live[i])) << "step " << step;
      size_t new_size = size + 1;
      auto r = heap.reallocate(live[i].p, new_size);
      ASSERT_TRUE(r.has_value() && r.value() != nullptr) << "step " << step;
      live[i].p = static_cast<uint8_t*>(r.value());
      live[i].size = live[i].size < new_size ? live[i].size : new_size;
      ASSERT_TRUE(verify(live[i])) << "step " << step;
      std::memset(live[i].p, fill, new_size);
      live[i].size = new_size;
      live[i].fill = fill;
    }
    auto ok = heap.check();
    ASSERT_TRUE(ok.has_value()) << "step " << step << ": " << (ok ? "" : ok.error());
  }
  for (const Live& l : live) {
    ASSERT_TRUE(verify(l));
    ASSERT_TRUE(heap.release(l.p).has_value());
  }
  expect_consistent();
  EXPECT_EQ(heap.usage().allocations, 0u);
  EXPECT_LT(heap.usage().heap_bytes, BrkHeap::kTrimThreshold);
}

}  // namespace
}  // namespace cw::user

// Host tests for lib/heap_allocator: alignment, exhaustion, coalescing, misuse detection and a seeded
// randomized stress run that calls check() after every step.
#include "lib/heap_allocator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <random>
#include <vector>

namespace cw {
namespace {

// A heap over a fresh 4 KiB-aligned buffer of `size` bytes.
class Arena {
public:
  explicit Arena(size_t size) : storage_(new uint8_t[size + 4096]), size_(size) {
    uintptr_t raw = reinterpret_cast<uintptr_t>(storage_.get());
    base_ = reinterpret_cast<uint8_t*>((raw + 4095) & ~uintptr_t{4095});
    EXPECT_TRUE(heap.init(base_, size_).has_value());
  }
  uint8_t* base() const { return base_; }
  size_t size() const { return size_; }
  HeapAllocator heap;

private:
  std::unique_ptr<uint8_t[]> storage_;
  uint8_t* base_;
  size_t size_;
};

void* must_allocate(HeapAllocator& heap, size_t size, size_t align = HeapAllocator::kMinAlign) {
  Result<void*> r = heap.allocate(size, align);
  EXPECT_TRUE(r.has_value()) << "allocate(" << size << ", " << align << ")";
  return r.value_or(nullptr);
}

void expect_ok(const Result<void, HeapFault>& r) {
  EXPECT_TRUE(r.has_value()) << heap_fault_string(r.has_value() ? HeapFault::NotInitialized : r.error());
}

void expect_fault(const Result<void, HeapFault>& r, HeapFault fault) {
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), fault) << heap_fault_string(r.error());
}

void expect_pristine(const HeapAllocator& heap) {
  HeapStats s = heap.stats();
  EXPECT_EQ(s.allocation_count, 0u);
  EXPECT_EQ(s.used_bytes, 0u);
  EXPECT_EQ(s.free_bytes, s.capacity);
  EXPECT_EQ(s.free_block_count, 1u);
  EXPECT_EQ(s.largest_free, s.capacity - HeapAllocator::kHeaderSize);
  expect_ok(heap.check());
}

TEST(heap_allocator, InitRejectsBadRanges) {
  HeapAllocator heap;
  EXPECT_FALSE(heap.initialized());
  uint8_t small[64];
  EXPECT_EQ(heap.init(nullptr, 4096).error(), Error::InvalidArgument);
  EXPECT_EQ(heap.init(small, 16).error(), Error::InvalidArgument);
  EXPECT_FALSE(heap.initialized());
}

TEST(heap_allocator, InitAlignsTheRange) {
  alignas(16) uint8_t buffer[4096 + 32];
  HeapAllocator heap;
  ASSERT_TRUE(heap.init(buffer + 3, 4096).has_value());
  HeapStats s = heap.stats();
  EXPECT_EQ(s.capacity, 4096u - 16u);  // 13 bytes lost to alignment, the tail rounded down to 16
  void* p = must_allocate(heap, 1);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 16, 0u);
  EXPECT_GE(p, static_cast<void*>(buffer + 3));
  expect_ok(heap.free(p));
  expect_pristine(heap);
}

TEST(heap_allocator, UninitializedHeapRefusesEverything) {
  HeapAllocator heap;
  EXPECT_EQ(heap.allocate(16).error(), Error::NoMemory);
  int x = 0;
  expect_fault(heap.free(&x), HeapFault::NotInitialized);
  expect_fault(heap.check(), HeapFault::NotInitialized);
  expect_ok(heap.free(nullptr));
  EXPECT_EQ(heap.stats().capacity, 0u);
  EXPECT_FALSE(heap.contains(&x));
}

TEST(heap_allocator, AllocateWriteFree) {
  Arena arena(64 * 1024);
  HeapAllocator& heap = arena.heap;
  expect_pristine(heap);
  auto* p = static_cast<uint8_t*>(must_allocate(heap, 100));
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(heap.contains(p));
  std::memset(p, 0x5A, 100);
  HeapStats s = heap.stats();
  EXPECT_EQ(s.allocation_count, 1u);
  EXPECT_EQ(s.used_bytes, 16u + 112u);  // header + 100 rounded up to 16
  EXPECT_EQ(s.used_bytes + s.free_bytes, s.capacity);
  expect_ok(heap.check());
  expect_ok(heap.free(p));
  expect_pristine(heap);
}

TEST(heap_allocator, FreeNullIsANoOp) {
  Arena arena(4096);
  expect_ok(arena.heap.free(nullptr));
  expect_pristine(arena.heap);
}

TEST(heap_allocator, ZeroSizeGivesDistinctBlocks) {
  Arena arena(4096);
  void* a = must_allocate(arena.heap, 0);
  void* b = must_allocate(arena.heap, 0);
  EXPECT_NE(a, nullptr);
  EXPECT_NE(a, b);
  expect_ok(arena.heap.free(a));
  expect_ok(arena.heap.free(b));
  expect_pristine(arena.heap);
}

TEST(heap_allocator, DefaultAlignmentIsSixteen) {
  Arena arena(64 * 1024);
  for (size_t size : {1u, 3u, 15u, 16u, 17u, 31u, 100u, 1000u}) {
    void* p = must_allocate(arena.heap, size);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 16, 0u) << size;
  }
  expect_ok(arena.heap.check());
}

TEST(heap_allocator, LargePowerOfTwoAlignments) {
  Arena arena(256 * 1024);
  HeapAllocator& heap = arena.heap;
  std::vector<void*> blocks;
  // Interleave small blocks so alignment gaps have to be split off in awkward places.
  for (size_t align : {32u, 64u, 128u, 256u, 512u, 1024u, 4096u, 8192u, 8u, 1u}) {
    blocks.push_back(must_allocate(heap, 24));
    void* p = must_allocate(heap, 100, align);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % std::max<size_t>(align, 16), 0u) << align;
    std::memset(p, 0xA5, 100);
    blocks.push_back(p);
    expect_ok(heap.check());
  }
  for (void* p : blocks) expect_ok(heap.free(p));
  expect_pristine(heap);
}

TEST(heap_allocator, AlignedBlockFromTheFirstFreeBlock) {
  Arena arena(16 * 1024);
  // The first payload sits at base + 16, so a 4096-aligned request must leave a free gap in front.
  void* p = must_allocate(arena.heap, 64, 4096);
  EXPECT_EQ(p, static_cast<void*>(arena.base() + 4096));
  HeapStats s = arena.heap.stats();
  EXPECT_EQ(s.free_block_count, 2u);  // the gap and the rest
  void* small = must_allocate(arena.heap, 16);  // first fit may use the gap
  EXPECT_LT(small, p);
  expect_ok(arena.heap.free(p));
  expect_ok(arena.heap.free(small));
  expect_pristine(arena.heap);
}

TEST(heap_allocator, BadAlignmentIsRejected) {
  Arena arena(4096);
  EXPECT_EQ(arena.heap.allocate(16, 0).error(), Error::InvalidArgument);
  EXPECT_EQ(arena.heap.allocate(16, 3).error(), Error::InvalidArgument);
  EXPECT_EQ(arena.heap.allocate(16, 48).error(), Error::InvalidArgument);
  EXPECT_EQ(arena.heap.allocate(16, 1u << 20).error(), Error::NoMemory);  // valid but cannot fit
  expect_pristine(arena.heap);
}

TEST(heap_allocator, ExhaustionReturnsNoMemory) {
  Arena arena(8192);
  HeapAllocator& heap = arena.heap;
  HeapStats s = heap.stats();
  EXPECT_EQ(heap.allocate(s.largest_free + 1).error(), Error::NoMemory);
  EXPECT_EQ(heap.allocate(SIZE_MAX).error(), Error::NoMemory);
  EXPECT_EQ(heap.allocate(SIZE_MAX - 7).error(), Error::NoMemory);
  std::vector<void*> blocks;
  for (;;) {
    Result<void*> r = heap.allocate(100);
    if (!r) {
      EXPECT_EQ(r.error(), Error::NoMemory);
      break;
    }
    blocks.push_back(r.value());
  }
  EXPECT_EQ(blocks.size(), 8192u / 128u);  // 16-byte header + 112-byte payload each
  expect_ok(heap.check());
  EXPECT_EQ(heap.stats().free_bytes, 0u);
  EXPECT_EQ(heap.stats().largest_free, 0u);
  // Freeing one makes exactly that much room again.
  expect_ok(heap.free(blocks.back()));
  blocks.pop_back();
  blocks.push_back(must_allocate(heap, 112));
  EXPECT_EQ(heap.allocate(1).error(), Error::NoMemory);
  for (void* p : blocks) expect_ok(heap.free(p));
  expect_pristine(heap);
}

TEST(heap_allocator, WholeHeapInOneBlock) {
  Arena arena(4096);
  size_t largest = arena.heap.stats().largest_free;
  void* p = must_allocate(arena.heap, largest);
  std::memset(p, 1, largest);
  EXPECT_EQ(arena.heap.allocate(0).error(), Error::NoMemory);
  expect_ok(arena.heap.free(p));
  expect_pristine(arena.heap);
}

TEST(heap_allocator, SplitRemainderTooSmallStaysWithTheBlock) {
  Arena arena(4096);
  size_t largest = arena.heap.stats().largest_free;
  // Leaves 16 bytes, less than a minimal block: they become slack of this allocation, guarded by the
  // canary rather than lost.
  void* p = must_allocate(arena.heap, largest - 16);
  HeapStats s = arena.heap.stats();
  EXPECT_EQ(s.free_bytes, 0u);
  EXPECT_EQ(s.free_block_count, 0u);
  expect_ok(arena.heap.check());
  expect_ok(arena.heap.free(p));
  expect_pristine(arena.heap);
}

// Fills the heap with equal blocks, frees them in the given order and expects one big block back.
void coalesce_in_order(const std::vector<size_t>& order_seed_sizes, int mode) {
  Arena arena(32 * 1024);
  HeapAllocator& heap = arena.heap;
  std::vector<void*> blocks;
  size_t i = 0;
  for (;;) {
    Result<void*> r = heap.allocate(order_seed_sizes[i++ % order_seed_sizes.size()]);
    if (!r) break;
    blocks.push_back(r.value());
  }
  ASSERT_GT(blocks.size(), 10u);
  std::vector<size_t> order(blocks.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  switch (mode) {
    case 0: break;                                      // address order
    case 1: std::reverse(order.begin(), order.end()); break;
    case 2:                                             // every other one first, then the rest
      std::stable_partition(order.begin(), order.end(), [](size_t k) { return k % 2 == 0; });
      break;
    case 3: {                                           // from the middle outwards
      std::vector<size_t> m;
      size_t mid = order.size() / 2;
      for (size_t d = 0; d <= mid; ++d) {
        if (mid + d < order.size()) m.push_back(mid + d);
        if (d != 0 && d <= mid) m.push_back(mid - d);
      }
      order = m;
      break;
    }
    default: {
      std::mt19937 rng(static_cast<uint32_t>(mode));
      std::shuffle(order.begin(), order.end(), rng);
    }
  }
  ASSERT_EQ(order.size(), blocks.size());
  for (size_t k : order) {
    expect_ok(heap.free(blocks[k]));
    expect_ok(heap.check());
  }
  expect_pristine(heap);
  // The whole heap is allocatable in one piece again.
  void* all = must_allocate(heap, heap.stats().largest_free);
  expect_ok(heap.free(all));
}

TEST(heap_allocator, CoalescingForward) { coalesce_in_order({48}, 0); }
TEST(heap_allocator, CoalescingBackward) { coalesce_in_order({48}, 1); }
TEST(heap_allocator, CoalescingAlternate) { coalesce_in_order({48, 200, 16}, 2); }
TEST(heap_allocator, CoalescingMiddleOut) { coalesce_in_order({100, 7}, 3); }
TEST(heap_allocator, CoalescingShuffled) {
  for (int seed = 4; seed < 12; ++seed) coalesce_in_order({1, 64, 333, 1000}, seed);
}

TEST(heap_allocator, FreeingBetweenTwoFreeBlocksMergesAllThree) {
  Arena arena(4096);
  HeapAllocator& heap = arena.heap;
  void* a = must_allocate(heap, 64);
  void* b = must_allocate(heap, 64);
  void* c = must_allocate(heap, 64);
  void* guard = must_allocate(heap, 64);
  expect_ok(heap.free(a));
  expect_ok(heap.free(c));
  EXPECT_EQ(heap.stats().free_block_count, 3u);  // a, c, and the tail after guard
  expect_ok(heap.free(b));
  EXPECT_EQ(heap.stats().free_block_count, 2u);  // a+b+c, and the tail
  expect_ok(heap.check());
  // The merged block is the lowest that fits, so first fit hands it out whole.
  EXPECT_EQ(must_allocate(heap, 3 * 80 - 16), a);
  EXPECT_EQ(heap.stats().free_block_count, 1u);
  expect_ok(heap.check());
  (void)guard;
}

TEST(heap_allocator, DoubleFreeIsDetectedAndHarmless) {
  Arena arena(4096);
  HeapAllocator& heap = arena.heap;
  void* a = must_allocate(heap, 40);
  void* b = must_allocate(heap, 40);
  expect_ok(heap.free(a));
  HeapStats before = heap.stats();
  expect_fault(heap.free(a), HeapFault::DoubleFree);
  HeapStats after = heap.stats();
  EXPECT_EQ(before.allocation_count, after.allocation_count);
  EXPECT_EQ(before.free_bytes, after.free_bytes);
  expect_ok(heap.check());
  expect_ok(heap.free(b));
  expect_pristine(heap);
}

TEST(heap_allocator, DoubleFreeAfterCoalescingIsDetected) {
  Arena arena(4096);
  HeapAllocator& heap = arena.heap;
  void* a = must_allocate(heap, 40);
  void* b = must_allocate(heap, 40);
  void* c = must_allocate(heap, 40);
  expect_ok(heap.free(a));
  expect_ok(heap.free(b));  // b merges into a: b's header is no longer a block
  expect_fault(heap.free(b), HeapFault::DoubleFree);
  expect_fault(heap.free(a), HeapFault::DoubleFree);
  expect_ok(heap.check());
  expect_ok(heap.free(c));
  expect_pristine(heap);
}

TEST(heap_allocator, ForeignAndInteriorPointers) {
  Arena arena(4096);
  HeapAllocator& heap = arena.heap;
  auto* p = static_cast<uint8_t*>(must_allocate(heap, 128));
  int on_stack = 0;
  expect_fault(heap.free(&on_stack), HeapFault::ForeignPointer);
  expect_fault(heap.free(arena.base() + arena.size()), HeapFault::ForeignPointer);
  expect_fault(heap.free(arena.base() - 16), HeapFault::ForeignPointer);
  expect_fault(heap.free(arena.base()), HeapFault::NotAllocated);
  expect_fault(heap.free(p + 1), HeapFault::NotAllocated);
  expect_fault(heap.free(p + 32), HeapFault::NotAllocated);
  expect_fault(heap.free(p + 64), HeapFault::NotAllocated);
  // Inside the free tail that was never handed out.
  expect_fault(heap.free(p + 1024), HeapFault::NotAllocated);
  expect_ok(heap.check());
  expect_ok(heap.free(p));
  expect_pristine(heap);
}

TEST(heap_allocator, OverrunIntoSlackIsCaughtByTheCanary) {
  Arena arena(4096);
  HeapAllocator& heap = arena.heap;
  auto* p = static_cast<uint8_t*>(must_allocate(heap, 20));  // 12 bytes of slack up to 32
  void* q = must_allocate(heap, 20);
  p[20] = 0;  // one byte too far
  expect_fault(heap.check(), HeapFault::Overrun);
  expect_fault(heap.free(p), HeapFault::Overrun);
  p[20] = 0xCA;  // repaired: the heap is intact again because the failed free changed nothing
  expect_ok(heap.check());
  expect_ok(heap.free(p));
  expect_ok(heap.free(q));
  expect_pristine(heap);
}

TEST(heap_allocator, OverrunIntoTheNextHeaderIsCaught) {
  Arena arena(4096);
  HeapAllocator& heap = arena.heap;
  auto* p = static_cast<uint8_t*>(must_allocate(heap, 32));  // no slack: the next header follows
  auto* q = static_cast<uint8_t*>(must_allocate(heap, 32));
  uint8_t saved[16];
  std::memcpy(saved, p + 32, 16);
  p[33] ^= 0xFF;  // scribble on q's header
  expect_fault(heap.check(), HeapFault::CorruptHeader);
  expect_fault(heap.free(p), HeapFault::CorruptHeader);  // neighbour validation
  expect_fault(heap.free(q), HeapFault::CorruptHeader);  // its own header
  std::memcpy(p + 32, saved, 16);
  expect_ok(heap.check());
  expect_ok(heap.free(q));
  expect_ok(heap.free(p));
  expect_pristine(heap);
}

TEST(heap_allocator, CorruptedOwnHeaderIsReported) {
  Arena arena(4096);
  HeapAllocator& heap = arena.heap;
  auto* p = static_cast<uint8_t*>(must_allocate(heap, 64));
  uint8_t saved = p[-12];
  p[-12] ^= 0x40;  // prev_size field
  expect_fault(heap.free(p), HeapFault::CorruptHeader);
  p[-12] = saved;
  expect_ok(heap.free(p));
}

TEST(heap_allocator, CorruptedFreeListIsReported) {
  Arena arena(4096);
  HeapAllocator& heap = arena.heap;
  void* a = must_allocate(heap, 64);
  void* b = must_allocate(heap, 64);
  void* c = must_allocate(heap, 64);
  expect_ok(heap.free(b));  // b is free, between a and c
  uint32_t saved;
  std::memcpy(&saved, b, 4);
  uint32_t bogus = 0x30;  // a next link into the middle of a
  std::memcpy(b, &bogus, 4);  // use after free: writing through the dangling pointer
  expect_fault(heap.check(), HeapFault::CorruptFreeList);
  EXPECT_EQ(heap.allocate(4000).error(), Error::BadAddress);  // the walk refuses the bad link
  expect_fault(heap.free(a), HeapFault::CorruptFreeList);     // would merge with b
  std::memcpy(b, &saved, 4);
  expect_ok(heap.check());
  expect_ok(heap.free(a));
  expect_ok(heap.free(c));
  expect_pristine(heap);
}

TEST(heap_allocator, ReinitInvalidatesOldPointers) {
  Arena arena(8192);
  HeapAllocator& heap = arena.heap;
  void* old_block = must_allocate(heap, 64);
  void* second = must_allocate(heap, 64);
  ASSERT_TRUE(heap.init(arena.base(), arena.size()).has_value());
  expect_pristine(heap);
  // second's header survives in memory, but not under the new cookie.
  expect_fault(heap.free(second), HeapFault::NotAllocated);
  void* fresh = must_allocate(heap, 64);
  EXPECT_EQ(fresh, old_block);  // same place, new header: freeing works once
  expect_ok(heap.free(fresh));
  expect_pristine(heap);
}

TEST(heap_allocator, FaultStringsAreDistinct) {
  const HeapFault all[] = {HeapFault::NotInitialized, HeapFault::ForeignPointer, HeapFault::NotAllocated,
                           HeapFault::DoubleFree,     HeapFault::CorruptHeader,  HeapFault::Overrun,
                           HeapFault::CorruptFreeList, HeapFault::AccountingMismatch};
  for (HeapFault a : all) {
    EXPECT_STRNE(heap_fault_string(a), "unknown heap fault");
    for (HeapFault b : all) {
      if (a != b) {
        EXPECT_STRNE(heap_fault_string(a), heap_fault_string(b));
      }
    }
  }
}

// Randomized allocate/free with sizes and alignments drawn from a seeded generator. Every live block is
// filled with its own byte pattern and verified before it is freed, so any overlap between blocks or any
// write by the allocator into a live payload shows up; check() runs after every step.
TEST(heap_allocator, RandomizedStress) {
  struct Live {
    uint8_t* ptr;
    size_t size;
    uint8_t pattern;
  };
  for (uint32_t seed : {1u, 2u, 3u, 0xC10C4u}) {
    Arena arena(128 * 1024);
    HeapAllocator& heap = arena.heap;
    std::mt19937 rng(seed);
    std::vector<Live> live;
    size_t no_memory = 0;
    for (int step = 0; step < 4000; ++step) {
      bool do_alloc = live.empty() || rng() % 100 < 55;
      if (do_alloc) {
        size_t size = rng() % 8 == 0 ? rng() % 8192 : rng() % 256;
        size_t align = rng() % 6 == 0 ? size_t{1} << (rng() % 13) : HeapAllocator::kMinAlign;
        Result<void*> r = heap.allocate(size, align);
        if (!r) {
          ASSERT_EQ(r.error(), Error::NoMemory) << "seed " << seed << " step " << step;
          ++no_memory;
        } else {
          auto* p = static_cast<uint8_t*>(r.value());
          ASSERT_EQ(reinterpret_cast<uintptr_t>(p) % std::max(align, HeapAllocator::kMinAlign), 0u);
          ASSERT_TRUE(heap.contains(p));
          ASSERT_TRUE(size == 0 || heap.contains(p + size - 1));
          uint8_t pattern = static_cast<uint8_t>(rng());
          std::memset(p, pattern, size);
          live.push_back({p, size, pattern});
        }
      } else {
        size_t index = rng() % live.size();
        Live block = live[index];
        live[index] = live.back();
        live.pop_back();
        for (size_t k = 0; k < block.size; ++k)
          ASSERT_EQ(block.ptr[k], block.pattern) << "seed " << seed << " step " << step << " byte " << k;
        Result<void, HeapFault> r = heap.free(block.ptr);
        ASSERT_TRUE(r.has_value()) << heap_fault_string(r.error()) << " seed " << seed << " step " << step;
      }
      Result<void, HeapFault> c = heap.check();
      ASSERT_TRUE(c.has_value()) << heap_fault_string(c.error()) << " seed " << seed << " step " << step;
      HeapStats s = heap.stats();
      ASSERT_EQ(s.allocation_count, live.size());
      ASSERT_EQ(s.used_bytes + s.free_bytes, s.capacity);
    }
    EXPECT_GT(no_memory + live.size(), 0u);
    for (const Live& block : live) {
      for (size_t k = 0; k < block.size; ++k) ASSERT_EQ(block.ptr[k], block.pattern);
      expect_ok(heap.free(block.ptr));
    }
    expect_pristine(heap);
  }
}

}  // namespace
}  // namespace cw

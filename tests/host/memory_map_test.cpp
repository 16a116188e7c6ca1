// Host tests for lib/memory_map: E820 normalisation, reserve() carve-outs and take_pages().
#include "lib/memory_map.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace cw {
namespace {

using disk::E820Entry;

constexpr uint32_t kUsable = 1, kReserved = 2, kAcpi = 3, kNvs = 4, kBad = 5;
constexpr uint64_t k4G = 1ull << 32;

E820Entry rec(uint64_t base, uint64_t length, uint32_t type) { return E820Entry{base, length, type, 0}; }

struct Expected {
  uint64_t start;
  uint64_t end;
};

// Sorted, disjoint, non-empty, page aligned, below 4 GiB: the invariants every map must keep.
void expect_well_formed(const MemoryMap& map) {
  uint64_t previous_end = 0;
  bool first = true;
  for (const PhysRange& r : map) {
    EXPECT_TRUE(r.start.is_page_aligned());
    EXPECT_GT(r.pages, 0u);
    EXPECT_LE(r.end(), k4G);
    if (!first) {
      EXPECT_GT(r.start.get(), previous_end - 1);  // strictly after the previous range
    }
    previous_end = r.end();
    first = false;
  }
}

void expect_ranges(const MemoryMap& map, const std::vector<Expected>& expected) {
  expect_well_formed(map);
  ASSERT_EQ(map.size(), expected.size());
  uint64_t total = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(map[i].start.get(), expected[i].start) << "range " << i;
    EXPECT_EQ(map[i].end(), expected[i].end) << "range " << i;
    total += expected[i].end - expected[i].start;
  }
  EXPECT_EQ(map.total_usable_bytes(), total);
  EXPECT_EQ(map.total_usable_pages(), total / kPageSize);
}

MemoryMap build(const std::vector<E820Entry>& entries) {
  MemoryMap map;
  Result<void> r = map.build(entries.data(), entries.size());
  EXPECT_TRUE(r.has_value());
  return map;
}

const std::vector<E820Entry> kQemu = {
    rec(0x00000000, 0x0009fc00, kUsable),   rec(0x0009fc00, 0x00000400, kReserved),
    rec(0x000f0000, 0x00010000, kReserved), rec(0x00100000, 0x07ee0000, kUsable),
    rec(0x07fe0000, 0x00020000, kReserved), rec(0xfffc0000, 0x00040000, kReserved),
};

TEST(memory_map, QemuTypicalMap) {
  MemoryMap map = build(kQemu);
  // 0x9fc00 is not a page boundary: the low range shrinks to 0x9f000.
  expect_ranges(map, {{0x0, 0x9f000}, {0x100000, 0x7fe0000}});
  EXPECT_EQ(map.total_usable_bytes(), 0x9f000u + 0x7ee0000u);
}

TEST(memory_map, QemuMapThenTypicalCarveOuts) {
  MemoryMap map = build(kQemu);
  ASSERT_TRUE(map.reserve(PhysAddr(0), 0x100000).has_value());           // the first 1 MiB
  ASSERT_TRUE(map.reserve(PhysAddr(0x100000), 0x23456).has_value());     // the kernel image, ragged end
  ASSERT_TRUE(map.reserve(PhysAddr(0x400000), 0x100000).has_value());    // the kernel heap
  expect_ranges(map, {{0x124000, 0x400000}, {0x500000, 0x7fe0000}});
}

TEST(memory_map, UnsortedInputGivesTheSameMap) {
  std::vector<E820Entry> shuffled = {kQemu[4], kQemu[1], kQemu[5], kQemu[3], kQemu[0], kQemu[2]};
  expect_ranges(build(shuffled), {{0x0, 0x9f000}, {0x100000, 0x7fe0000}});
}

TEST(memory_map, EmptyInput) {
  MemoryMap map;
  ASSERT_TRUE(map.build(nullptr, 0).has_value());
  EXPECT_TRUE(map.empty());
  EXPECT_EQ(map.total_usable_bytes(), 0u);
  EXPECT_EQ(map.take_pages(1).error(), Error::NoMemory);
  MemoryMap only_reserved = build({rec(0, 0x100000, kReserved)});
  EXPECT_TRUE(only_reserved.empty());
}

TEST(memory_map, UsableRangesShrinkInwardToPages) {
  expect_ranges(build({rec(0x1234, 0x5678 - 0x1234, kUsable)}), {{0x2000, 0x5000}});
  expect_ranges(build({rec(0x1001, 0x1ffe, kUsable)}), {});          // no whole page inside
  expect_ranges(build({rec(0x1000, 0xfff, kUsable)}), {});           // one byte short of a page
  expect_ranges(build({rec(0x1000, 0x1000, kUsable)}), {{0x1000, 0x2000}});
}

TEST(memory_map, OverlappingAndAdjacentUsableRecordsMerge) {
  expect_ranges(build({rec(0x3000, 0x5000, kUsable), rec(0x1000, 0x4000, kUsable)}), {{0x1000, 0x8000}});
  // Two records meeting inside a page: the page is whole usable memory, so it must not be lost.
  expect_ranges(build({rec(0x1000, 0x800, kUsable), rec(0x1800, 0x1800, kUsable)}), {{0x1000, 0x3000}});
  // A record contained in another.
  expect_ranges(build({rec(0x0, 0x10000, kUsable), rec(0x2000, 0x1000, kUsable)}), {{0x0, 0x10000}});
  // Duplicates.
  expect_ranges(build({rec(0x0, 0x4000, kUsable), rec(0x0, 0x4000, kUsable)}), {{0x0, 0x4000}});
}

TEST(memory_map, ReservedWinsOverlaps) {
  // Reserved in the middle splits; a reserved byte takes its whole page with it.
  expect_ranges(build({rec(0x0, 0x10000, kUsable), rec(0x4800, 0x100, kReserved)}),
                {{0x0, 0x4000}, {0x5000, 0x10000}});
  // The order of the records does not matter.
  expect_ranges(build({rec(0x4800, 0x100, kReserved), rec(0x0, 0x10000, kUsable)}),
                {{0x0, 0x4000}, {0x5000, 0x10000}});
  // Reserved overlapping either end.
  expect_ranges(build({rec(0x2000, 0x6000, kUsable), rec(0x1000, 0x1800, kReserved),
                       rec(0x7800, 0x1000, kReserved)}),
                {{0x3000, 0x7000}});
  // Reserved covering the whole usable record.
  expect_ranges(build({rec(0x2000, 0x1000, kUsable), rec(0x0, 0x10000, kReserved)}), {});
}

TEST(memory_map, EveryNonUsableTypeIsExcluded) {
  for (uint32_t type : {kReserved, kAcpi, kNvs, kBad, 0u, 77u}) {
    expect_ranges(build({rec(0x0, 0x10000, kUsable), rec(0x8000, 0x1000, type)}),
                  {{0x0, 0x8000}, {0x9000, 0x10000}});
    expect_ranges(build({rec(0x0, 0x10000, type)}), {});
  }
}

TEST(memory_map, AttributesAreIgnored) {
  std::vector<E820Entry> entries = {E820Entry{0x0, 0x4000, kUsable, 0xFFFFFFFF},
                                    E820Entry{0x8000, 0x4000, kUsable, 0}};
  expect_ranges(build(entries), {{0x0, 0x4000}, {0x8000, 0xC000}});
}

TEST(memory_map, ZeroLengthRecordsAreIgnored) {
  expect_ranges(build({rec(0x0, 0x10000, kUsable), rec(0x4000, 0, kReserved), rec(0x20000, 0, kUsable)}),
                {{0x0, 0x10000}});
}

TEST(memory_map, MemoryAboveFourGigabytesIsIgnoredOrClipped) {
  expect_ranges(build({rec(0x100000000ull, 0x80000000ull, kUsable), rec(0x0, 0x1000, kUsable)}),
                {{0x0, 0x1000}});
  // Crossing 4 GiB: the part below stays, ending exactly at 4 GiB.
  MemoryMap crossing = build({rec(0xFFFF0000ull, 0x20000, kUsable)});
  expect_ranges(crossing, {{0xFFFF0000ull, k4G}});
  EXPECT_EQ(crossing[0].pages, 16u);
  // A reserved record above 4 GiB does not affect anything below.
  expect_ranges(build({rec(0x0, 0x2000, kUsable), rec(0x100000000ull, 0x1000, kReserved)}), {{0x0, 0x2000}});
}

TEST(memory_map, HostileLengthsDoNotWrap) {
  // base + length overflows 64 bits: treated as running to the end of the address space.
  expect_ranges(build({rec(0xFFFFE000ull, UINT64_MAX, kUsable)}), {{0xFFFFE000ull, k4G}});
  expect_ranges(build({rec(0x0, 0x10000, kUsable), rec(0x8000, UINT64_MAX, kReserved)}), {{0x0, 0x8000}});
  expect_ranges(build({rec(UINT64_MAX, UINT64_MAX, kUsable)}), {});
}

TEST(memory_map, AllOfTheAddressSpace) {
  MemoryMap map = build({rec(0x0, k4G, kUsable)});
  expect_ranges(map, {{0x0, k4G}});
  EXPECT_EQ(map.total_usable_pages(), 1u << 20);
  EXPECT_EQ(map.total_usable_bytes(), k4G);
  ASSERT_TRUE(map.reserve(PhysAddr(0xFFFFF000), 0x1000).has_value());
  expect_ranges(map, {{0x0, 0xFFFFF000ull}});
}

TEST(memory_map, BuildReplacesThePreviousContents) {
  MemoryMap map = build(kQemu);
  std::vector<E820Entry> other = {rec(0x200000, 0x1000, kUsable)};
  ASSERT_TRUE(map.build(other.data(), other.size()).has_value());
  expect_ranges(map, {{0x200000, 0x201000}});
}

// n one-page usable ranges separated by one-page holes.
std::vector<E820Entry> many_ranges(size_t n) {
  std::vector<E820Entry> entries;
  for (size_t i = 0; i < n; ++i) entries.push_back(rec(i * 0x2000, 0x1000, kUsable));
  return entries;
}

TEST(memory_map, ExactlyCapacityRangesFit) {
  MemoryMap map = build(many_ranges(MemoryMap::kMaxRanges));
  EXPECT_EQ(map.size(), MemoryMap::kMaxRanges);
  expect_well_formed(map);
}

TEST(memory_map, TooManyRangesIsAnErrorAndKeepsTheLowest) {
  std::vector<E820Entry> entries = many_ranges(MemoryMap::kMaxRanges + 5);
  MemoryMap map;
  Result<void> r = map.build(entries.data(), entries.size());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), Error::NoSpace);
  ASSERT_EQ(map.size(), MemoryMap::kMaxRanges);
  EXPECT_EQ(map[0].start.get(), 0u);
  EXPECT_EQ(map[MemoryMap::kMaxRanges - 1].start.get(), (MemoryMap::kMaxRanges - 1) * 0x2000u);
  expect_well_formed(map);
}

TEST(memory_map, ReserveWidensToWholePages) {
  MemoryMap map = build({rec(0x0, 0x10000, kUsable)});
  ASSERT_TRUE(map.reserve(PhysAddr(0x4FFF), 2).has_value());  // two bytes, two pages
  expect_ranges(map, {{0x0, 0x4000}, {0x6000, 0x10000}});
}

TEST(memory_map, ReserveTrimsEndsAndDropsCoveredRanges) {
  MemoryMap map = build({rec(0x0, 0x4000, kUsable), rec(0x8000, 0x4000, kUsable), rec(0x10000, 0x4000, kUsable),
                         rec(0x18000, 0x4000, kUsable)});
  // From inside the first range to inside the third: trims the first, drops the second, trims the third.
  ASSERT_TRUE(map.reserve(PhysAddr(0x2000), 0x11000).has_value());
  expect_ranges(map, {{0x0, 0x2000}, {0x13000, 0x14000}, {0x18000, 0x1C000}});
  // Exactly one whole range.
  ASSERT_TRUE(map.reserve(PhysAddr(0x18000), 0x4000).has_value());
  expect_ranges(map, {{0x0, 0x2000}, {0x13000, 0x14000}});
  // A range's first and last pages.
  ASSERT_TRUE(map.reserve(PhysAddr(0x0), 0x1000).has_value());
  ASSERT_TRUE(map.reserve(PhysAddr(0x1000), 0x1000).has_value());
  expect_ranges(map, {{0x13000, 0x14000}});
}

TEST(memory_map, ReserveOutsideTheMapIsANoOp) {
  MemoryMap map = build({rec(0x10000, 0x10000, kUsable)});
  ASSERT_TRUE(map.reserve(PhysAddr(0x0), 0x10000).has_value());        // ends exactly at the start
  ASSERT_TRUE(map.reserve(PhysAddr(0x20000), 0x10000).has_value());    // starts exactly at the end
  ASSERT_TRUE(map.reserve(PhysAddr(0x15000), 0).has_value());          // empty
  ASSERT_TRUE(map.reserve(PhysAddr(0xF0000000), 0x20000000).has_value());  // runs past 4 GiB
  expect_ranges(map, {{0x10000, 0x20000}});
}

TEST(memory_map, ReserveRunningPastFourGigabytesIsClipped) {
  MemoryMap map = build({rec(0xFFF00000ull, 0x100000, kUsable)});
  ASSERT_TRUE(map.reserve(PhysAddr(0xFFFF0000), 0xFFFFFFFF).has_value());
  expect_ranges(map, {{0xFFF00000ull, 0xFFFF0000ull}});
}

TEST(memory_map, ReserveThatWouldOverflowTheMapFailsCleanly) {
  // 63 one-page ranges, the last made long enough to split.
  MemoryMap big;
  std::vector<E820Entry> entries = many_ranges(MemoryMap::kMaxRanges - 1);
  entries.back().length = 0x10000;
  ASSERT_TRUE(big.build(entries.data(), entries.size()).has_value());
  uint64_t last = entries.back().base;
  ASSERT_TRUE(big.reserve(PhysAddr(static_cast<uint32_t>(last + 0x2000)), 0x1000).has_value());  // 64 now
  EXPECT_EQ(big.size(), MemoryMap::kMaxRanges);
  uint64_t before = big.total_usable_bytes();
  Result<void> r = big.reserve(PhysAddr(static_cast<uint32_t>(last + 0x5000)), 0x1000);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), Error::NoSpace);
  EXPECT_EQ(big.size(), MemoryMap::kMaxRanges);
  EXPECT_EQ(big.total_usable_bytes(), before);
  // Trimming an end needs no new slot and still works when full.
  ASSERT_TRUE(big.reserve(PhysAddr(static_cast<uint32_t>(last + 0xF000)), 0x1000).has_value());
  EXPECT_EQ(big.total_usable_bytes(), before - 0x1000);
  expect_well_formed(big);
}

TEST(memory_map, TakePagesIsFirstFit) {
  MemoryMap map = build({rec(0x1000, 0x1000, kUsable), rec(0x10000, 0x3000, kUsable), rec(0x20000, 0x8000, kUsable)});
  // Two pages skip the one-page range.
  Result<PhysAddr> a = map.take_pages(2);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a.value().get(), 0x10000u);
  expect_ranges(map, {{0x1000, 0x2000}, {0x12000, 0x13000}, {0x20000, 0x28000}});
  // One page comes from the lowest range, which disappears.
  EXPECT_EQ(map.take_pages(1).value().get(), 0x1000u);
  expect_ranges(map, {{0x12000, 0x13000}, {0x20000, 0x28000}});
  // Consecutive takes are contiguous.
  EXPECT_EQ(map.take_pages(4).value().get(), 0x20000u);
  EXPECT_EQ(map.take_pages(4).value().get(), 0x24000u);
  expect_ranges(map, {{0x12000, 0x13000}});
}

TEST(memory_map, TakePagesErrors) {
  MemoryMap map = build({rec(0x0, 0x4000, kUsable), rec(0x8000, 0x4000, kUsable)});
  EXPECT_EQ(map.take_pages(0).error(), Error::InvalidArgument);
  EXPECT_EQ(map.take_pages(5).error(), Error::NoMemory);  // 8 pages in total, but not contiguous
  EXPECT_EQ(map.total_usable_pages(), 8u);
  EXPECT_EQ(map.take_pages(4).value().get(), 0x0u);
  EXPECT_EQ(map.take_pages(4).value().get(), 0x8000u);
  EXPECT_TRUE(map.empty());
  EXPECT_EQ(map.take_pages(1).error(), Error::NoMemory);
}

TEST(memory_map, TakenAndReservedPagesAreNoLongerContained) {
  MemoryMap map = build(kQemu);
  EXPECT_TRUE(map.contains(PhysAddr(0x0)));
  EXPECT_TRUE(map.contains(PhysAddr(0x9efff)));
  EXPECT_FALSE(map.contains(PhysAddr(0x9f000)));  // the partial page below 0x9fc00
  EXPECT_FALSE(map.contains(PhysAddr(0xf0000)));
  EXPECT_TRUE(map.contains(PhysAddr(0x7fdffff)));
  EXPECT_FALSE(map.contains(PhysAddr(0x7fe0000)));
  EXPECT_FALSE(map.contains(PhysAddr(0xfffc0000)));
  PhysAddr page = map.take_pages(1).value();
  EXPECT_FALSE(map.contains(page));
  ASSERT_TRUE(map.reserve(PhysAddr(0x200000), 1).has_value());
  EXPECT_FALSE(map.contains(PhysAddr(0x200fff)));
  EXPECT_TRUE(map.contains(PhysAddr(0x201000)));
}

// Compares build(), reserve() and take_pages() with a byte-by-byte model over a small address space:
// a page is usable iff every byte of it is covered by a usable record and by no other record.
TEST(memory_map, RandomizedAgainstAByteModel) {
  constexpr uint32_t kSpace = 64 * 1024;
  constexpr uint32_t kPages = kSpace / kPageSize;
  std::mt19937 rng(20240601);
  for (int round = 0; round < 300; ++round) {
    std::vector<E820Entry> entries;
    size_t n = rng() % 12;
    for (size_t i = 0; i < n; ++i) {
      // Mostly page-ish boundaries, sometimes ragged ones, sometimes zero length.
      uint32_t base = rng() % 4 == 0 ? rng() % kSpace : (rng() % kPages) * kPageSize + (rng() % 3) * 0x400;
      uint32_t length = rng() % 8 == 0 ? 0 : rng() % (kSpace / 2);
      if (length > kSpace - base) length = kSpace - base;  // the model covers only [0, kSpace)
      uint32_t type = rng() % 3 == 0 ? 2 + rng() % 4 : kUsable;
      entries.push_back(rec(base, length, type));
    }
    std::vector<bool> page_ok(kPages, true);
    for (uint32_t page = 0; page < kPages; ++page) {
      for (uint32_t byte = page * kPageSize; byte < (page + 1) * kPageSize && page_ok[page]; ++byte) {
        bool usable = false, other = false;
        for (const E820Entry& e : entries) {
          if (byte >= e.base && byte < e.base + e.length) (e.type == kUsable ? usable : other) = true;
        }
        page_ok[page] = usable && !other;
      }
    }
    MemoryMap map = build(entries);
    expect_well_formed(map);
    auto compare = [&](const char* when) {
      uint32_t model_total = 0;
      for (uint32_t page = 0; page < kPages; ++page) {
        ASSERT_EQ(map.contains(PhysAddr(page * kPageSize)), page_ok[page]) << when << " round " << round << " page " << page;
        model_total += page_ok[page] ? 1 : 0;
      }
      ASSERT_EQ(map.total_usable_pages(), model_total) << when << " round " << round;
      expect_well_formed(map);
    };
    compare("build");
    for (int op = 0; op < 6; ++op) {
      if (rng() % 2 == 0) {
        uint32_t start = rng() % kSpace;
        uint32_t length = rng() % (kSpace / 4);
        ASSERT_TRUE(map.reserve(PhysAddr(start), length).has_value());
        if (length != 0) {
          for (uint32_t page = start / kPageSize; page <= (start + length - 1) / kPageSize && page < kPages; ++page)
            page_ok[page] = false;
        }
        compare("reserve");
      } else {
        uint32_t count = 1 + rng() % 4;
        // The model's first fit: the lowest run of `count` usable pages.
        uint32_t run = 0;
        int64_t expected = -1;
        for (uint32_t page = 0; page < kPages && expected < 0; ++page) {
          run = page_ok[page] ? run + 1 : 0;
          if (run == count) expected = static_cast<int64_t>(page + 1 - count) * kPageSize;
        }
        Result<PhysAddr> taken = map.take_pages(count);
        if (expected < 0) {
          ASSERT_FALSE(taken.has_value());
          EXPECT_EQ(taken.error(), Error::NoMemory);
        } else {
          ASSERT_TRUE(taken.has_value());
          ASSERT_EQ(taken.value().get(), static_cast<uint32_t>(expected)) << "round " << round;
          for (uint32_t k = 0; k < count; ++k) page_ok[expected / kPageSize + k] = false;
        }
        compare("take");
      }
    }
  }
}

TEST(memory_map, RangeByteHelpers) {
  PhysRange r{PhysAddr(0x5000), 3};
  EXPECT_EQ(r.byte_length(), 0x3000u);
  EXPECT_EQ(r.end(), 0x8000u);
}

}  // namespace
}  // namespace cw

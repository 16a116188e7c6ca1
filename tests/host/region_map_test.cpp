// Host tests for mm/region_map: region validation, brk, stack growth, image regions from an ElfPlan and
// every outcome of classify_fault.
#include "mm/region_map.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/host/elf_builder.h"

namespace cw::mm {
namespace {

constexpr VirtAddr V(uint32_t a) { return VirtAddr(a); }
constexpr Protection kRx = Protection::Read | Protection::Execute;
constexpr Protection kRwx = kReadWrite | Protection::Execute;
constexpr VirtAddr kTop(kUserTop);
constexpr uint32_t kFloor = kUserTop - kStackMaxSize;  // 0xBF800000

// text 0x08048000-0x0804A000 (RX), data 0x0804A000-0x0804B000 (RW), heap from 0x0804B000 (empty),
// stack top 0xC0000000 with one page.
void typical(RegionMap& map) {
  ASSERT_TRUE(map.add(Region::image(V(0x08048000), V(0x0804A000), kRx)));
  ASSERT_TRUE(map.add(Region::image(V(0x0804A000), V(0x0804B000), kReadWrite)));
  ASSERT_TRUE(map.add(Region::heap(V(0x0804B000), V(0x0804B000))));
  ASSERT_TRUE(map.add(Region::stack(kTop, kPageSize)));
}

TEST(region_map, AddKeepsRegionsSortedAndFindRespectsBounds) {
  RegionMap map;
  ASSERT_TRUE(map.add(Region::stack(kTop, kPageSize)));
  ASSERT_TRUE(map.add(Region::image(V(0x08048000), V(0x0804A000), kRx)));
  ASSERT_TRUE(map.add(Region::heap(V(0x10000000), V(0x10002000))));
  ASSERT_TRUE(map.add(Region::image(V(0x00001000), V(0x00002000), Protection::Read)));  // lowest page
  std::vector<uint32_t> starts;
  for (const Region& r : map) starts.push_back(r.start.get());
  EXPECT_EQ(starts, (std::vector<uint32_t>{0x00001000, 0x08048000, 0x10000000, 0xBFFFF000}));

  EXPECT_EQ(map.find(V(0x08048000)), &map.at(1));
  EXPECT_EQ(map.find(V(0x08049FFF)), &map.at(1));
  EXPECT_EQ(map.find(V(0x0804A000)), nullptr);  // end is exclusive
  EXPECT_EQ(map.find(V(0x08047FFF)), nullptr);
  EXPECT_EQ(map.find(V(0x00000000)), nullptr);
  EXPECT_EQ(map.find(V(0xBFFFFFFF))->kind, RegionKind::Stack);
  EXPECT_EQ(map.find(V(0xBFFFE000)), nullptr);  // the stack's growth area is not part of it yet
  EXPECT_EQ(map.heap()->start, V(0x10000000));
  EXPECT_EQ(map.stack()->floor, V(kFloor));
  EXPECT_EQ(map.stack()->reserved_start(), V(kFloor - kStackGuardGap));
}

TEST(region_map, AddRejectsBadRanges) {
  RegionMap map;
  EXPECT_EQ(map.add(Region::image(V(0x08048010), V(0x08049000), kRx)).error(), Error::InvalidArgument);
  EXPECT_EQ(map.add(Region::image(V(0x08048000), V(0x08049004), kRx)).error(), Error::InvalidArgument);
  EXPECT_EQ(map.add(Region::image(V(0x08048000), V(0x08048000), kRx)).error(), Error::InvalidArgument);
  EXPECT_EQ(map.add(Region::image(V(0xBFFFF000), V(0x00002000), kRx)).error(), Error::InvalidArgument);  // wraps
  EXPECT_EQ(map.add(Region::image(V(0x00000000), V(0x00002000), kRx)).error(), Error::InvalidArgument);
  EXPECT_EQ(map.add(Region::image(V(0xBFFFF000), V(0xC0001000), kRx)).error(), Error::InvalidArgument);
  EXPECT_EQ(map.add(Region::heap(V(0xC0000000), V(0xC0001000))).error(), Error::InvalidArgument);
  // Stacks: the maximum size must fit below the top with the guard gap above kUserBase.
  EXPECT_EQ(map.add(Region::stack(V(0x00700000), kPageSize)).error(), Error::InvalidArgument);  // wraps
  EXPECT_EQ(map.add(Region::stack(V(0x00900000), kPageSize, 0x00800000)).error(), Error::InvalidArgument);
  EXPECT_EQ(map.add(Region::stack(kTop, 2 * kPageSize, kPageSize)).error(), Error::InvalidArgument);
  EXPECT_EQ(map.add(Region::stack(kTop, 0x10, 2 * kPageSize)).error(), Error::InvalidArgument);
  EXPECT_EQ(map.count(), 0u);
  // floor 0x00101000 = kUserBase + kStackGuardGap: just fits (and may start empty).
  ASSERT_TRUE(map.add(Region::stack(V(0x00901000), 0, 0x00800000)));
}

TEST(region_map, AddRejectsOverlapAndDuplicates) {
  RegionMap map;
  typical(map);
  EXPECT_EQ(map.add(Region::image(V(0x08049000), V(0x0804C000), kRx)).error(), Error::Exists);  // partial
  EXPECT_EQ(map.add(Region::image(V(0x08040000), V(0x08050000), kRx)).error(), Error::Exists);  // contains
  EXPECT_EQ(map.add(Region::image(V(0x08048000), V(0x08049000), kRx)).error(), Error::Exists);  // inside
  EXPECT_EQ(map.add(Region::heap(V(0x20000000), V(0x20000000))).error(), Error::Exists);  // second heap
  EXPECT_EQ(map.add(Region::stack(V(0x80000000), kPageSize)).error(), Error::Exists);    // second stack
  // The stack's reservation: growth area and guard gap.
  EXPECT_EQ(map.add(Region::image(V(0xBFF00000), V(0xBFF01000), kRx)).error(), Error::Exists);
  EXPECT_EQ(map.add(Region::image(V(kFloor - kPageSize), V(kFloor), kRx)).error(), Error::Exists);
  EXPECT_EQ(map.add(Region::image(V(kFloor - kStackGuardGap - kPageSize), V(kFloor - kStackGuardGap + kPageSize),
                                  kRx)).error(),
            Error::Exists);
  EXPECT_EQ(map.count(), 4u);
  // Adjacent is fine, below the guard gap too.
  ASSERT_TRUE(map.add(Region::image(V(0x08047000), V(0x08048000), kRx)));
  ASSERT_TRUE(map.add(Region::image(V(kFloor - kStackGuardGap - kPageSize), V(kFloor - kStackGuardGap), kRx)));
}

TEST(region_map, CapacityIsNoMemory) {
  RegionMap map;
  for (uint32_t i = 0; i < kMaxRegions; ++i) {
    ASSERT_TRUE(map.add(Region::image(V(0x10000000 + 2 * i * kPageSize), V(0x10001000 + 2 * i * kPageSize), kRx)));
  }
  EXPECT_EQ(map.add(Region::image(V(0x20000000), V(0x20001000), kRx)).error(), Error::NoMemory);
  EXPECT_EQ(map.count(), kMaxRegions);
}

TEST(region_map, BrkGrowsShrinksAndStopsAtCollisions) {
  RegionMap map;
  typical(map);
  ASSERT_TRUE(map.add(Region::image(V(0x40000000), V(0x40001000), Protection::Read)));
  const VirtAddr heap = map.heap()->start;
  ASSERT_TRUE(map.resize(heap, V(0x08050000)));
  EXPECT_EQ(map.heap()->end, V(0x08050000));
  EXPECT_EQ(map.find(V(0x0804FFFF))->kind, RegionKind::Heap);
  ASSERT_TRUE(map.resize(heap, V(0x0804C000)));  // shrink
  EXPECT_EQ(map.find(V(0x0804C000)), nullptr);
  ASSERT_TRUE(map.resize(heap, heap));  // back to empty
  EXPECT_EQ(map.heap()->size(), 0u);

  EXPECT_TRUE(map.resize(heap, V(0x40000000)));  // up to the next region exactly
  EXPECT_EQ(map.resize(heap, V(0x40001000)).error(), Error::NoMemory);  // into it
  EXPECT_EQ(map.resize(heap, V(0x50000000)).error(), Error::NoMemory);  // past it
  EXPECT_EQ(map.heap()->end, V(0x40000000));                          // unchanged by the failures
  EXPECT_EQ(map.resize(heap, V(0x08040000)).error(), Error::InvalidArgument);  // below the start
  EXPECT_EQ(map.resize(heap, V(0x08050800)).error(), Error::InvalidArgument);  // misaligned
  EXPECT_EQ(map.resize(heap, V(0xC0001000)).error(), Error::InvalidArgument);  // kernel
  EXPECT_EQ(map.resize(V(0x12345000), V(0x12346000)).error(), Error::NotFound);
  EXPECT_EQ(map.resize(map.stack()->start, kTop).error(), Error::InvalidArgument);
  EXPECT_EQ(map.resize(V(0x08048000), V(0x08048000)).error(), Error::InvalidArgument);  // empty image
}

TEST(region_map, BrkStopsAtTheStackGuardGap) {
  RegionMap map;
  ASSERT_TRUE(map.add(Region::heap(V(0xB0000000), V(0xB0000000))));
  ASSERT_TRUE(map.add(Region::stack(kTop, kPageSize)));
  const uint32_t gap = kFloor - kStackGuardGap;
  ASSERT_TRUE(map.resize(V(0xB0000000), V(gap)));
  EXPECT_EQ(map.resize(V(0xB0000000), V(gap + kPageSize)).error(), Error::NoMemory);
}

TEST(region_map, StackGrowsDownToItsLimit) {
  RegionMap map;
  EXPECT_EQ(map.grow_stack(V(0xBFFF0000)).error(), Error::NotFound);
  typical(map);
  ASSERT_TRUE(map.grow_stack(V(0xBFFFD123)));
  EXPECT_EQ(map.stack()->start, V(0xBFFFD000));
  ASSERT_TRUE(map.grow_stack(V(0xBFFFF000)));  // already covered: no-op
  EXPECT_EQ(map.stack()->start, V(0xBFFFD000));
  ASSERT_TRUE(map.grow_stack(V(kFloor)));
  EXPECT_EQ(map.stack()->size(), kStackMaxSize);
  EXPECT_EQ(map.grow_stack(V(kFloor - 1)).error(), Error::NoMemory);
  EXPECT_EQ(map.stack()->start, V(kFloor));
}

TEST(region_map, RemoveReturnsTheRegion) {
  RegionMap map;
  typical(map);
  Region r = map.remove(V(0x0804A000)).value();
  EXPECT_EQ(r.end, V(0x0804B000));
  EXPECT_EQ(r.protection, kReadWrite);
  EXPECT_EQ(map.count(), 3u);
  EXPECT_EQ(map.find(V(0x0804A000)), nullptr);
  EXPECT_EQ(map.remove(V(0x0804A000)).error(), Error::NotFound);
  ASSERT_TRUE(map.add(Region::image(V(0x0804A000), V(0x0804B000), kRx)));  // the space is free again
  map.clear();
  EXPECT_EQ(map.count(), 0u);
}

ElfPlan plan_of(const test::ElfBuilder& builder) {
  const std::vector<uint8_t> bytes = builder.build();
  auto plan = plan_elf(bytes.data(), bytes.size(), static_cast<uint32_t>(bytes.size()), kUserElfLimits);
  EXPECT_TRUE(plan);
  return plan.value();
}

TEST(region_map, ImageRegionsSplitSharedPages) {
  // text [0x08048000, 0x08049800) RX; data [0x08049800, 0x0804B800) RW: page 0x08049000 holds both.
  const ElfPlan plan = plan_of(test::ElfBuilder()
                                   .entry(0x08048000)
                                   .load(0x08048000, 0x0000, 0x1800, 0x1800, elf::kPfR | elf::kPfX)
                                   .load(0x08049800, 0x1800, 0x0100, 0x2000, elf::kPfR | elf::kPfW));
  RegionMap map;
  EXPECT_EQ(add_image_regions(map, plan).value(), V(0x0804C000));
  ASSERT_EQ(map.count(), 3u);
  EXPECT_EQ(map.at(0).start, V(0x08048000));
  EXPECT_EQ(map.at(0).end, V(0x08049000));
  EXPECT_EQ(map.at(0).protection, kRx);
  EXPECT_EQ(map.at(1).end, V(0x0804A000));
  EXPECT_EQ(map.at(1).protection, kRwx);
  EXPECT_EQ(map.at(2).end, V(0x0804C000));
  EXPECT_EQ(map.at(2).protection, kReadWrite);
  for (const Region& r : map) EXPECT_EQ(r.kind, RegionKind::Image);
}

TEST(region_map, ImageRegionsKeepGapsAndRollBackOnConflict) {
  const ElfPlan plan = plan_of(test::ElfBuilder()
                                   .entry(0x08048000)
                                   .load(0x08048000, 0x0000, 0x1000, 0x1000, elf::kPfX)  // no PF_R: still readable
                                   .load(0x08100000, 0x1000, 0x1000, 0x3000, elf::kPfR | elf::kPfW));
  RegionMap map;
  EXPECT_EQ(add_image_regions(map, plan).value(), V(0x08103000));
  ASSERT_EQ(map.count(), 2u);
  EXPECT_EQ(map.at(0).protection, kRx);
  EXPECT_EQ(map.find(V(0x08050000)), nullptr);

  RegionMap busy;
  ASSERT_TRUE(busy.add(Region::heap(V(0x08101000), V(0x08102000))));
  EXPECT_EQ(add_image_regions(busy, plan).error(), Error::Exists);
  ASSERT_EQ(busy.count(), 1u);  // the text region added first was removed again
  EXPECT_EQ(busy.at(0).kind, RegionKind::Heap);
}

// classify_fault: one test per outcome, with the typical layout and esp at the stack's current bottom.
struct region_map_classify : ::testing::Test {
  void SetUp() override { typical(map); }
  FaultDecision at(uint32_t address, Access access, PteState pte = {}, uint32_t esp = 0xBFFFF000) {
    return classify_fault(map, V(address), access, pte, V(esp));
  }
  RegionMap map;
};

TEST_F(region_map_classify, KernelAddress) {
  EXPECT_EQ(at(0xC0000000, Access::Read), FaultDecision::KernelAddress);
  EXPECT_EQ(at(0xFFFFFFFF, Access::Write), FaultDecision::KernelAddress);
}

TEST_F(region_map_classify, Unmapped) {
  EXPECT_EQ(at(0x00000000, Access::Read), FaultDecision::Unmapped);  // null page
  EXPECT_EQ(at(0x00000FFF, Access::Write), FaultDecision::Unmapped);
  EXPECT_EQ(at(0x20000000, Access::Read), FaultDecision::Unmapped);  // gap
  EXPECT_EQ(at(0x0804B000, Access::Read), FaultDecision::Unmapped);  // empty heap
  EXPECT_EQ(at(0xBFFFEFDF, Access::Write), FaultDecision::Unmapped);  // esp - 33
  EXPECT_EQ(at(kFloor - 4, Access::Write, {}, kFloor - 0x100), FaultDecision::Unmapped);  // below the limit
  EXPECT_EQ(at(kFloor - kStackGuardGap, Access::Write, {}, 0), FaultDecision::Unmapped);  // guard gap
  RegionMap no_stack;
  EXPECT_EQ(classify_fault(no_stack, V(0xBFFFEFFC), Access::Write, {}, V(0xBFFFF000)), FaultDecision::Unmapped);
}

TEST_F(region_map_classify, LoadImagePage) {
  EXPECT_EQ(at(0x08048000, Access::Read), FaultDecision::LoadImagePage);
  EXPECT_EQ(at(0x08049FFF, Access::Execute), FaultDecision::LoadImagePage);
  EXPECT_EQ(at(0x0804A010, Access::Write), FaultDecision::LoadImagePage);
}

TEST_F(region_map_classify, ZeroFill) {
  ASSERT_TRUE(map.resize(V(0x0804B000), V(0x0804D000)));
  EXPECT_EQ(at(0x0804C800, Access::Write), FaultDecision::ZeroFill);
  EXPECT_EQ(at(0xBFFFF004, Access::Read), FaultDecision::ZeroFill);  // inside the stack already
}

TEST_F(region_map_classify, GrowStackThenZeroFill) {
  EXPECT_EQ(at(0xBFFFEFFC, Access::Write), FaultDecision::GrowStackThenZeroFill);  // push
  EXPECT_EQ(at(0xBFFFEFE0, Access::Write), FaultDecision::GrowStackThenZeroFill);  // pusha: esp - 32
  // After `sub $0x10000, %esp` the program touches memory above esp but below the stack.
  EXPECT_EQ(at(0xBFFF8000, Access::Read, {}, 0xBFFEF000), FaultDecision::GrowStackThenZeroFill);
  EXPECT_EQ(at(kFloor, Access::Write, {}, kFloor), FaultDecision::GrowStackThenZeroFill);  // the limit
}

TEST_F(region_map_classify, ProtectionViolation) {
  EXPECT_EQ(at(0x08048000, Access::Write), FaultDecision::ProtectionViolation);  // text, not present
  EXPECT_EQ(at(0x08048000, Access::Write, {true, false}), FaultDecision::ProtectionViolation);
  EXPECT_EQ(at(0x0804A000, Access::Write, {true, false}), FaultDecision::CopyOnWrite);  // RO PTE, RW data
  EXPECT_EQ(at(0x0804A000, Access::Execute), FaultDecision::ProtectionViolation);  // data is not X
  EXPECT_EQ(at(0xBFFFF800, Access::Execute), FaultDecision::ProtectionViolation);  // stack
  EXPECT_EQ(at(0xBFFFEFFC, Access::Execute), FaultDecision::ProtectionViolation);  // stack growth area
}

TEST_F(region_map_classify, Spurious) {
  EXPECT_EQ(at(0x0804A000, Access::Write, {true, true}), FaultDecision::Spurious);
  EXPECT_EQ(at(0x08048000, Access::Read, {true, false}), FaultDecision::Spurious);
}

TEST(region_map, DescribeNamesEveryDecision) {
  for (auto d : {FaultDecision::LoadImagePage, FaultDecision::ZeroFill, FaultDecision::GrowStackThenZeroFill,
                 FaultDecision::ProtectionViolation, FaultDecision::Unmapped, FaultDecision::KernelAddress,
                 FaultDecision::Spurious, FaultDecision::CopyOnWrite}) {
    EXPECT_STRNE(describe(d), "unknown fault decision");
  }
}

}  // namespace
}  // namespace cw::mm

// Host tests for the replacement policies (FIFO, second chance, enhanced second chance) and the factory
// (CLOCK-Pro has its own file, clock_pro_policy_test.cpp),
// driven through a real FramePool and a fake set of accessed/dirty bits.
#include <gtest/gtest.h>

#include <cstdint>

#include "mm/enhanced_policy.h"
#include "mm/fifo_policy.h"
#include "mm/frame_pool.h"
#include "mm/page_bits.h"
#include "mm/policy_factory.h"
#include "mm/second_chance_policy.h"
#include "tests/host/policy_replay.h"

namespace cw::mm {
namespace {

using namespace policy_test;  // the fakes and the replay (tests/host/policy_replay.h)

// A hostile fake: the page is touched again the moment its accessed bit is cleared.
class AlwaysAccessedBits final : public PageBitsOps {
public:
  bool accessed(FrameIndex) const override { return true; }
  void clear_accessed(FrameIndex) override {}
  bool dirty(FrameIndex) const override { return true; }
};

// ---- FIFO -------------------------------------------------------------------------------------------

TEST(fifo_policy, EvictsInLoadOrderIgnoringAccessedBits) {
  PolicyRig<FifoPolicy> rig(4);
  for (uint32_t i = 0; i < 4; ++i) rig.bits.a[i] = true;
  EXPECT_EQ(rig.evict(), FrameIndex(0));
  EXPECT_EQ(rig.load(10), FrameIndex(0));  // the newest load now
  EXPECT_EQ(rig.evict(), FrameIndex(1));
  EXPECT_EQ(rig.load(11), FrameIndex(1));
  EXPECT_EQ(rig.evict(), FrameIndex(2));
  EXPECT_EQ(rig.load(12), FrameIndex(2));
  EXPECT_EQ(rig.evict(), FrameIndex(3));
  EXPECT_EQ(rig.load(13), FrameIndex(3));
  EXPECT_EQ(rig.evict(), FrameIndex(0));  // page 10, the oldest of the second generation
  EXPECT_EQ(rig.bits.clears, 0u);
  EXPECT_EQ(rig.policy.evictions(), 5u);
}

TEST(fifo_policy, SkipsPinnedAndUnderIoFramesWithoutLosingTheirPlace) {
  PolicyRig<FifoPolicy> rig(4);
  ASSERT_TRUE(rig.pool.pin(FrameIndex(0)));
  ASSERT_TRUE(rig.pool.begin_io(FrameIndex(1)));
  EXPECT_EQ(rig.victim(), 2u);
  ASSERT_TRUE(rig.pool.unpin(FrameIndex(0)));
  EXPECT_EQ(rig.victim(), 0u);  // still the oldest
  ASSERT_TRUE(rig.pool.end_io(FrameIndex(1)));
  EXPECT_EQ(rig.evict(), FrameIndex(0));
  EXPECT_EQ(rig.evict(), FrameIndex(1));
}

TEST(fifo_policy, ReloadMovesAFrameToTheBack) {
  PolicyRig<FifoPolicy> rig(3);
  rig.policy.on_fill(FrameIndex(0));
  EXPECT_EQ(rig.policy.tracked_count(), 3u);
  EXPECT_EQ(rig.evict(), FrameIndex(1));
  EXPECT_EQ(rig.evict(), FrameIndex(2));
  EXPECT_EQ(rig.evict(), FrameIndex(0));
  EXPECT_EQ(rig.policy.tracked_count(), 0u);
}

TEST(fifo_policy, AllPinnedIsAnErrorNotAHang) {
  PolicyRig<FifoPolicy> rig(4);
  for (uint32_t i = 0; i < 4; ++i) ASSERT_TRUE(rig.pool.pin(FrameIndex(i)));
  EXPECT_EQ(rig.policy.choose_victim().error(), Error::Busy);
  EXPECT_EQ(rig.policy.stats().failures, 1u);
  EXPECT_EQ(rig.policy.evictions(), 0u);
}

TEST(fifo_policy, NothingResidentIsAnError) {
  FramePool pool;
  FakePageBits bits;
  FifoPolicy policy(pool, bits);
  EXPECT_EQ(policy.choose_victim().error(), Error::Busy);  // uninitialised pool
  ASSERT_TRUE(pool.init_contiguous(Pfn(1), 2));
  ASSERT_TRUE(pool.allocate(kOwner, Vpn(1)));  // allocated but never filled: not a candidate
  EXPECT_EQ(policy.choose_victim().error(), Error::Busy);
  policy.on_fill(FrameIndex(5));  // out of range: ignored
  EXPECT_EQ(policy.tracked_count(), 0u);
  policy.on_free(FrameIndex(0));  // not tracked: ignored
  EXPECT_EQ(policy.tracked_count(), 0u);
}

TEST(fifo_policy, BeladyAnomaly) {
  const uint32_t refs[] = {1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5};
  constexpr uint32_t n = sizeof(refs) / sizeof(refs[0]);
  EXPECT_EQ(count_faults(PolicyKind::Fifo, 3, refs, n), 9u);
  EXPECT_EQ(count_faults(PolicyKind::Fifo, 4, refs, n), 10u);  // more frames, more faults
}

TEST(second_chance_policy, SimulatorRunsTheReferenceString) {
  // Not a stack algorithm either; just check the counts stay sane and evictions match faults.
  const uint32_t refs[] = {1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5};
  constexpr uint32_t n = sizeof(refs) / sizeof(refs[0]);
  for (uint32_t frames = 1; frames <= 5; ++frames) {
    uint32_t faults = count_faults(PolicyKind::SecondChance, frames, refs, n);
    EXPECT_GE(faults, 5u);
    EXPECT_LE(faults, n);
    EXPECT_EQ(count_faults(PolicyKind::Enhanced, frames, refs, n) >= 5u, true);
  }
  EXPECT_EQ(count_faults(PolicyKind::SecondChance, 5, refs, n), 5u);  // everything fits
}

// ---- Second chance (CLOCK) -------------------------------------------------------------------------

TEST(second_chance_policy, ClearsAccessedBitsAndGivesASecondChance) {
  PolicyRig<SecondChancePolicy> rig(4);
  rig.bits.a[0] = rig.bits.a[1] = rig.bits.a[3] = true;
  EXPECT_EQ(rig.victim(), 2u);
  EXPECT_FALSE(rig.bits.a[0]);
  EXPECT_FALSE(rig.bits.a[1]);
  EXPECT_TRUE(rig.bits.a[3]);  // the hand stopped before reaching it
  EXPECT_EQ(rig.policy.hand(), FrameIndex(3));
  EXPECT_EQ(rig.policy.stats().second_chances, 2u);
}

TEST(second_chance_policy, EveryPageAccessedMeansOneFullSweep) {
  PolicyRig<SecondChancePolicy> rig(4);
  for (uint32_t i = 0; i < 4; ++i) rig.bits.a[i] = true;
  EXPECT_EQ(rig.victim(), 0u);
  for (uint32_t i = 0; i < 4; ++i) EXPECT_FALSE(rig.bits.a[i]);
  EXPECT_EQ(rig.policy.stats().second_chances, 4u);
  EXPECT_EQ(rig.policy.hand(), FrameIndex(1));
}

TEST(second_chance_policy, SkipsPinnedFramesWithoutTouchingTheirBits) {
  PolicyRig<SecondChancePolicy> rig(4);
  rig.bits.a[0] = false;  // the best victim, but pinned
  ASSERT_TRUE(rig.pool.pin(FrameIndex(0)));
  rig.bits.a[1] = true;
  ASSERT_TRUE(rig.pool.pin(FrameIndex(1)));
  EXPECT_EQ(rig.victim(), 2u);
  EXPECT_TRUE(rig.bits.a[1]);  // pinned: no second chance consumed
  EXPECT_EQ(rig.bits.clears, 0u);
}

TEST(second_chance_policy, NewlyLoadedPageGetsAFullRevolution) {
  PolicyRig<SecondChancePolicy> rig(3);
  for (uint32_t i = 0; i < 3; ++i) rig.bits.a[i] = true;
  FrameIndex freed = rig.evict();  // sweeps all, picks 0, hand at 1
  EXPECT_EQ(freed, FrameIndex(0));
  FrameIndex f = rig.load(7);
  EXPECT_EQ(f, FrameIndex(0));
  rig.bits.a[0] = true;  // the faulting access
  EXPECT_EQ(rig.evict(), FrameIndex(1));
  EXPECT_EQ(rig.load(8), FrameIndex(1));
  EXPECT_EQ(rig.evict(), FrameIndex(2));
}

TEST(second_chance_policy, AllPinnedOrUnderIoIsAnErrorNotAHang) {
  PolicyRig<SecondChancePolicy> rig(4);
  for (uint32_t i = 0; i < 4; ++i) rig.bits.a[i] = true;
  ASSERT_TRUE(rig.pool.pin(FrameIndex(0)));
  ASSERT_TRUE(rig.pool.pin(FrameIndex(1)));
  ASSERT_TRUE(rig.pool.begin_io(FrameIndex(2)));
  ASSERT_TRUE(rig.pool.begin_io(FrameIndex(3)));
  ASSERT_TRUE(rig.pool.pin(FrameIndex(3)));
  EXPECT_EQ(rig.policy.choose_victim().error(), Error::Busy);
  EXPECT_EQ(rig.bits.clears, 0u);
  EXPECT_EQ(rig.policy.stats().failures, 1u);
}

TEST(second_chance_policy, BitsThatNeverClearStillTerminate) {
  FramePool pool;
  AlwaysAccessedBits bits;
  SecondChancePolicy policy(pool, bits);
  ASSERT_TRUE(pool.init_contiguous(Pfn(1), 4));
  for (uint32_t i = 0; i < 4; ++i) policy.on_fill(pool.allocate(kOwner, Vpn(i)).value());
  ASSERT_TRUE(pool.pin(FrameIndex(0)));
  EXPECT_EQ(policy.choose_victim().value(), FrameIndex(1));  // first candidate seen
  EXPECT_EQ(policy.hand(), FrameIndex(2));
}

// ---- Enhanced second chance ------------------------------------------------------------------------

TEST(enhanced_policy, PrefersCleanUnreferencedPages) {
  PolicyRig<EnhancedSecondChancePolicy> rig(4);
  rig.bits.set(0, true, true);
  rig.bits.set(1, false, true);
  rig.bits.set(2, true, false);
  rig.bits.set(3, false, false);
  EXPECT_EQ(rig.victim(), 3u);
  EXPECT_EQ(rig.bits.clears, 0u);  // found in the first sweep, nothing cleared
  EXPECT_EQ(rig.policy.hand(), FrameIndex(0));
}

TEST(enhanced_policy, FallsBackToUnreferencedDirtyClearingAsItGoes) {
  PolicyRig<EnhancedSecondChancePolicy> rig(4);
  rig.bits.set(0, true, true);
  rig.bits.set(1, true, false);
  rig.bits.set(2, false, true);
  rig.bits.set(3, true, false);
  EXPECT_EQ(rig.victim(), 2u);
  EXPECT_FALSE(rig.bits.a[0]);  // passed over in sweep 2
  EXPECT_FALSE(rig.bits.a[1]);
  EXPECT_TRUE(rig.bits.a[3]);  // not reached
  EXPECT_TRUE(rig.bits.d[0]);  // dirty bits are never touched
}

TEST(enhanced_policy, FallsBackToFormerlyReferencedCleanPage) {
  PolicyRig<EnhancedSecondChancePolicy> rig(3);
  rig.bits.set(0, true, true);
  rig.bits.set(1, true, false);
  rig.bits.set(2, true, true);
  EXPECT_EQ(rig.victim(), 1u);  // sweep 3: (1,0) became (0,0)
  EXPECT_EQ(rig.bits.clears, 3u);
  EXPECT_EQ(rig.policy.stats().second_chances, 3u);
}

TEST(enhanced_policy, EverythingReferencedAndDirtyTakesFourSweeps) {
  PolicyRig<EnhancedSecondChancePolicy> rig(3);
  for (uint32_t i = 0; i < 3; ++i) rig.bits.set(i, true, true);
  EXPECT_EQ(rig.victim(), 0u);
  EXPECT_EQ(rig.policy.hand(), FrameIndex(1));
  // With all bits now (0,1) the next scan starts at the hand.
  EXPECT_EQ(rig.victim(), 1u);
}

TEST(enhanced_policy, SkipsPinnedAndStartsAtTheHand) {
  PolicyRig<EnhancedSecondChancePolicy> rig(4);
  rig.bits.set(0, false, false);
  ASSERT_TRUE(rig.pool.pin(FrameIndex(0)));
  rig.bits.set(1, false, false);
  rig.bits.set(2, true, true);
  rig.bits.set(3, false, false);
  EXPECT_EQ(rig.evict(), FrameIndex(1));
  EXPECT_EQ(rig.policy.hand(), FrameIndex(2));
  EXPECT_EQ(rig.victim(), 3u);  // from the hand, not from frame 0
  EXPECT_TRUE(rig.bits.a[2]);
}

TEST(enhanced_policy, AllPinnedIsAnErrorNotAHang) {
  PolicyRig<EnhancedSecondChancePolicy> rig(4);
  for (uint32_t i = 0; i < 4; ++i) ASSERT_TRUE(rig.pool.pin(FrameIndex(i)));
  EXPECT_EQ(rig.policy.choose_victim().error(), Error::Busy);
  EXPECT_EQ(rig.bits.clears, 0u);
}

TEST(enhanced_policy, BitsThatNeverClearStillTerminate) {
  FramePool pool;
  AlwaysAccessedBits bits;
  EnhancedSecondChancePolicy policy(pool, bits);
  ASSERT_TRUE(pool.init_contiguous(Pfn(1), 3));
  for (uint32_t i = 0; i < 3; ++i) policy.on_fill(pool.allocate(kOwner, Vpn(i)).value());
  EXPECT_EQ(policy.choose_victim().value(), FrameIndex(0));
}

TEST(enhanced_policy, SavesWritesComparedWithSecondChance) {
  // Frames 0..3 dirty, 4..7 clean, nothing referenced: CLOCK takes frame 0 (a write), enhanced takes a
  // clean one.
  PolicyRig<SecondChancePolicy> clock(8);
  PolicyRig<EnhancedSecondChancePolicy> enhanced(8);
  for (uint32_t i = 0; i < 4; ++i) {
    clock.bits.d[i] = true;
    enhanced.bits.d[i] = true;
  }
  EXPECT_TRUE(clock.bits.d[clock.victim()]);
  EXPECT_FALSE(enhanced.bits.d[enhanced.victim()]);
}

// ---- Factory --------------------------------------------------------------------------------------

TEST(policy_factory, NamesSelectPolicies) {
  FramePool pool;
  FakePageBits bits;
  PolicyStorage storage;
  EXPECT_EQ(storage.get(), nullptr);
  for (const char* name : {"fifo", "second-chance", "enhanced", "clock-pro"}) {
    Result<ReplacementPolicy*> p = make_policy(name, storage, pool, bits);
    ASSERT_TRUE(p) << name;
    EXPECT_STREQ(p.value()->name(), name);
    EXPECT_EQ(storage.get(), p.value());
    EXPECT_STREQ(policy_name(parse_policy_name(name).value()), name);
  }
  EXPECT_STREQ(policy_name(kDefaultPolicy), "second-chance");
}

TEST(policy_factory, UnknownNamesAreErrors) {
  FramePool pool;
  FakePageBits bits;
  PolicyStorage storage;
  ASSERT_TRUE(make_policy("fifo", storage, pool, bits));
  for (const char* name : {"", "lru", "FIFO", "fifo2", "fif", "second", "second-chance ", "enhanced\n"}) {
    Result<ReplacementPolicy*> p = make_policy(name, storage, pool, bits);
    ASSERT_FALSE(p) << name;
    EXPECT_EQ(p.error(), Error::InvalidArgument);
  }
  EXPECT_EQ(make_policy(nullptr, storage, pool, bits).error(), Error::InvalidArgument);
  EXPECT_EQ(parse_policy_name(nullptr, 0).error(), Error::InvalidArgument);
  EXPECT_STREQ(storage.get()->name(), "fifo");  // unchanged by the failures
}

TEST(policy_factory, AcceptsACommandLineTokenInPlace) {
  const char* cmdline = "policy=enhanced pageable_pages=16";
  EXPECT_EQ(parse_policy_name(cmdline + 7, 8).value(), PolicyKind::Enhanced);
  EXPECT_EQ(parse_policy_name(cmdline + 7, 7).error(), Error::InvalidArgument);  // "enhance"
  EXPECT_EQ(parse_policy_name(cmdline + 7, 9).error(), Error::InvalidArgument);  // "enhanced "
}

TEST(policy_factory, EachPolicyCountsItsOwnEvictions) {
  PolicyRig<FifoPolicy> fifo(2);
  PolicyRig<SecondChancePolicy> clock(2);
  fifo.evict();
  fifo.evict();
  clock.evict();
  EXPECT_EQ(fifo.policy.evictions(), 2u);
  EXPECT_EQ(clock.policy.evictions(), 1u);
}

constinit FramePool g_pool;
constinit FakePageBits g_bits;
constinit PolicyStorage g_storage;
constinit SecondChancePolicy g_clock(g_pool, g_bits);

TEST(policy_factory, PoliciesCanBeConstinitGlobals) {
  EXPECT_EQ(g_storage.get(), nullptr);
  EXPECT_EQ(g_clock.choose_victim().error(), Error::Busy);
  ASSERT_TRUE(g_pool.init_contiguous(Pfn(3), 1));
  g_clock.on_fill(g_pool.allocate(kOwner, Vpn(0)).value());
  EXPECT_EQ(g_clock.choose_victim().value(), FrameIndex(0));
  EXPECT_EQ(g_storage.create(PolicyKind::Fifo, g_pool, g_bits)->choose_victim().error(), Error::Busy);
}

}  // namespace
}  // namespace cw::mm

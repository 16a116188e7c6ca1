// Host tests for mm/frame_pool: states, pins, I/O, and exact frame accounting.
#include "mm/frame_pool.h"

#include <gtest/gtest.h>

#include "mm/pageable_pages_default.h"

namespace cw::mm {
namespace {

constexpr PageOwnerId kOwnerA(1);
constexpr PageOwnerId kOwnerB(2);

// The pool must be usable as a constant-initialised kernel global (no constructor run at boot).
constinit FramePool g_constinit_pool;

class frame_pool : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_TRUE(pool.init_contiguous(Pfn(0x400), 8)); }

  FrameIndex alloc(PageOwnerId owner, uint32_t vpn) {
    Result<FrameIndex> f = pool.allocate(owner, Vpn(vpn));
    EXPECT_TRUE(f);
    return f.value_or(FrameIndex(~0u));
  }

  FramePool pool;
};

TEST_F(frame_pool, AllocateAtTakesThatFreeFrameAndOnlyAFreeOne) {
  Result<FrameIndex> f = pool.allocate_at(FrameIndex(5), kOwnerA, Vpn(9));
  ASSERT_TRUE(f);
  EXPECT_EQ(f.value(), FrameIndex(5));
  EXPECT_EQ(pool.info(FrameIndex(5)).value().state, FrameState::InUse);
  EXPECT_EQ(pool.info(FrameIndex(5)).value().vpn, Vpn(9));
  EXPECT_EQ(pool.allocate_at(FrameIndex(5), kOwnerB, Vpn(1)).error(), Error::Busy);
  EXPECT_EQ(pool.allocate_at(FrameIndex(8), kOwnerB, Vpn(1)).error(), Error::Range);
  EXPECT_EQ(pool.free_count(), 7u);
  // The other seven are still handed out, each once, and frame 5 never again.
  bool seen[8] = {};
  for (int i = 0; i < 7; ++i) {
    FrameIndex g = alloc(kOwnerB, 100 + i);
    ASSERT_LT(g.get(), 8u);
    EXPECT_FALSE(seen[g.get()]);
    EXPECT_NE(g, FrameIndex(5));
    seen[g.get()] = true;
  }
  EXPECT_EQ(pool.allocate(kOwnerB, Vpn(1)).error(), Error::NoMemory);
  ASSERT_TRUE(pool.free(FrameIndex(5)));
  EXPECT_EQ(alloc(kOwnerB, 7), FrameIndex(5));
}

TEST(frame_pool_config, DefaultSizeIsAValidPoolSize) {
  EXPECT_TRUE(is_valid_pageable_pages(kPageablePagesDefault));
  EXPECT_TRUE(is_valid_pageable_pages(kMaxPageableFrames));
  EXPECT_FALSE(is_valid_pageable_pages(0));
  EXPECT_FALSE(is_valid_pageable_pages(kMaxPageableFrames + 1));
}

TEST(frame_pool_config, ConstinitGlobalStartsEmpty) {
  EXPECT_EQ(g_constinit_pool.capacity(), 0u);
  EXPECT_EQ(g_constinit_pool.allocate(kOwnerA, Vpn(1)).error(), Error::NoMemory);
  EXPECT_TRUE(g_constinit_pool.check_consistency());
}

TEST(frame_pool_init, RejectsBadSizes) {
  FramePool p;
  EXPECT_EQ(p.init_contiguous(Pfn(0x400), 0).error(), Error::InvalidArgument);
  EXPECT_EQ(p.init_contiguous(Pfn(0x400), kMaxPageableFrames + 1).error(), Error::InvalidArgument);
  EXPECT_EQ(p.init(nullptr, 4).error(), Error::InvalidArgument);
  EXPECT_EQ(p.init_contiguous(Pfn(0xFFFFFFFF), 2).error(), Error::InvalidArgument);
  EXPECT_TRUE(p.init_contiguous(Pfn(0x400), kMaxPageableFrames));
  EXPECT_EQ(p.free_count(), kMaxPageableFrames);
  EXPECT_TRUE(p.check_consistency());
}

TEST(frame_pool_init, RejectsRepeatedPfn) {
  FramePool p;
  const Pfn pfns[] = {Pfn(7), Pfn(9), Pfn(7)};
  EXPECT_EQ(p.init(pfns, 3).error(), Error::InvalidArgument);
  EXPECT_EQ(p.capacity(), 0u);
}

TEST(frame_pool_init, ScatteredPfnsAreLookedUp) {
  FramePool p;
  const Pfn pfns[] = {Pfn(0x900), Pfn(0x123), Pfn(0x555)};
  ASSERT_TRUE(p.init(pfns, 3));
  EXPECT_EQ(p.index_of(Pfn(0x123)).value(), FrameIndex(1));
  EXPECT_EQ(p.index_of(Pfn(0x555)).value(), FrameIndex(2));
  EXPECT_EQ(p.index_of(Pfn(0x124)).error(), Error::NotFound);
  EXPECT_EQ(p.info(FrameIndex(0)).value().pfn, Pfn(0x900));
}

TEST_F(frame_pool, ContiguousPfnsAreLookedUp) {
  EXPECT_EQ(pool.index_of(Pfn(0x400)).value(), FrameIndex(0));
  EXPECT_EQ(pool.index_of(Pfn(0x407)).value(), FrameIndex(7));
  EXPECT_EQ(pool.index_of(Pfn(0x408)).error(), Error::NotFound);
  EXPECT_EQ(pool.index_of(Pfn(0x3FF)).error(), Error::NotFound);
  EXPECT_EQ(pool.info(FrameIndex(5)).value().pfn, Pfn(0x405));
}

TEST_F(frame_pool, ReinitialisingABusyPoolIsRefused) {
  FrameIndex f = alloc(kOwnerA, 1);
  EXPECT_EQ(pool.init_contiguous(Pfn(0x800), 4).error(), Error::Busy);
  ASSERT_TRUE(pool.free(f));
  EXPECT_TRUE(pool.init_contiguous(Pfn(0x800), 4));
  EXPECT_EQ(pool.capacity(), 4u);
}

TEST_F(frame_pool, AllocatesLowestFirstAndRecordsOwner) {
  EXPECT_EQ(alloc(kOwnerA, 0x10), FrameIndex(0));
  EXPECT_EQ(alloc(kOwnerB, 0x20), FrameIndex(1));
  FrameInfo info = pool.info(FrameIndex(1)).value();
  EXPECT_EQ(info.state, FrameState::InUse);
  EXPECT_EQ(info.owner, kOwnerB);
  EXPECT_EQ(info.vpn, Vpn(0x20));
  EXPECT_EQ(info.pins, 0);
  EXPECT_EQ(pool.used_count(), 2u);
  EXPECT_EQ(pool.free_count(), 6u);
  EXPECT_EQ(pool.allocate(PageOwnerId::none(), Vpn(1)).error(), Error::InvalidArgument);
}

TEST_F(frame_pool, ExhaustionIsNoMemoryAndFreedFrameIsReused) {
  for (uint32_t i = 0; i < 8; ++i) alloc(kOwnerA, i);
  EXPECT_EQ(pool.allocate(kOwnerA, Vpn(99)).error(), Error::NoMemory);
  ASSERT_TRUE(pool.free(FrameIndex(5)));
  EXPECT_EQ(alloc(kOwnerB, 99), FrameIndex(5));
  EXPECT_TRUE(pool.check_consistency());
}

TEST_F(frame_pool, FreeRejectsMisuse) {
  FrameIndex f = alloc(kOwnerA, 1);
  EXPECT_EQ(pool.free(FrameIndex(8)).error(), Error::Range);
  EXPECT_EQ(pool.free(FrameIndex(3)).error(), Error::InvalidArgument);  // never allocated
  ASSERT_TRUE(pool.free(f));
  EXPECT_EQ(pool.free(f).error(), Error::InvalidArgument);  // double free
  FrameInfo info = pool.info(f).value();
  EXPECT_EQ(info.state, FrameState::Free);
  EXPECT_TRUE(info.owner.is_none());
  EXPECT_EQ(pool.info(FrameIndex(8)).error(), Error::Range);
  EXPECT_TRUE(pool.check_consistency());
}

TEST_F(frame_pool, PinsNestAndBlockFreeing) {
  FrameIndex f = alloc(kOwnerA, 1);
  EXPECT_EQ(pool.pin(FrameIndex(4)).error(), Error::InvalidArgument);  // Free frame
  ASSERT_TRUE(pool.pin(f));
  ASSERT_TRUE(pool.pin(f));
  EXPECT_EQ(pool.pinned_count(), 1u);  // frames, not pins
  EXPECT_EQ(pool.info(f).value().pins, 2);
  EXPECT_FALSE(pool.is_evictable(f));
  EXPECT_EQ(pool.free(f).error(), Error::Busy);
  ASSERT_TRUE(pool.unpin(f));
  EXPECT_EQ(pool.pinned_count(), 1u);
  EXPECT_FALSE(pool.is_evictable(f));
  ASSERT_TRUE(pool.unpin(f));
  EXPECT_EQ(pool.pinned_count(), 0u);
  EXPECT_TRUE(pool.is_evictable(f));
  EXPECT_EQ(pool.unpin(f).error(), Error::InvalidArgument);
  EXPECT_TRUE(pool.free(f));
  EXPECT_TRUE(pool.check_consistency());
}

TEST_F(frame_pool, PinCountSaturatesWithAnError) {
  FrameIndex f = alloc(kOwnerA, 1);
  for (uint32_t i = 0; i < 65535; ++i) ASSERT_TRUE(pool.pin(f));
  EXPECT_EQ(pool.pin(f).error(), Error::Overflow);
  EXPECT_EQ(pool.info(f).value().pins, 65535);
}

TEST_F(frame_pool, IoStateTransitions) {
  FrameIndex f = alloc(kOwnerA, 1);
  EXPECT_EQ(pool.end_io(f).error(), Error::InvalidArgument);
  ASSERT_TRUE(pool.begin_io(f));
  EXPECT_EQ(pool.info(f).value().state, FrameState::UnderIo);
  EXPECT_EQ(pool.under_io_count(), 1u);
  EXPECT_FALSE(pool.is_evictable(f));
  EXPECT_EQ(pool.begin_io(f).error(), Error::Busy);
  ASSERT_TRUE(pool.end_io(f));
  EXPECT_TRUE(pool.is_evictable(f));
  EXPECT_EQ(pool.under_io_count(), 0u);
  // Eviction path: begin_io, write, free straight from UnderIo.
  ASSERT_TRUE(pool.begin_io(f));
  ASSERT_TRUE(pool.free(f));
  EXPECT_EQ(pool.under_io_count(), 0u);
  EXPECT_EQ(pool.begin_io(f).error(), Error::InvalidArgument);
  EXPECT_TRUE(pool.check_consistency());
}

TEST_F(frame_pool, AccountingAfterProcessTeardown) {
  const uint32_t baseline_free = pool.free_count();
  FrameIndex b0 = alloc(kOwnerB, 0x100);
  FrameIndex a[5];
  for (uint32_t i = 0; i < 5; ++i) a[i] = alloc(kOwnerA, 0x200 + i);
  FrameIndex b1 = alloc(kOwnerB, 0x101);
  ASSERT_TRUE(pool.pin(b1));
  ASSERT_TRUE(pool.pin(a[1]));
  ASSERT_TRUE(pool.unpin(a[1]));
  EXPECT_EQ(pool.count_owned_by(kOwnerA), 5u);
  EXPECT_EQ(pool.used_count(), 7u);

  uint32_t callbacks = 0;
  OwnerRelease r = pool.free_owned_by(kOwnerA, [&](FrameIndex f) {
    ++callbacks;
    EXPECT_EQ(pool.info(f).value().owner, kOwnerA);  // still owned when the callback runs
  });
  EXPECT_EQ(r.freed, 5u);
  EXPECT_EQ(r.busy, 0u);
  EXPECT_EQ(callbacks, 5u);
  EXPECT_EQ(pool.count_owned_by(kOwnerA), 0u);
  EXPECT_EQ(pool.used_count(), 2u);
  EXPECT_EQ(pool.pinned_count(), 1u);
  EXPECT_TRUE(pool.check_consistency());

  ASSERT_TRUE(pool.unpin(b1));
  r = pool.free_owned_by(kOwnerB, [](FrameIndex) {});
  EXPECT_EQ(r.freed, 2u);
  EXPECT_EQ(pool.free_count(), baseline_free);
  EXPECT_EQ(pool.used_count(), 0u);
  EXPECT_EQ(pool.pinned_count(), 0u);
  EXPECT_EQ(pool.under_io_count(), 0u);
  EXPECT_EQ(pool.info(b0).value().state, FrameState::Free);
  EXPECT_TRUE(pool.check_consistency());
}

TEST_F(frame_pool, TeardownLeavesBusyFramesAndRetrySucceeds) {
  const uint32_t baseline_free = pool.free_count();
  FrameIndex f0 = alloc(kOwnerA, 1);
  FrameIndex f1 = alloc(kOwnerA, 2);
  alloc(kOwnerA, 3);
  ASSERT_TRUE(pool.begin_io(f0));  // an eviction write in flight
  ASSERT_TRUE(pool.pin(f1));       // a transfer into a user buffer

  OwnerRelease r = pool.free_owned_by(kOwnerA, [](FrameIndex) {});
  EXPECT_EQ(r.freed, 1u);
  EXPECT_EQ(r.busy, 2u);
  EXPECT_EQ(pool.count_owned_by(kOwnerA), 2u);
  EXPECT_TRUE(pool.check_consistency());

  ASSERT_TRUE(pool.end_io(f0));
  ASSERT_TRUE(pool.unpin(f1));
  r = pool.free_owned_by(kOwnerA, [](FrameIndex) {});
  EXPECT_EQ(r.freed, 2u);
  EXPECT_EQ(r.busy, 0u);
  EXPECT_EQ(pool.free_count(), baseline_free);
  EXPECT_TRUE(pool.check_consistency());
}

TEST_F(frame_pool, NoneOwnerFreesNothing) {
  alloc(kOwnerA, 1);
  OwnerRelease r = pool.free_owned_by(PageOwnerId::none(), [](FrameIndex) { FAIL(); });
  EXPECT_EQ(r.freed, 0u);
  EXPECT_EQ(pool.used_count(), 1u);
}

}  // namespace
}  // namespace cw::mm

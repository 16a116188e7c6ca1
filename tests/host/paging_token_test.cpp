// mm/paging_token.h: eviction by turns, in FIFO order, with a bounded tenure.
#include "mm/paging_token.h"

#include <gtest/gtest.h>

namespace cw::mm {
namespace {

constexpr uint64_t kTenure = 100;
constexpr uint64_t kIdle = 10;

int a_space, b_space, c_space;
const void* const A = &a_space;
const void* const B = &b_space;
const void* const C = &c_space;

TEST(PagingToken, TheFirstToAskTakesAFreeToken) {
  PagingToken token(kTenure, kIdle);
  PagingToken::Waiter a;
  EXPECT_TRUE(token.may_evict(A, a, 0));
  EXPECT_EQ(token.holder(), A);
  EXPECT_FALSE(a.queued);
  EXPECT_EQ(token.handoffs(), 0u);
}

TEST(PagingToken, OthersWaitWhileTheHolderIsBusyWithinItsTenure) {
  PagingToken token(kTenure, kIdle);
  PagingToken::Waiter a, b;
  ASSERT_TRUE(token.may_evict(A, a, 0));
  auto activity = token.begin(A, 0);
  EXPECT_FALSE(token.may_evict(B, b, 50));  // busy: never idle, and the tenure has 50 ticks to go
  token.join(b);
  EXPECT_EQ(token.waiting(), 1u);
  token.end(A, activity, 60);
  EXPECT_FALSE(token.may_evict(B, b, 65));  // idle for 5 ticks only
  EXPECT_TRUE(token.may_evict(A, a, 99));   // the holder itself always may
  EXPECT_EQ(token.holder(), A);
}

TEST(PagingToken, TheTenureEndsEvenForABusyHolder) {
  PagingToken token(kTenure, kIdle);
  PagingToken::Waiter a, b;
  ASSERT_TRUE(token.may_evict(A, a, 0));
  (void)token.begin(A, 0);
  token.join(b);
  EXPECT_FALSE(token.may_evict(B, b, 99));
  EXPECT_TRUE(token.may_evict(B, b, 100));
  EXPECT_EQ(token.holder(), B);
  EXPECT_FALSE(b.queued);
  EXPECT_EQ(token.waiting(), 0u);
  EXPECT_EQ(token.handoffs(), 1u);
  EXPECT_FALSE(token.may_evict(A, a, 101));  // A now waits its turn
}

TEST(PagingToken, AnIdleHolderLosesTheTokenEarly) {
  PagingToken token(kTenure, kIdle);
  PagingToken::Waiter a, b;
  ASSERT_TRUE(token.may_evict(A, a, 0));
  auto activity = token.begin(A, 0);
  token.end(A, activity, 20);
  token.join(b);
  EXPECT_FALSE(token.may_evict(B, b, 29));
  EXPECT_TRUE(token.may_evict(B, b, 30));
}

TEST(PagingToken, TheLineIsServedInOrder) {
  PagingToken token(kTenure, kIdle);
  PagingToken::Waiter a, b, c;
  ASSERT_TRUE(token.may_evict(A, a, 0));
  token.join(b);
  token.join(c);
  token.join(b);  // joining twice keeps the first place
  EXPECT_EQ(token.waiting(), 2u);
  EXPECT_FALSE(token.may_evict(C, c, 200));  // the token is passing, but B is ahead
  EXPECT_TRUE(token.may_evict(B, b, 200));
  EXPECT_FALSE(token.may_evict(C, c, 201));
  EXPECT_TRUE(token.may_evict(C, c, 300));
  EXPECT_EQ(token.handoffs(), 2u);
}

TEST(PagingToken, ANewcomerDoesNotJumpTheLine) {
  PagingToken token(kTenure, kIdle);
  PagingToken::Waiter a, b, c;
  ASSERT_TRUE(token.may_evict(A, a, 0));
  token.join(b);
  token.forget(A);  // the holder exits: the token is free, and B is first
  EXPECT_FALSE(token.may_evict(C, c, 1));
  EXPECT_TRUE(token.may_evict(B, b, 1));
  EXPECT_EQ(token.handoffs(), 0u);  // nobody lost it against their will
}

TEST(PagingToken, AWaiterThatLeavesIsSkipped) {
  PagingToken token(kTenure, kIdle);
  PagingToken::Waiter a, b, c;
  ASSERT_TRUE(token.may_evict(A, a, 0));
  token.join(b);
  token.join(c);
  token.leave(b);  // B found a free frame (or was killed)
  token.leave(b);
  EXPECT_EQ(token.waiting(), 1u);
  EXPECT_TRUE(token.may_evict(C, c, 100));
  EXPECT_EQ(token.waiting(), 0u);
}

TEST(PagingToken, AnEndFromAnOlderTenureDoesNotCount) {
  PagingToken token(kTenure, kIdle);
  PagingToken::Waiter a, b;
  ASSERT_TRUE(token.may_evict(A, a, 0));
  auto old_activity = token.begin(A, 0);
  token.join(b);
  ASSERT_TRUE(token.may_evict(B, b, 100));
  token.forget(B);
  ASSERT_TRUE(token.may_evict(A, a, 101));  // A again, a new tenure, nothing in progress
  token.end(A, old_activity, 102);           // the allocation of the old tenure ends: ignored
  token.join(b);
  EXPECT_TRUE(token.may_evict(B, b, 111));   // idle since 101
}

TEST(PagingToken, WithNobodyWaitingTheHolderKeepsIt) {
  PagingToken token(kTenure, kIdle);
  PagingToken::Waiter a;
  ASSERT_TRUE(token.may_evict(A, a, 0));
  EXPECT_TRUE(token.may_evict(A, a, 10'000));
  EXPECT_TRUE(token.passing(10'000));
  EXPECT_EQ(token.handoffs(), 0u);
}

}  // namespace
}  // namespace cw::mm

// lib/resource_limits.h: Linux's do_prlimit rules and the 32-bit conversions (kernel/sys.c).
#include "lib/resource_limits.h"

#include <gtest/gtest.h>

using namespace cw;
using namespace cw::limits;

TEST(ResourceLimits, DefaultsAreLinuxsWithTheStackReservation) {
  ResourceLimits l;
  EXPECT_EQ(l.get(kStack).value().rlim_cur, 8u * 1024 * 1024);
  EXPECT_EQ(l.get(kStack).value().rlim_max, kStackReservation);
  EXPECT_EQ(l.get(kNofile).value().rlim_cur, 1024u);
  EXPECT_EQ(l.get(kCore).value().rlim_cur, 0u);
  EXPECT_EQ(l.get(kCpu).value().rlim_max, kInfinity64);
  EXPECT_FALSE(l.get(kCount));
}

TEST(ResourceLimits, ExchangeReturnsTheOldValueAndStoresTheNew) {
  ResourceLimits l;
  cw::abi::Rlimit64 next{100, 200}, old{};
  ASSERT_TRUE(l.exchange(kCpu, &next, &old));
  EXPECT_EQ(old.rlim_cur, kInfinity64);
  EXPECT_EQ(l.get(kCpu).value().rlim_cur, 100u);
  EXPECT_EQ(l.get(kCpu).value().rlim_max, 200u);
}

TEST(ResourceLimits, RefusesAsLinuxDoes) {
  ResourceLimits l;
  cw::abi::Rlimit64 inverted{10, 5};
  EXPECT_EQ(l.exchange(kCpu, &inverted, nullptr).error(), Error::InvalidArgument);
  cw::abi::Rlimit64 ok{1, 1};
  EXPECT_EQ(l.exchange(kCount, &ok, nullptr).error(), Error::InvalidArgument);
  cw::abi::Rlimit64 files{10, kNrOpen + 1};
  EXPECT_EQ(l.exchange(kNofile, &files, nullptr).error(), Error::Permission);
  cw::abi::Rlimit64 stack{1, kStackReservation * 2};
  cw::abi::Rlimit64 old{7, 7};
  EXPECT_EQ(l.exchange(kStack, &stack, &old).error(), Error::Permission);
  EXPECT_EQ(old.rlim_cur, 7u);  // a failed call writes nothing
  EXPECT_EQ(l.get(kStack).value().rlim_max, kStackReservation);
}

TEST(ResourceLimits, ConversionsClampAndMapInfinity) {
  EXPECT_EQ(widen({kInfinity32, 5}).rlim_cur, kInfinity64);
  EXPECT_EQ(widen({kInfinity32, 5}).rlim_max, 5u);
  EXPECT_EQ(narrow({kInfinity64, 1ull << 40}).rlim_cur, kInfinity32);
  EXPECT_EQ(narrow({kInfinity64, 1ull << 40}).rlim_max, kInfinity32);
  EXPECT_EQ(narrow({42, 43}).rlim_max, 43u);
  EXPECT_EQ(narrow_old({kInfinity64, 0x80000000}).rlim_cur, kOldInfinity);
  EXPECT_EQ(narrow_old({kInfinity64, 0x80000000}).rlim_max, kOldInfinity);
  EXPECT_EQ(narrow_old({8u << 20, 1}).rlim_cur, 8u << 20);
}

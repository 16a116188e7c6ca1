// lib/tls_descriptor.h: Linux's set_thread_area rules (arch/x86/kernel/tls.c) on plain data.
#include "lib/tls_descriptor.h"

#include <gtest/gtest.h>

using namespace cw;
using namespace cw::abi;

namespace {

// What glibc 2.36's TLS_INIT_TP passes: a 4 GiB-limit, page-granular, writable 32-bit data segment.
UserDesc glibc_desc(uint32_t entry, uint32_t base) {
  return UserDesc{entry, base, 0xFFFFF, kUserDescSeg32Bit | kUserDescLimitInPages | kUserDescUseable};
}

constexpr UserDesc kEmpty{6, 0, 0, kUserDescReadExecOnly | kUserDescSegNotPresent};

}  // namespace

TEST(TlsDescriptor, EncodesGlibcDescriptorAsTheManualLaysItOut) {
  // base 0x12345678, limit 0xFFFFF, G=1 D=1 AVL=1 P=1 DPL=3 S=1 type=0011 (data, writable, accessed).
  EXPECT_EQ(tls::encode(glibc_desc(6, 0x12345678)), 0x12DFF3345678FFFFull);
}

TEST(TlsDescriptor, DecodeInvertsEncode) {
  UserDesc d = glibc_desc(7, 0x0806A000);
  UserDesc back = tls::decode(7, tls::encode(d));
  EXPECT_EQ(back.entry_number, 7u);
  EXPECT_EQ(back.base_addr, d.base_addr);
  EXPECT_EQ(back.limit, d.limit);
  EXPECT_EQ(back.flags, d.flags);
  UserDesc ro{8, 0x1000, 0x10, kUserDescSeg32Bit | kUserDescReadExecOnly | (1u << kUserDescContentsShift)};
  back = tls::decode(8, tls::encode(ro));
  EXPECT_EQ(back.flags, ro.flags);
  EXPECT_EQ(back.limit, 0x10u);
}

TEST(TlsDescriptor, EmptySlotReadsBackInTheLdtEmptyForm) {
  UserDesc d = tls::decode(6, 0);
  EXPECT_EQ(d.base_addr, 0u);
  EXPECT_EQ(d.limit, 0u);
  EXPECT_EQ(d.flags, kUserDescReadExecOnly | kUserDescSegNotPresent);
  EXPECT_TRUE(tls::clears_slot(d));
}

TEST(TlsDescriptor, RefusesWhatLinuxRefuses) {
  UserDesc d = glibc_desc(6, 0x1000);
  EXPECT_TRUE(tls::acceptable(d));
  d.flags &= ~kUserDescSeg32Bit;  // 16-bit
  EXPECT_FALSE(tls::acceptable(d));
  d = glibc_desc(6, 0x1000);
  d.flags |= 2u << kUserDescContentsShift;  // code
  EXPECT_FALSE(tls::acceptable(d));
  d = glibc_desc(6, 0x1000);
  d.flags |= kUserDescSegNotPresent;
  EXPECT_FALSE(tls::acceptable(d));
  EXPECT_TRUE(tls::acceptable(kEmpty));
  EXPECT_TRUE(tls::acceptable(UserDesc{6, 0, 0, 0}));  // LDT_zero
}

TEST(TlsDescriptor, SetPicksAFreeSlotAndFailsWhenFull) {
  tls::Slots slots;
  for (uint32_t expect = 6; expect <= 8; ++expect) {
    auto r = tls::set(slots, glibc_desc(UINT32_MAX, 0x1000 * expect));
    ASSERT_TRUE(r);
    EXPECT_EQ(r.value(), expect);
  }
  auto full = tls::set(slots, glibc_desc(UINT32_MAX, 0x5000));
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error(), Error::NoProcess);  // ESRCH
  // Clearing slot 7 frees it for the next -1.
  UserDesc clear = kEmpty;
  clear.entry_number = 7;
  ASSERT_TRUE(tls::set(slots, clear));
  EXPECT_EQ(slots.descriptor[1], 0u);
  auto again = tls::set(slots, glibc_desc(UINT32_MAX, 0x9000));
  ASSERT_TRUE(again);
  EXPECT_EQ(again.value(), 7u);
}

TEST(TlsDescriptor, EntryOutsideTheTlsRangeIsInvalid) {
  tls::Slots slots;
  for (uint32_t entry : {0u, 5u, 9u, 12u, 0xFFFFFFFEu}) {
    auto r = tls::set(slots, glibc_desc(entry, 0x1000));
    ASSERT_FALSE(r) << entry;
    EXPECT_EQ(r.error(), Error::InvalidArgument);
  }
  UserDesc bad = glibc_desc(6, 0x1000);
  bad.flags &= ~kUserDescSeg32Bit;
  auto r = tls::set(slots, bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), Error::InvalidArgument);
  EXPECT_EQ(slots.descriptor[0], 0u);  // a refused call changes nothing
  EXPECT_EQ(tls::selector(6), 0x33);
  EXPECT_EQ(tls::selector(8), 0x43);
}

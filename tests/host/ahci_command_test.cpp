// Host tests for drivers/ahci/ahci_command: the command FIS, the PRDT and the command header.
#include "drivers/ahci/ahci_command.h"

#include <gtest/gtest.h>

namespace cw::ahci {
namespace {

TEST(ahci_command, RegisterH2DFisCarriesCommandLba48AndCount) {
  uint8_t fis[20];
  for (uint8_t& b : fis) b = 0xEE;
  build_command_fis(fis, 0x25, 0x0000123456789ABCull, 0x0100);
  const uint8_t want[20] = {0x27, 0x80, 0x25, 0, 0xBC, 0x9A, 0x78, 0x40, 0x56, 0x34, 0x12, 0,
                            0x00, 0x01, 0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 20; ++i) EXPECT_EQ(fis[i], want[i]) << "byte " << i;
}

TEST(ahci_command, PrdtEntriesHoldByteCountMinusOne) {
  PrdtEntry e[4];
  Result<uint32_t> n = build_prdt(0x00123000, 4096, e, 4);
  ASSERT_TRUE(n);
  ASSERT_EQ(n.value(), 1u);
  EXPECT_EQ(e[0].base, 0x00123000u);
  EXPECT_EQ(e[0].base_high, 0u);
  EXPECT_EQ(e[0].count, 4095u);
}

TEST(ahci_command, BuffersAreCutAt4MiB) {
  PrdtEntry e[4];
  Result<uint32_t> n = build_prdt(0x01000000, kPrdtMaxBytes + 1024, e, 4);
  ASSERT_TRUE(n);
  ASSERT_EQ(n.value(), 2u);
  EXPECT_EQ(e[0].count, kPrdtMaxBytes - 1);
  EXPECT_EQ(e[1].base, 0x01000000u + kPrdtMaxBytes);
  EXPECT_EQ(e[1].count, 1023u);
  EXPECT_EQ(build_prdt(0x01000000, 3 * kPrdtMaxBytes, e, 2).error(), Error::NoSpace);
}

TEST(ahci_command, BadBuffersAreRefused) {
  PrdtEntry e[4];
  EXPECT_EQ(build_prdt(0x1001, 512, e, 4).error(), Error::InvalidArgument);
  EXPECT_EQ(build_prdt(0x1000, 513, e, 4).error(), Error::InvalidArgument);
  EXPECT_EQ(build_prdt(0x1000, 0, e, 4).error(), Error::InvalidArgument);
  EXPECT_EQ(build_prdt(0xFFFFF000, 0x2000, e, 4).error(), Error::Range);
}

TEST(ahci_command, HeaderHasFisLengthDirectionAndRegionCount) {
  CommandHeader read = make_header(0x00200500, 1, false);
  EXPECT_EQ(read.flags, 5u | (1u << 16));
  EXPECT_EQ(read.table, 0x00200500u);
  EXPECT_EQ(read.transferred, 0u);
  CommandHeader write = make_header(0x00200500, 3, true);
  EXPECT_EQ(write.flags, 5u | (1u << 6) | (3u << 16));
}

}  // namespace
}  // namespace cw::ahci

// Host tests for drivers/ata/ata_identify: decoding IDENTIFY DEVICE data.
#include "drivers/ata/ata_identify.h"

#include <gtest/gtest.h>

#include <cstring>

namespace cw::ata {
namespace {

struct Words {
  uint16_t w[kIdentifyWords] = {};

  // ATA strings: two characters per word, the first in the high byte, space padded.
  void put_string(size_t first, size_t words, const char* text) {
    size_t len = std::strlen(text);
    for (size_t i = 0; i < words * 2; ++i) {
      uint8_t c = i < len ? static_cast<uint8_t>(text[i]) : ' ';
      uint16_t& word = w[first + i / 2];
      word = i % 2 == 0 ? static_cast<uint16_t>((word & 0x00FF) | (c << 8))
                        : static_cast<uint16_t>((word & 0xFF00) | c);
    }
  }
  void put_checksum() {
    w[255] = 0x00A5;
    uint8_t sum = 0;
    for (uint16_t x : w) sum = static_cast<uint8_t>(sum + (x & 0xFF) + (x >> 8));
    w[255] = static_cast<uint16_t>(0x00A5 | (static_cast<uint8_t>(-sum) << 8));
  }
};

// A disk like QEMU's: LBA, 48-bit addressing, FLUSH CACHE (EXT).
Words qemu_disk(uint64_t sectors) {
  Words d;
  d.w[0] = 0x0040;
  d.put_string(10, 10, "QM00001");
  d.put_string(23, 4, "2.5+");
  d.put_string(27, 20, "QEMU HARDDISK");
  d.w[49] = 1u << 9;
  uint32_t lba28 = sectors > 0x0FFFFFFF ? 0x0FFFFFFF : static_cast<uint32_t>(sectors);
  d.w[60] = static_cast<uint16_t>(lba28);
  d.w[61] = static_cast<uint16_t>(lba28 >> 16);
  d.w[83] = 0x4000 | (1u << 10) | (1u << 12) | (1u << 13);
  for (int i = 0; i < 4; ++i) d.w[100 + i] = static_cast<uint16_t>(sectors >> (16 * i));
  return d;
}

TEST(ata_identify, DecodesAQemuDisk) {
  Words d = qemu_disk(40960);
  d.put_checksum();
  Result<Identity> id = parse_identify(d.w);
  ASSERT_TRUE(id);
  EXPECT_STREQ(id.value().model, "QEMU HARDDISK");
  EXPECT_STREQ(id.value().serial, "QM00001");
  EXPECT_STREQ(id.value().firmware, "2.5+");
  EXPECT_EQ(id.value().model_view(), StringView("QEMU HARDDISK"));
  EXPECT_TRUE(id.value().lba48);
  EXPECT_TRUE(id.value().flush_cache);
  EXPECT_TRUE(id.value().flush_cache_ext);
  EXPECT_EQ(id.value().sectors, 40960u);
}

TEST(ata_identify, DmaCapabilitiesAndSelectedModes) {
  Words d = qemu_disk(40960);
  Result<Identity> plain = parse_identify(d.w);
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain.value().dma);
  EXPECT_EQ(plain.value().mwdma_supported, 0u);

  d.w[49] |= 1u << 8;
  d.w[63] = 0x0407;      // multiword modes 0-2, mode 2 selected
  d.w[88] = 0x203F;      // Ultra modes 0-5, mode 5 selected: ignored while word 53 bit 2 is clear
  Result<Identity> id = parse_identify(d.w);
  ASSERT_TRUE(id);
  EXPECT_TRUE(id.value().dma);
  EXPECT_EQ(id.value().mwdma_supported, 0x07u);
  EXPECT_EQ(id.value().mwdma_selected, 0x04u);
  EXPECT_EQ(id.value().udma_supported, 0u);
  EXPECT_EQ(id.value().udma_selected, 0u);

  d.w[53] = 1u << 2;
  Result<Identity> ultra = parse_identify(d.w);
  ASSERT_TRUE(ultra);
  EXPECT_EQ(ultra.value().udma_supported, 0x3Fu);
  EXPECT_EQ(ultra.value().udma_selected, 0x20u);
}

TEST(ata_identify, Lba48CapacityBeyondTheLba28Limit) {
  Words d = qemu_disk(200ull * 1024 * 1024 * 2);  // 200 GiB
  Result<Identity> id = parse_identify(d.w);
  ASSERT_TRUE(id);
  EXPECT_EQ(id.value().sectors, 200ull * 1024 * 1024 * 2);
}

TEST(ata_identify, Lba28OnlyDevice) {
  Words d = qemu_disk(1000);
  d.w[83] = 0x4000;  // valid, no 48-bit feature set, no flush
  d.w[100] = 0xFFFF;  // ignored without 48-bit support
  Result<Identity> id = parse_identify(d.w);
  ASSERT_TRUE(id);
  EXPECT_FALSE(id.value().lba48);
  EXPECT_FALSE(id.value().flush_cache);
  EXPECT_EQ(id.value().sectors, 1000u);
}

TEST(ata_identify, InvalidWord83IsIgnored) {
  for (uint16_t word83 : {uint16_t{0xFFFF}, uint16_t{0x0000}, uint16_t{0x8400}}) {
    Words d = qemu_disk(1000);
    d.w[83] = word83;
    Result<Identity> id = parse_identify(d.w);
    ASSERT_TRUE(id);
    EXPECT_FALSE(id.value().lba48) << word83;
    EXPECT_EQ(id.value().sectors, 1000u);
  }
}

TEST(ata_identify, Lba48WithoutA48BitCountFallsBackToLba28Count) {
  Words d = qemu_disk(5000);
  for (int i = 0; i < 4; ++i) d.w[100 + i] = 0;
  EXPECT_EQ(parse_identify(d.w).value().sectors, 5000u);
}

TEST(ata_identify, ChecksumIsVerifiedWhenPresent) {
  Words d = qemu_disk(40960);
  d.put_checksum();
  d.w[60] ^= 1;
  EXPECT_EQ(parse_identify(d.w).error(), Error::InvalidArgument);
  d.w[255] = 0;  // no signature: not checked
  EXPECT_TRUE(parse_identify(d.w));
}

TEST(ata_identify, RejectsWhatTheDriverCannotUse) {
  Words atapi = qemu_disk(100);
  atapi.w[0] = 0x85C0;  // bit 15: ATAPI
  EXPECT_EQ(parse_identify(atapi.w).error(), Error::NoDevice);
  Words chs = qemu_disk(100);
  chs.w[49] = 0;
  EXPECT_EQ(parse_identify(chs.w).error(), Error::NotImplemented);
  Words big_sectors = qemu_disk(100);
  big_sectors.w[106] = 0x4000 | (1u << 12);
  big_sectors.w[117] = 2048;  // 4096-byte logical sectors
  EXPECT_EQ(parse_identify(big_sectors.w).error(), Error::NotImplemented);
  big_sectors.w[117] = 256;  // says "long" but is 512 bytes after all
  EXPECT_TRUE(parse_identify(big_sectors.w));
  Words empty = qemu_disk(0);
  EXPECT_EQ(parse_identify(empty.w).error(), Error::InvalidArgument);
  Words huge = qemu_disk(100);
  huge.w[103] = 1;  // beyond 48 bits
  EXPECT_EQ(parse_identify(huge.w).error(), Error::InvalidArgument);
}

TEST(ata_identify, CompactFlashIsAnAtaDevice) {
  Words cf = qemu_disk(2048);
  cf.w[0] = 0x848A;
  EXPECT_TRUE(parse_identify(cf.w));
}

TEST(ata_identify, StringsAreTrimmedAndFullLengthFits) {
  Words d = qemu_disk(100);
  d.put_string(27, 20, "0123456789012345678901234567890123456789");
  d.put_string(10, 10, "");
  EXPECT_STREQ(parse_identify(d.w).value().model, "0123456789012345678901234567890123456789");
  EXPECT_STREQ(parse_identify(d.w).value().serial, "");
}

}  // namespace
}  // namespace cw::ata

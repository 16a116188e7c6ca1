// lib/superblock_check.h and lib/crc32.h: every field rule names its field, in the order the bootblock's
// stage 2 checks them, and the checksum is the standard CRC-32.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "lib/crc32.h"
#include "lib/disk_format.h"
#include "lib/superblock_check.h"

namespace cw::disk {
namespace {

TEST(Crc32, StandardCheckValues) {
  EXPECT_EQ(crc32("123456789", 9), 0xCBF43926u);  // the CRC-32/ISO-HDLC check value
  EXPECT_EQ(crc32("", 0), 0u);
  const std::vector<uint8_t> zeros(512, 0);
  EXPECT_EQ(crc32(zeros.data(), zeros.size()), 0xB2AA7578u);  // zlib.crc32(bytes(512))
  // In pieces equals at once.
  const char* text = "The quick brown fox jumps over the lazy dog";
  const size_t n = std::strlen(text);
  EXPECT_EQ(crc32(text, n), 0x414FA339u);
  EXPECT_EQ(crc32_final(crc32_update(crc32_update(kCrc32Init, text, 10), text + 10, n - 10)), 0x414FA339u);
}

// A superblock as createimage writes it for a 25-sector kernel and 2 programs in a 4096-sector partition.
Superblock valid() {
  Superblock sb{};
  sb.magic = kSuperblockMagic;
  sb.version = kFormatVersion;
  sb.superblock_size = sizeof(Superblock);
  sb.kernel_start = 8;
  sb.kernel_sectors = 25;
  sb.kernel_entry = kKernelLoadAddress + 0x10;
  sb.kernel_load = kKernelLoadAddress;
  sb.kernel_memsz = 0x5000;
  sb.progdir_start = 1;
  sb.progdir_count = 2;
  sb.partition_sectors = 4096;
  std::strcpy(sb.cmdline, "console=serial");
  return sb;
}

// The field named for `sb` after `change`.
template <typename Change>
std::string bad_after(Change change) {
  Superblock sb = valid();
  change(sb);
  const char* field = superblock_bad_field(sb);
  return field ? field : "(valid)";
}

TEST(SuperblockCheck, AcceptsWhatCreateimageWrites) {
  EXPECT_EQ(superblock_bad_field(valid()), nullptr);
  // The edges of each range are still valid.
  EXPECT_EQ(bad_after([](Superblock& s) {
              s.kernel_sectors = kKernelMaxSectors;
              s.kernel_memsz = kKernelMaxBytes;
              s.partition_sectors = 2 * kKernelMaxSectors;  // room for the largest kernel
            }),
            "(valid)");
  EXPECT_EQ(bad_after([](Superblock& s) { s.kernel_entry = kKernelLoadAddress + 25 * 512 - 1; }), "(valid)");
  EXPECT_EQ(bad_after([](Superblock& s) { s.kernel_memsz = 24 * 512 + 1; }), "(valid)");
  EXPECT_EQ(bad_after([](Superblock& s) { s.kernel_memsz = kKernelMemoryEnd - kKernelLoadAddress; }), "(valid)");
  EXPECT_EQ(bad_after([](Superblock& s) { s.kernel_start = 4096 - 25; s.kernel_start &= ~7u; }), "(valid)");
  EXPECT_EQ(bad_after([](Superblock& s) { s.progdir_count = kMaxPrograms; }), "(valid)");
  EXPECT_EQ(bad_after([](Superblock& s) { s.progdir_count = 0; }), "(valid)");
  EXPECT_EQ(bad_after([](Superblock& s) { std::memset(s.cmdline, 'x', kCmdlineMax - 1); }), "(valid)");
}

TEST(SuperblockCheck, NamesEachBadField) {
  EXPECT_EQ(bad_after([](Superblock& s) { s.magic ^= 1; }), "magic");
  EXPECT_EQ(bad_after([](Superblock& s) { s.version = 1; }), "version");
  EXPECT_EQ(bad_after([](Superblock& s) { s.version = kFormatVersion + 1; }), "version");
  EXPECT_EQ(bad_after([](Superblock& s) { s.superblock_size = 256; }), "superblock_size");
  EXPECT_EQ(bad_after([](Superblock& s) { s.partition_sectors = 1; }), "partition_sectors");
  EXPECT_EQ(bad_after([](Superblock& s) { s.kernel_sectors = 0; }), "kernel_sectors");
  EXPECT_EQ(bad_after([](Superblock& s) { s.kernel_sectors = kKernelMaxSectors + 1; }), "kernel_sectors");
  EXPECT_EQ(bad_after([](Superblock& s) { s.kernel_start = 0; }), "kernel_start");
  EXPECT_EQ(bad_after([](Superblock& s) { s.kernel_start = 9; }), "kernel_start");
  EXPECT_EQ(bad_after([](Superblock& s) { s.kernel_start = 4096; }), "kernel_start");
  EXPECT_EQ(bad_after([](Superblock& s) { s.kernel_start = 0xFFFFFFF8u; }), "kernel_start");  // no wrap-around
  EXPECT_EQ(bad_after([](Superblock& s) { s.kernel_load = 0x00200000; }), "kernel_load");
  EXPECT_EQ(bad_after([](Superblock& s) { s.kernel_entry = 0; }), "kernel_entry");
  EXPECT_EQ(bad_after([](Superblock& s) { s.kernel_entry = kKernelLoadAddress - 1; }), "kernel_entry");
  EXPECT_EQ(bad_after([](Superblock& s) { s.kernel_entry = kKernelLoadAddress + 25 * 512; }), "kernel_entry");
  EXPECT_EQ(bad_after([](Superblock& s) { s.kernel_memsz = 24 * 512; }), "kernel_memsz");
  EXPECT_EQ(bad_after([](Superblock& s) { s.kernel_memsz = kKernelMemoryEnd - kKernelLoadAddress + 1; }),
            "kernel_memsz");
  EXPECT_EQ(bad_after([](Superblock& s) { s.progdir_count = kMaxPrograms + 1; }), "progdir_count");
  EXPECT_EQ(bad_after([](Superblock& s) { s.progdir_start = 0; }), "progdir_start");
  EXPECT_EQ(bad_after([](Superblock& s) { s.progdir_start = 4096; }), "progdir_start");
  EXPECT_EQ(bad_after([](Superblock& s) { s.progdir_start = 0xFFFFFFFFu; }), "progdir_start");
  EXPECT_EQ(bad_after([](Superblock& s) { s.reserved[6] = 1; }), "reserved");
  EXPECT_EQ(bad_after([](Superblock& s) { std::memset(s.cmdline, 'x', kCmdlineMax); }), "cmdline");
}

TEST(SuperblockCheck, FirstBadFieldIsNamed) {
  // The same order as boot/stage2.asm, so both name the same field for one corrupted image.
  EXPECT_EQ(bad_after([](Superblock& s) { s.version = 0; s.kernel_entry = 0; }), "version");
  EXPECT_EQ(bad_after([](Superblock& s) { s.kernel_load = 0; s.kernel_entry = 0; }), "kernel_load");
  EXPECT_EQ(bad_after([](Superblock& s) { s.kernel_entry = 0; s.progdir_count = 1000; }), "kernel_entry");
}

TEST(SuperblockCheck, Checksum) {
  Superblock sb = valid();
  std::vector<uint8_t> kernel(sb.kernel_sectors * kSectorSize);
  for (size_t i = 0; i < kernel.size(); ++i) kernel[i] = static_cast<uint8_t>(i * 31 + 7);
  sb.kernel_checksum = crc32(kernel.data(), kernel.size());
  EXPECT_TRUE(superblock_checksum_ok(sb, kernel.data()));
  kernel[4096] ^= 0x10;
  EXPECT_FALSE(superblock_checksum_ok(sb, kernel.data()));
}

}  // namespace
}  // namespace cw::disk

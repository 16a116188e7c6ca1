// createimage end to end (through run()) plus its layout arithmetic: the written image must match
// lib/disk_format.h exactly, and every rejection must leave no file behind.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "createimage/createimage.h"
#include "createimage/errors.h"
#include "createimage/layout.h"
#include "lib/disk_format.h"
#include "tests/host/elf_builder.h"

namespace cw::image {
namespace {

namespace fs = std::filesystem;
using elf::kPfR;
using elf::kPfW;
using elf::kPfX;
using test::ElfBuilder;
using test::pattern_byte;

// The test kernel: text at 0xC0100000 (physical 0x100000), data at 0xC0103000 with bss, so the flat image
// has a zero gap [0x1800, 0x3000) and ends at 0x3200; memory ends at 0x5000.
ElfBuilder test_kernel() {
  return ElfBuilder()
      .entry(0xC0100010)
      .segment({elf::kPtLoad, 0xC0100000, 0x1000, 0x1800, 0x1800, kPfR | kPfX, 0x00100000, 0x1000})
      .segment({elf::kPtLoad, 0xC0103000, 0x3000, 0x200, 0x2000, kPfR | kPfW, 0x00103000, 0x1000});
}

ElfBuilder test_program(uint32_t data_size) {
  return ElfBuilder()
      .entry(0x08048080)
      .load(0x08048000, 0, 0x1234, 0x1234, kPfR | kPfX)
      .load(0x08049234, 0x1234, data_size, data_size + 0x1000, kPfR | kPfW);
}

template <typename T>
T read_at(const std::vector<uint8_t>& bytes, uint64_t offset) {
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof value);
  return value;
}

class CreateImage : public ::testing::Test {
protected:
  void SetUp() override {
    std::string pattern = (fs::path(::testing::TempDir()) / "createimage_test.XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    bootblock_ = std::vector<uint8_t>(512, 0);
    for (uint32_t i = 0; i < 440; ++i) bootblock_[i] = static_cast<uint8_t>(i ^ 0x5A);
    bootblock_[510] = 0x55;
    bootblock_[511] = 0xAA;
    write("boot.bin", bootblock_);
    write("kernel.elf", test_kernel().build());
    write("shell.elf", shell_ = test_program(0x100).build());
    write("init.elf", init_ = test_program(0x3000).min_size(0x5001).build());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  void write(const std::string& name, const std::vector<uint8_t>& bytes) const {
    std::ofstream(path(name), std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                      static_cast<std::streamsize>(bytes.size()));
  }
  std::vector<uint8_t> read(const std::string& name) const {
    std::ifstream in(path(name), std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
  }

  // The standard command line, with `extra` arguments appended.
  std::vector<std::string> args(std::vector<std::string> extra = {}) const {
    std::vector<std::string> a = {"--bootblock", path("boot.bin"), "--kernel",      path("kernel.elf"),
                                  "--program",   "shell=" + path("shell.elf"),     "--program",
                                  "init=" + path("init.elf"),                       "--cmdline",
                                  "console=serial init=shell", "--swap-sectors", "64", "-o", path("disk.img")};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }

  int run_with(const std::vector<std::string>& a) {
    out_.str("");
    err_.str("");
    return run(a, out_, err_);
  }

  // Runs a command line that must fail: non-zero status, a message containing `message`, and no image
  // or temporary file left in the directory.
  void expect_rejected(const std::vector<std::string>& a, const std::string& message) {
    EXPECT_NE(run_with(a), 0) << out_.str();
    EXPECT_NE(err_.str().find(message), std::string::npos) << "stderr: " << err_.str();
    EXPECT_FALSE(fs::exists(path("disk.img")));
    for (const auto& entry : fs::directory_iterator(dir_)) {
      EXPECT_EQ(entry.path().filename().string().find(".tmp."), std::string::npos) << entry.path();
    }
  }

  fs::path dir_;
  std::vector<uint8_t> bootblock_, shell_, init_;
  std::ostringstream out_, err_;
};

TEST_F(CreateImage, WritesPartitionTable) {
  ASSERT_EQ(run_with(args()), 0) << err_.str();
  const auto image = read("disk.img");
  ASSERT_GE(image.size(), 512u);
  EXPECT_TRUE(std::equal(bootblock_.begin(), bootblock_.begin() + 440, image.begin()));
  EXPECT_NE(read_at<uint32_t>(image, disk::kMbrDiskSignatureOffset), 0u);
  EXPECT_EQ(read_at<uint16_t>(image, disk::kMbrBootSignatureOffset), disk::kMbrBootSignature);

  const auto p1 = read_at<disk::MbrPartitionEntry>(image, disk::kMbrPartitionTableOffset);
  const auto p2 = read_at<disk::MbrPartitionEntry>(image, disk::kMbrPartitionTableOffset + 16);
  EXPECT_EQ(p1.status, disk::kPartitionActive);
  EXPECT_EQ(p1.type, disk::kPartitionTypeSystem);
  EXPECT_EQ(p1.lba_first, disk::kPartitionAlignSectors);
  for (const auto& p : {p1, p2}) {
    EXPECT_EQ(std::vector<uint8_t>(p.chs_first, p.chs_first + 3), (std::vector<uint8_t>{0xFE, 0xFF, 0xFF}));
    EXPECT_EQ(std::vector<uint8_t>(p.chs_last, p.chs_last + 3), (std::vector<uint8_t>{0xFE, 0xFF, 0xFF}));
  }
  EXPECT_EQ(p2.status, 0);
  EXPECT_EQ(p2.type, disk::kPartitionTypeSwap);
  EXPECT_EQ(p2.lba_first % disk::kPartitionAlignSectors, 0u);
  EXPECT_EQ(p2.lba_first, p1.lba_first + p1.sector_count);
  EXPECT_EQ(p2.sector_count, 64u);
  EXPECT_EQ(image.size(), (uint64_t{p2.lba_first} + p2.sector_count) * 512);
  for (uint32_t i = disk::kMbrPartitionTableOffset + 32; i < disk::kMbrBootSignatureOffset; ++i) {
    EXPECT_EQ(image[i], 0) << i;  // entries 3 and 4 empty
  }
  for (uint64_t i = uint64_t{p2.lba_first} * 512; i < image.size(); ++i) ASSERT_EQ(image[i], 0) << i;
}

TEST_F(CreateImage, WritesSuperblockDirectoryKernelAndPrograms) {
  ASSERT_EQ(run_with(args()), 0) << err_.str();
  const auto image = read("disk.img");
  const uint64_t part = uint64_t{disk::kPartitionAlignSectors} * 512;
  const auto sb = read_at<disk::Superblock>(image, part);
  EXPECT_EQ(sb.magic, disk::kSuperblockMagic);
  EXPECT_EQ(sb.version, disk::kFormatVersion);
  EXPECT_EQ(sb.superblock_size, 512);
  EXPECT_EQ(sb.kernel_start % disk::kSectorsPerPage, 0u);
  EXPECT_EQ(sb.kernel_sectors, 0x3200u / 512);
  EXPECT_EQ(sb.kernel_entry, 0x00100010u);
  EXPECT_EQ(sb.kernel_load, disk::kKernelLoadAddress);
  EXPECT_EQ(sb.kernel_memsz, 0x5000u);
  EXPECT_EQ(sb.progdir_start, 1u);
  EXPECT_EQ(sb.progdir_count, 2u);
  EXPECT_EQ(read_at<disk::MbrPartitionEntry>(image, disk::kMbrPartitionTableOffset).sector_count,
            sb.partition_sectors);
  EXPECT_STREQ(sb.cmdline, "console=serial init=shell");

  // Flattened kernel: text bytes, zero gap, data bytes, zero padding to the sector end.
  const uint64_t kernel = part + uint64_t{sb.kernel_start} * 512;
  for (uint32_t i = 0; i < sb.kernel_sectors * 512; ++i) {
    uint8_t expected = 0;
    if (i < 0x1800) expected = pattern_byte(0x1000 + i);
    if (i >= 0x3000 && i < 0x3200) expected = pattern_byte(i);
    ASSERT_EQ(image[kernel + i], expected) << "kernel byte " << i;
  }

  // Directory entries, in command-line order, each program stored verbatim on a page boundary after the
  // kernel and after the previous program.
  uint64_t previous_end = sb.kernel_start + sb.kernel_sectors;
  const std::vector<std::pair<std::string, const std::vector<uint8_t>*>> expected = {{"shell", &shell_},
                                                                                     {"init", &init_}};
  for (size_t i = 0; i < expected.size(); ++i) {
    const auto entry = read_at<disk::ProgramEntry>(image, part + 512 + i * sizeof(disk::ProgramEntry));
    EXPECT_STREQ(entry.name, expected[i].first.c_str());
    EXPECT_EQ(entry.start % disk::kSectorsPerPage, 0u);
    EXPECT_GE(entry.start, previous_end);
    EXPECT_EQ(entry.size, expected[i].second->size());
    const uint64_t at = part + uint64_t{entry.start} * 512;
    EXPECT_TRUE(std::equal(expected[i].second->begin(), expected[i].second->end(), image.begin() + at));
    previous_end = entry.start + (entry.size + 511) / 512;
  }
  EXPECT_LE(previous_end, sb.partition_sectors);
  const auto unused = read_at<disk::ProgramEntry>(image, part + 512 + 2 * sizeof(disk::ProgramEntry));
  EXPECT_EQ(unused.name[0], 0);
}

TEST_F(CreateImage, PrintsLayoutAndIsDeterministic) {
  ASSERT_EQ(run_with(args({"--extended"})), 0) << err_.str();
  const std::string report = out_.str();
  for (const char* text : {"superblock", "program directory", "kernel", "0x00100010", "program shell",
                           "program init", "0x08048080", "swap partition", "segment vaddr 0xc0100000"}) {
    EXPECT_NE(report.find(text), std::string::npos) << text << "\n" << report;
  }
  const auto first = read("disk.img");
  ASSERT_EQ(run_with(args()), 0) << err_.str();
  EXPECT_EQ(out_.str().find("segment vaddr"), std::string::npos);
  EXPECT_EQ(read("disk.img"), first);
}

TEST_F(CreateImage, SwapSizeAndNoPrograms) {
  ASSERT_EQ(run_with({"--bootblock", path("boot.bin"), "--kernel", path("kernel.elf"), "--swap-mib", "2",
                      "--output=" + path("disk.img")}),
            0)
      << err_.str();
  const auto image = read("disk.img");
  const auto p2 = read_at<disk::MbrPartitionEntry>(image, disk::kMbrPartitionTableOffset + 16);
  EXPECT_EQ(p2.sector_count, 4096u);
  const auto sb = read_at<disk::Superblock>(image, uint64_t{disk::kPartitionAlignSectors} * 512);
  EXPECT_EQ(sb.progdir_count, 0u);
  EXPECT_EQ(sb.cmdline[0], 0);
}

TEST_F(CreateImage, KernelOfExactlyTheMaximumSizeFits) {
  write("kernel.elf", ElfBuilder()
                          .entry(0xC0100000)
                          .segment({elf::kPtLoad, 0xC0100000, 0x1000, disk::kKernelMaxBytes,
                                    disk::kKernelMaxBytes, kPfR | kPfX, 0x00100000, 0x1000})
                          .build());
  EXPECT_EQ(run_with(args()), 0) << err_.str();
}

TEST_F(CreateImage, HelpAndUsageErrors) {
  EXPECT_EQ(run_with({"--help"}), 0);
  EXPECT_NE(out_.str().find("--bootblock"), std::string::npos);
  expect_rejected({"--bootblock", path("boot.bin"), "--kernel", path("kernel.elf")}, "missing -o");
  expect_rejected({"--kernel", path("kernel.elf"), "-o", path("disk.img")}, "missing --bootblock");
  expect_rejected(args({"--frobnicate"}), "unexpected argument '--frobnicate'");
  expect_rejected(args({"--program", "shell"}), "NAME=PATH");
  expect_rejected(args({"--program"}), "needs a value");
  expect_rejected(args({"--kernel", path("kernel.elf")}), "more than once");
}

TEST_F(CreateImage, RejectsBadSwapSizes) {
  const auto base = std::vector<std::string>{"--bootblock", path("boot.bin"), "--kernel", path("kernel.elf"),
                                             "-o", path("disk.img")};
  for (const auto& swap : std::vector<std::vector<std::string>>{{"--swap-mib", "0"},
                                                                {"--swap-mib", "12x"},
                                                                {"--swap-mib", "-1"},
                                                                {"--swap-mib", "2097152"},
                                                                {"--swap-sectors", "12"},
                                                                {"--swap-sectors", "0"},
                                                                {"--swap-sectors", "4294967296"}}) {
    auto a = base;
    a.insert(a.end(), swap.begin(), swap.end());
    expect_rejected(a, "bad swap size");
  }
  expect_rejected(args({"--swap-mib", "4"}), "once");
  // Fits 32 bits on its own, but not after the system partition.
  auto huge = base;
  huge.insert(huge.end(), {"--swap-sectors", "4294967288"});
  expect_rejected(huge, "image too large");
}

TEST_F(CreateImage, RejectsMissingAndUnreadableFiles) {
  expect_rejected(args({"--bootblock"}), "more than once");
  auto a = args();
  a[3] = path("nope.elf");
  expect_rejected(a, "cannot open kernel");
  a = args();
  a[1] = path("nope.bin");
  expect_rejected(a, "cannot open bootblock");
  a = args();
  a[3] = dir_.string();
  expect_rejected(a, "is not a regular file");
  expect_rejected(args({"--program", "extra=" + path("nope.elf")}), "cannot open program 'extra'");
  // The output directory does not exist: the temporary file cannot be created.
  a = args();
  a.back() = path("missing-dir/disk.img");
  EXPECT_NE(run_with(a), 0);
  EXPECT_NE(err_.str().find("cannot create"), std::string::npos) << err_.str();
}

TEST_F(CreateImage, RejectsBadBootblocks) {
  auto short_block = bootblock_;
  short_block.pop_back();
  write("boot.bin", short_block);
  expect_rejected(args(), "it is 511 bytes");
  auto long_block = bootblock_;
  long_block.push_back(0);
  write("boot.bin", long_block);
  expect_rejected(args(), "it is 513 bytes");
  auto unsigned_block = bootblock_;
  unsigned_block[511] = 0;
  write("boot.bin", unsigned_block);
  expect_rejected(args(), "55 AA");
  auto overrun = bootblock_;
  overrun[450] = 0x90;
  write("boot.bin", overrun);
  expect_rejected(args(), "byte 450 is not zero");
}

TEST_F(CreateImage, RejectsBadKernels) {
  write("kernel.elf", std::vector<uint8_t>(100, 0x42));
  expect_rejected(args(), "kernel '" + path("kernel.elf") + "' is not a valid executable: not an ELF file");

  auto elf64 = test_kernel().build();
  elf64[elf::kIdentClass] = 2;
  write("kernel.elf", elf64);
  expect_rejected(args(), "not a 32-bit ELF file");

  auto arm = test_kernel().build();
  test::patch(arm, offsetof(elf::FileHeader, machine), uint16_t{40});
  write("kernel.elf", arm);
  expect_rejected(args(), "not an i386 ELF file");

  // Linked for user space instead of the kernel half.
  write("kernel.elf", test_program(0x10).build());
  expect_rejected(args(), "outside the allowed address range");

  // Overlapping virtually.
  write("kernel.elf", ElfBuilder()
                          .entry(0xC0100000)
                          .load(0xC0100000, 0x1000, 0x2000, 0x2000, kPfR | kPfX)
                          .load(0xC0101000, 0x1000, 0x100, 0x100, kPfR)
                          .build());
  expect_rejected(args(), "loadable segments overlap");

  // Distinct virtually, overlapping physically.
  write("kernel.elf", ElfBuilder()
                          .entry(0xC0100000)
                          .segment({elf::kPtLoad, 0xC0100000, 0x1000, 0x1000, 0x1000, kPfR | kPfX, 0x100000, 0x1000})
                          .segment({elf::kPtLoad, 0xC0200000, 0x2000, 0x100, 0x100, kPfR, 0x100800, 0x1000})
                          .build());
  expect_rejected(args(), "overlaps another segment in physical memory");

  // Loaded below 1 MiB.
  write("kernel.elf", ElfBuilder()
                          .entry(0xC0100000)
                          .segment({elf::kPtLoad, 0xC0100000, 0x1000, 0x100, 0x100, kPfR | kPfX, 0x9000, 0x1000})
                          .build());
  expect_rejected(args(), "below the load address 0x00100000");

  write("kernel.elf", ElfBuilder()
                          .entry(0xC0100000)
                          .segment({elf::kPtLoad, 0xC0100000, 0x1000, disk::kKernelMaxBytes + 1,
                                    disk::kKernelMaxBytes + 1, kPfR | kPfX, 0x00100000, 0x1000})
                          .build());
  expect_rejected(args(), "kernel too large for the loader: 557057 bytes, the bootblock can load at most 557056");
}

TEST_F(CreateImage, RejectsBadPrograms) {
  auto dynamic = test_program(0x10).segment({elf::kPtInterp, 0, 0x100, 0x10, 0x10, kPfR, 0, 1}).build();
  write("dyn.elf", dynamic);
  expect_rejected(args({"--program", "dyn=" + path("dyn.elf")}),
                  "program 'dyn' (file '" + path("dyn.elf") + "') is not a valid executable: dynamically linked");
  write("high.elf", ElfBuilder().entry(0xC0001000).load(0xC0001000, 0, 0x100, 0x100, kPfR | kPfX).build());
  expect_rejected(args({"--program", "high=" + path("high.elf")}), "outside the allowed address range");
  write("zero.elf", ElfBuilder().entry(0x10).load(0, 0, 0x100, 0x100, kPfR | kPfX).build());
  expect_rejected(args({"--program", "zero=" + path("zero.elf")}), "outside the allowed address range");
  write("notelf.elf", std::vector<uint8_t>(10, 0));
  expect_rejected(args({"--program", "x=" + path("notelf.elf")}), "file is too small to hold an ELF header");
}

TEST_F(CreateImage, RejectsBadProgramNames) {
  expect_rejected(args({"--program", "shell=" + path("init.elf")}), "duplicate program name 'shell'");
  expect_rejected(args({"--program", "=" + path("init.elf")}), "bad program name ''");
  expect_rejected(args({"--program", std::string(24, 'a') + "=" + path("init.elf")}), "at most 23 characters");
  expect_rejected(args({"--program", "a/b=" + path("init.elf")}), "only A-Z a-z 0-9 _ . - are allowed");
  expect_rejected(args({"--program", "sp ace=" + path("init.elf")}), "only A-Z a-z 0-9");
  // 23 characters and every legal character class are fine.
  EXPECT_EQ(run_with(args({"--program", "Az09_.-" + std::string(16, 'x') + "=" + path("init.elf")})), 0)
      << err_.str();
}

TEST_F(CreateImage, RejectsTooManyProgramsAndLongCmdline) {
  auto a = args();
  for (uint32_t i = 0; i < disk::kMaxPrograms; ++i) a.insert(a.end(), {"--program", "p" + std::to_string(i) + "=x"});
  expect_rejected(a, "too many programs: 258, at most 256");

  expect_rejected(args({"--cmdline", std::string(disk::kCmdlineMax, 'c')}), "more than once");
  auto b = args();
  b[9] = std::string(disk::kCmdlineMax, 'c');
  expect_rejected(b, "kernel command line too long: 256 bytes, at most 255");
  b[9] = std::string(disk::kCmdlineMax - 1, 'c');
  EXPECT_EQ(run_with(b), 0) << err_.str();
}

TEST_F(CreateImage, FailureKeepsAnExistingImage) {
  write("disk.img", {1, 2, 3});
  write("kernel.elf", std::vector<uint8_t>(100, 0x42));
  EXPECT_NE(run_with(args()), 0);
  EXPECT_EQ(read("disk.img"), (std::vector<uint8_t>{1, 2, 3}));
}

// --- Layout arithmetic ------------------------------------------------------------------------------------

TEST(CreateImageLayout, PlacesPiecesOnPageAndMibBoundaries) {
  const Layout l = plan_layout(0x3200, {0x1335, 1, 0x10000}, 64);
  EXPECT_EQ(l.system_lba, 2048u);
  EXPECT_EQ(l.superblock.start, 0u);
  EXPECT_EQ(l.directory.start, 1u);
  EXPECT_EQ(l.directory.sectors, 1u);
  EXPECT_EQ(l.kernel.start, 8u);
  EXPECT_EQ(l.kernel.sectors, 25u);
  ASSERT_EQ(l.programs.size(), 3u);
  EXPECT_EQ(l.programs[0].start, 40u);
  EXPECT_EQ(l.programs[0].sectors, 10u);
  EXPECT_EQ(l.programs[1].start, 56u);
  EXPECT_EQ(l.programs[1].sectors, 1u);
  EXPECT_EQ(l.programs[2].start, 64u);
  EXPECT_EQ(l.programs[2].sectors, 128u);
  EXPECT_EQ(l.swap_lba, 4096u);
  EXPECT_EQ(l.system_sectors, 2048u);
  EXPECT_EQ(l.total_sectors, 4096u + 64u);
}

TEST(CreateImageLayout, DirectorySpansSectors) {
  const Layout l = plan_layout(512, std::vector<uint32_t>(17, 1), 8);
  EXPECT_EQ(l.directory.sectors, 2u);
  EXPECT_EQ(l.kernel.start, 8u);
  const Layout none = plan_layout(512, {}, 8);
  EXPECT_EQ(none.directory.sectors, 0u);
  EXPECT_EQ(none.kernel.start, 8u);
}

TEST(CreateImageLayout, RejectsSectorOverflow) {
  // 600 programs of 4 GiB - 1 need about 2^32 * 1.2 sectors.
  EXPECT_THROW(plan_layout(512, std::vector<uint32_t>(600, 0xFFFFFFFF), 8), ImageError);
  EXPECT_THROW(plan_layout(512, {}, 0xFFFFFFF8), ImageError);
  EXPECT_NO_THROW(plan_layout(512, std::vector<uint32_t>(100, 0xFFFFFFFF), 8));
}

}  // namespace
}  // namespace cw::image

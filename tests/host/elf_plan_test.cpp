// plan_elf(): every rejection, and the page queries the demand pager relies on.
#include "lib/elf_plan.h"

#include <gtest/gtest.h>

#include <cstring>
#include <set>
#include <string>

#include "tests/host/elf_builder.h"

namespace cw {
namespace {

using elf::kPfR;
using elf::kPfW;
using elf::kPfX;
using test::ElfBuilder;
using test::patch;
using test::phdr_field;

constexpr uint32_t kText = 0x08048000;

// A typical static program: text (header included) from offset 0, data sharing text's last page, bss.
//   text  [0x08048000, 0x08049234)  file [0x0000, 0x1234)  R-X
//   data  [0x08049234, 0x0804C000)  file [0x1234, 0x1334)  RW-   (bss after 0x100 bytes)
ElfBuilder typical_program() {
  return ElfBuilder()
      .entry(kText + 0x100)
      .load(kText, 0, 0x1234, 0x1234, kPfR | kPfX)
      .load(kText + 0x1234, 0x1234, 0x100, 0x2DCC, kPfR | kPfW);
}

Result<ElfPlan, ElfError> plan(const std::vector<uint8_t>& bytes, const ElfLimits& limits = kUserElfLimits) {
  return plan_elf(bytes.data(), bytes.size(), static_cast<uint32_t>(bytes.size()), limits);
}

ElfError rejection(const std::vector<uint8_t>& bytes, const ElfLimits& limits = kUserElfLimits) {
  auto result = plan(bytes, limits);
  EXPECT_FALSE(result.has_value());
  return result ? ElfError::BadMagic : result.error();  // any value; the expectation above already failed
}

TEST(ElfPlan, AcceptsTypicalProgram) {
  const auto bytes = typical_program().build();
  auto result = plan(bytes);
  ASSERT_TRUE(result.has_value()) << describe(result.error());
  const ElfPlan& p = result.value();
  EXPECT_EQ(p.entry().get(), kText + 0x100);
  ASSERT_EQ(p.segment_count(), 2u);
  EXPECT_EQ(p.segment(0).vaddr, kText);
  EXPECT_TRUE(p.segment(0).executable());
  EXPECT_FALSE(p.segment(0).writable());
  EXPECT_EQ(p.segment(1).offset, 0x1234u);
  EXPECT_EQ(p.segment(1).filesz, 0x100u);
  EXPECT_TRUE(p.segment(1).writable());
  EXPECT_EQ(p.end().get(), 0x0804C000u);
}

TEST(ElfPlan, SortsSegmentsAndIgnoresOtherTypes) {
  auto bytes = ElfBuilder()
                   .entry(0x20000)
                   .segment({elf::kPtGnuStack, 0, 0, 0, 0, kPfR | kPfW, 0, 16})
                   .load(0x30000, 0x2000, 0x10, 0x10, kPfR)
                   .segment({elf::kPtNote, 0, 0x100, 0x20, 0x20, kPfR, 0, 4})
                   .load(0x20000, 0x1000, 0x10, 0x10, kPfR | kPfX)
                   .load(0x40000, 0x3000, 0, 0, kPfR)  // empty: dropped
                   .build();
  auto result = plan(bytes);
  ASSERT_TRUE(result.has_value()) << describe(result.error());
  ASSERT_EQ(result.value().segment_count(), 2u);
  EXPECT_EQ(result.value().segment(0).vaddr, 0x20000u);
  EXPECT_EQ(result.value().segment(1).vaddr, 0x30000u);
}

TEST(ElfPlan, HeaderRejections) {
  const auto good = typical_program().build();
  auto with = [&](size_t offset, auto value) {
    auto bytes = good;
    patch(bytes, offset, value);
    return rejection(bytes);
  };
  EXPECT_EQ(with(1, uint8_t{'X'}), ElfError::BadMagic);
  EXPECT_EQ(with(elf::kIdentClass, uint8_t{2}), ElfError::NotElf32);
  EXPECT_EQ(with(elf::kIdentData, uint8_t{2}), ElfError::NotLittleEndian);
  EXPECT_EQ(with(elf::kIdentVersion, uint8_t{0}), ElfError::BadVersion);
  EXPECT_EQ(with(offsetof(elf::FileHeader, version), uint32_t{2}), ElfError::BadVersion);
  EXPECT_EQ(with(offsetof(elf::FileHeader, machine), uint16_t{62}), ElfError::NotI386);
  EXPECT_EQ(with(offsetof(elf::FileHeader, type), uint16_t{elf::kTypeDyn}), ElfError::NotExecutable);
  EXPECT_EQ(with(offsetof(elf::FileHeader, phentsize), uint16_t{40}), ElfError::BadPhentsize);
  EXPECT_EQ(with(offsetof(elf::FileHeader, phnum), uint16_t{0}), ElfError::NoProgramHeaders);
  EXPECT_EQ(with(offsetof(elf::FileHeader, phnum), uint16_t{kElfMaxProgramHeaders + 1}),
            ElfError::TooManyProgramHeaders);
  EXPECT_EQ(with(offsetof(elf::FileHeader, phnum), elf::kPnXnum), ElfError::TooManyProgramHeaders);
}

TEST(ElfPlan, TruncatedHeader) {
  const auto good = typical_program().build();
  EXPECT_EQ(plan_elf(good.data(), good.size(), 51, kUserElfLimits).error(), ElfError::TruncatedHeader);
  EXPECT_EQ(plan_elf(good.data(), 51, static_cast<uint32_t>(good.size()), kUserElfLimits).error(),
            ElfError::HeaderNotInBuffer);
}

TEST(ElfPlan, ProgramHeaderTablePlacement) {
  const auto good = typical_program().build();
  const auto size = static_cast<uint32_t>(good.size());
  auto with_phoff = [&](uint32_t phoff) {
    auto bytes = good;
    patch(bytes, offsetof(elf::FileHeader, phoff), phoff);
    return rejection(bytes);
  };
  EXPECT_EQ(with_phoff(size - 10), ElfError::PhdrsOutsideFile);
  EXPECT_EQ(with_phoff(0xFFFFFFF0), ElfError::PhdrsOutsideFile);  // phoff + size wraps
  // Inside the file but not inside what the caller could read: a different, recoverable situation.
  EXPECT_EQ(plan_elf(good.data(), 52 + 40, size, kUserElfLimits).error(), ElfError::PhdrsNotInBuffer);
  // Bytes in the buffer past file_size are not file bytes.
  EXPECT_EQ(plan_elf(good.data(), good.size(), 52 + 40, kUserElfLimits).error(), ElfError::PhdrsOutsideFile);
}

TEST(ElfPlan, PlansFromFirstPageOnly) {
  // The kernel reads one page and plans from it; segment contents beyond it are never touched.
  const auto bytes = ElfBuilder().entry(kText).load(kText, 0, 0x5000, 0x5000, kPfR | kPfX).build();
  auto result = plan_elf(bytes.data(), kPageSize, static_cast<uint32_t>(bytes.size()), kUserElfLimits);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result.value().segment(0).filesz, 0x5000u);
}

TEST(ElfPlan, RejectsDynamicExecutables) {
  auto interp = typical_program().segment({elf::kPtInterp, 0, 0x200, 0x10, 0x10, kPfR, 0, 1}).build();
  EXPECT_EQ(rejection(interp), ElfError::DynamicNotSupported);
  auto dynamic = typical_program().segment({elf::kPtDynamic, 0, 0x200, 0x10, 0x10, kPfR, 0, 4}).build();
  EXPECT_EQ(rejection(dynamic), ElfError::DynamicNotSupported);
}

TEST(ElfPlan, SegmentFileRange) {
  auto bytes = typical_program().build();
  patch(bytes, phdr_field(1, offsetof(elf::ProgramHeader, filesz)), uint32_t{0x1000});  // past the end
  EXPECT_EQ(rejection(bytes), ElfError::SegmentOutsideFile);

  bytes = typical_program().build();
  patch(bytes, phdr_field(1, offsetof(elf::ProgramHeader, offset)), uint32_t{0xFFFFF234});
  patch(bytes, phdr_field(1, offsetof(elf::ProgramHeader, filesz)), uint32_t{0x2000});  // wraps to small
  EXPECT_EQ(rejection(bytes), ElfError::SegmentOutsideFile);

  bytes = typical_program().build();
  patch(bytes, phdr_field(1, offsetof(elf::ProgramHeader, memsz)), uint32_t{0xFF});
  EXPECT_EQ(rejection(bytes), ElfError::FileszExceedsMemsz);
}

TEST(ElfPlan, SegmentAddressRange) {
  const ElfLimits everything{0, 0xFFFFFFFF};
  auto wraps = ElfBuilder().entry(0xFFFFF000).load(0xFFFFF000, 0, 0x100, 0x2000, kPfR | kPfX).build();
  EXPECT_EQ(rejection(wraps, everything), ElfError::SegmentWraps);

  auto page_zero = ElfBuilder().entry(0x100).load(0, 0, 0x200, 0x200, kPfR | kPfX).build();
  EXPECT_EQ(rejection(page_zero), ElfError::SegmentOutOfRange);
  auto kernel_half = ElfBuilder().entry(0xC0000000).load(0xC0000000, 0, 0x200, 0x200, kPfR | kPfX).build();
  EXPECT_EQ(rejection(kernel_half), ElfError::SegmentOutOfRange);
  auto straddles = ElfBuilder().entry(0xBFFFF000).load(0xBFFFF000, 0, 0x200, 0x1001, kPfR | kPfX).build();
  EXPECT_EQ(rejection(straddles), ElfError::SegmentOutOfRange);

  // Both boundaries are inclusive/exclusive as documented.
  auto edges = ElfBuilder()
                   .entry(0x1000)
                   .load(0x1000, 0, 0x200, 0x200, kPfR | kPfX)
                   .load(0xBFFFF000, 0x1000, 0x10, 0x1000, kPfR | kPfW)
                   .build();
  EXPECT_TRUE(plan(edges).has_value());
}

TEST(ElfPlan, Alignment) {
  auto bad_align = ElfBuilder().entry(kText).segment({elf::kPtLoad, kText, 0, 0x100, 0x100, kPfR | kPfX, 0, 0x1800});
  EXPECT_EQ(rejection(bad_align.build()), ElfError::BadAlignment);

  auto off_page = ElfBuilder().entry(kText + 0x100).load(kText + 0x100, 0x200, 0x100, 0x100, kPfR | kPfX);
  EXPECT_EQ(rejection(off_page.build()), ElfError::NotCongruent);

  // Congruent modulo the page but not modulo a larger p_align.
  auto big_align = ElfBuilder().entry(0x09000).segment({elf::kPtLoad, 0x9000, 0x1000, 0x100, 0x100, kPfR | kPfX, 0, 0x10000});
  EXPECT_EQ(rejection(big_align.build()), ElfError::NotCongruent);

  // p_align 0 and 1 mean "no constraint"; the page rule still applies and holds here.
  auto no_align = ElfBuilder().entry(0x2000).segment({elf::kPtLoad, 0x2000, 0x1000, 0x100, 0x100, kPfR | kPfX, 0, 0});
  EXPECT_TRUE(plan(no_align.build()).has_value());
}

TEST(ElfPlan, SegmentCount) {
  ElfBuilder many;
  many.entry(0x10000);
  for (uint32_t i = 0; i <= kElfMaxSegments; ++i) many.load(0x10000 + i * 0x1000, i * 0x1000, 0x10, 0x10, kPfR | kPfX);
  EXPECT_EQ(rejection(many.build()), ElfError::TooManySegments);

  ElfBuilder max;
  max.entry(0x10000);
  for (uint32_t i = 0; i < kElfMaxSegments; ++i) max.load(0x10000 + i * 0x1000, i * 0x1000, 0x10, 0x10, kPfR | kPfX);
  EXPECT_TRUE(plan(max.build()).has_value());

  auto none = ElfBuilder().segment({elf::kPtNote, 0, 0x100, 0x10, 0x10, kPfR, 0, 4}).build();
  EXPECT_EQ(rejection(none), ElfError::NoLoadSegments);
  auto empty = ElfBuilder().load(kText, 0, 0, 0, kPfR | kPfX).build();
  EXPECT_EQ(rejection(empty), ElfError::NoLoadSegments);
}

TEST(ElfPlan, Overlap) {
  // Listed out of order, overlapping by one byte.
  auto overlap = ElfBuilder()
                     .entry(kText)
                     .load(kText + 0x1233, 0x1233, 0x10, 0x10, kPfR | kPfW)
                     .load(kText, 0, 0x1234, 0x1234, kPfR | kPfX)
                     .build();
  EXPECT_EQ(rejection(overlap), ElfError::SegmentsOverlap);
  // bss of the first segment running into the second counts too.
  auto bss_overlap = ElfBuilder()
                         .entry(kText)
                         .load(kText, 0, 0x100, 0x3000, kPfR | kPfX)
                         .load(kText + 0x2000, 0x2000, 0x10, 0x10, kPfR | kPfW)
                         .build();
  EXPECT_EQ(rejection(bss_overlap), ElfError::SegmentsOverlap);
}

TEST(ElfPlan, Entry) {
  EXPECT_EQ(rejection(typical_program().entry(kText + 0x1300).build()), ElfError::EntryNotExecutable);  // data
  EXPECT_EQ(rejection(typical_program().entry(0x1000).build()), ElfError::EntryNotExecutable);  // nowhere
  EXPECT_EQ(rejection(typical_program().entry(kText + 0x1234).build()), ElfError::EntryNotExecutable);  // end
  EXPECT_TRUE(plan(typical_program().entry(kText + 0x1233).build()).has_value());
}

TEST(ElfPlan, EveryErrorHasADistinctDescription) {
  std::set<std::string> seen;
  for (int e = static_cast<int>(ElfError::TruncatedHeader); e <= static_cast<int>(ElfError::EntryNotExecutable);
       ++e) {
    const char* text = describe(static_cast<ElfError>(e));
    ASSERT_NE(text, nullptr);
    EXPECT_NE(std::string(text), "unknown ELF error") << e;
    EXPECT_TRUE(seen.insert(text).second) << text;
  }
}

// --- Page queries ---------------------------------------------------------------------------------------

ElfPlan typical_plan() {
  static const auto bytes = typical_program().build();
  return plan(bytes).release_value();
}

TEST(ElfPlanPages, TextOnlyPage) {
  const PageInfo info = typical_plan().page(VirtAddr(kText).page());
  EXPECT_TRUE(info.in_image);
  EXPECT_FALSE(info.writable);
  EXPECT_TRUE(info.executable);
  ASSERT_EQ(info.piece_count, 1u);
  EXPECT_EQ(info.pieces[0].file_offset, 0u);
  EXPECT_EQ(info.pieces[0].length, kPageSize);
  EXPECT_EQ(info.pieces[0].page_offset, 0u);
}

TEST(ElfPlanPages, PageSharedByTextAndData) {
  const PageInfo info = typical_plan().page(VirtAddr(kText + 0x1000).page());
  EXPECT_TRUE(info.in_image);
  EXPECT_TRUE(info.writable);    // data is writable, so the whole page must be
  EXPECT_TRUE(info.executable);  // text is executable
  ASSERT_EQ(info.piece_count, 2u);
  EXPECT_EQ(info.pieces[0].file_offset, 0x1000u);  // text tail
  EXPECT_EQ(info.pieces[0].length, 0x234u);
  EXPECT_EQ(info.pieces[0].page_offset, 0u);
  EXPECT_EQ(info.pieces[1].file_offset, 0x1234u);  // initialized data; the rest of the page is bss
  EXPECT_EQ(info.pieces[1].length, 0x100u);
  EXPECT_EQ(info.pieces[1].page_offset, 0x234u);
}

TEST(ElfPlanPages, BssOnlyPages) {
  for (uint32_t page : {kText + 0x2000, kText + 0x3000}) {
    const PageInfo info = typical_plan().page(VirtAddr(page).page());
    EXPECT_TRUE(info.in_image);
    EXPECT_TRUE(info.writable);
    EXPECT_FALSE(info.executable);
    EXPECT_EQ(info.piece_count, 0u);
  }
}

TEST(ElfPlanPages, OutsideTheImage) {
  for (uint32_t page : {kText - 0x1000, kText + 0x4000, 0u, 0xFFFFF000u}) {
    const PageInfo info = typical_plan().page(VirtAddr(page).page());
    EXPECT_FALSE(info.in_image) << std::hex << page;
    EXPECT_FALSE(info.writable);
    EXPECT_EQ(info.piece_count, 0u);
  }
}

TEST(ElfPlanPages, UnalignedStartAndGapBetweenSegments) {
  const auto bytes = ElfBuilder()
                         .entry(0x10100)
                         .load(0x10100, 0x100, 0x1100, 0x1100, kPfR | kPfX)  // [0x10100, 0x11200)
                         .load(0x13000, 0x2000, 0x80, 0x80, kPfR)             // [0x13000, 0x13080)
                         .build();
  const ElfPlan p = plan(bytes).release_value();
  PageInfo first = p.page(Vpn(0x10));
  ASSERT_EQ(first.piece_count, 1u);
  EXPECT_EQ(first.pieces[0].page_offset, 0x100u);
  EXPECT_EQ(first.pieces[0].file_offset, 0x100u);
  EXPECT_EQ(first.pieces[0].length, 0xF00u);
  PageInfo second = p.page(Vpn(0x11));
  ASSERT_EQ(second.piece_count, 1u);
  EXPECT_EQ(second.pieces[0].file_offset, 0x1000u);
  EXPECT_EQ(second.pieces[0].length, 0x200u);
  EXPECT_FALSE(p.page(Vpn(0x12)).in_image);
  PageInfo last = p.page(Vpn(0x13));
  EXPECT_FALSE(last.executable);
  EXPECT_FALSE(last.writable);
  ASSERT_EQ(last.piece_count, 1u);
  EXPECT_EQ(last.pieces[0].file_offset, 0x2000u);
  EXPECT_EQ(p.end().get(), 0x13080u);
}

TEST(ElfPlanPages, LastPageOfTheAddressSpace) {
  const ElfLimits everything{0, 0xFFFFFFFF};
  const auto bytes = ElfBuilder().entry(0xFFFFE000).load(0xFFFFE000, 0, 0x1800, 0x1FFF, kPfR | kPfX).build();
  const ElfPlan p = plan(bytes, everything).release_value();
  PageInfo top = p.page(Vpn(0xFFFFF));
  EXPECT_TRUE(top.in_image);
  ASSERT_EQ(top.piece_count, 1u);
  EXPECT_EQ(top.pieces[0].file_offset, 0x1000u);
  EXPECT_EQ(top.pieces[0].length, 0x800u);
}

TEST(ElfPlanPages, ManySegmentsInOnePage) {
  ElfBuilder b;
  b.entry(0x10000);
  for (uint32_t i = 0; i < kElfMaxSegments; ++i) {
    b.load(0x10000 + i * 0x100, 0x1000 + i * 0x100, 0x80, 0x100, i == 3 ? kPfR | kPfW : kPfR | kPfX);
  }
  const PageInfo info = plan(b.build()).release_value().page(Vpn(0x10));
  EXPECT_TRUE(info.writable);
  ASSERT_EQ(info.piece_count, kElfMaxSegments);
  for (uint32_t i = 0; i < kElfMaxSegments; ++i) {
    EXPECT_EQ(info.pieces[i].page_offset, i * 0x100);
    EXPECT_EQ(info.pieces[i].file_offset, 0x1000 + i * 0x100);
    EXPECT_EQ(info.pieces[i].length, 0x80u);
  }
}

// AT_PHDR (lib/elf_plan.h phdr_address): PT_PHDR wins; else the segment that loads the table; else 0.
TEST(ElfPlan, ProgramHeaderAddressFromTheSegmentThatLoadsIt) {
  auto bytes = ElfBuilder()
                   .entry(0x08049000)
                   .phoff(52)
                   .load(0x08048000, 0, 0x200, 0x200, kPfR)
                   .load(0x08049000, 0x1000, 0x10, 0x10, kPfR | kPfX)
                   .build();
  auto result = plan(bytes);
  ASSERT_TRUE(result.has_value()) << describe(result.error());
  EXPECT_EQ(result.value().phdr_address().get(), 0x08048034u);
  EXPECT_EQ(result.value().phnum(), 2u);
}

TEST(ElfPlan, ProgramHeaderAddressFromPtPhdr) {
  auto bytes = ElfBuilder()
                   .entry(0x08049000)
                   .phoff(52)
                   .segment({elf::kPtPhdr, 0x08048034, 52, 96, 96, kPfR, 0, 4})
                   .load(0x08048000, 0, 0x200, 0x200, kPfR)
                   .load(0x08049000, 0x1000, 0x10, 0x10, kPfR | kPfX)
                   .build();
  auto result = plan(bytes);
  ASSERT_TRUE(result.has_value()) << describe(result.error());
  EXPECT_EQ(result.value().phdr_address().get(), 0x08048034u);
  EXPECT_EQ(result.value().phnum(), 3u);
}

TEST(ElfPlan, ProgramHeaderAddressZeroWhenNotLoaded) {
  auto bytes = ElfBuilder().entry(0x08049000).load(0x08049000, 0x1000, 0x10, 0x10, kPfR | kPfX).build();
  auto result = plan(bytes);
  ASSERT_TRUE(result.has_value()) << describe(result.error());
  EXPECT_EQ(result.value().phdr_address().get(), 0u);
}

}  // namespace
}  // namespace cw

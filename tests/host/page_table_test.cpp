// Host tests for mm/page_table: the user half of an i386 page directory over a fake RAM of page-table
// frames with exact allocation accounting.
#include "mm/page_table.h"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <utility>
#include <vector>

namespace cw::mm {
namespace {

// N page-table frames at physical 0x00200000 + i * 4 KiB. Freed frames are poisoned; touching a frame
// that is not allocated, freeing one twice or freeing a foreign frame is a test failure.
class FakeRam final : public PhysicalAccess {
public:
  static constexpr uint32_t kBase = 0x00200000;

  explicit FakeRam(uint32_t frames) : frames_(frames), allocated_(frames, false) {}

  uint32_t* table(PhysAddr frame) override {
    const int i = index(frame);
    if (i < 0 || !allocated_[i]) {
      ADD_FAILURE() << "table() on frame " << std::hex << frame.get() << " which is not allocated";
      return scratch_.data();
    }
    return frames_[i].data();
  }

  Result<PhysAddr> allocate_table() override {
    if (limit_ == 0) return fail(Error::NoMemory);
    for (uint32_t i = 0; i < frames_.size(); ++i) {
      if (allocated_[i]) continue;
      allocated_[i] = true;
      frames_[i].fill(0);
      --limit_;
      ++allocations_;
      return PhysAddr(kBase + i * kPageSize);
    }
    return fail(Error::NoMemory);
  }

  void free_table(PhysAddr frame) override {
    const int i = index(frame);
    if (i < 0 || !allocated_[i]) {
      ADD_FAILURE() << "free_table() on frame " << std::hex << frame.get() << " which is not allocated";
      return;
    }
    allocated_[i] = false;
    frames_[i].fill(0xDEADBEEF);
    ++limit_;
  }

  uint32_t in_use() const {
    uint32_t n = 0;
    for (bool a : allocated_) n += a ? 1 : 0;
    return n;
  }
  // Only `n` more allocations succeed (frees give budget back).
  void set_budget(uint32_t n) { limit_ = n; }
  uint32_t allocations() const { return allocations_; }

private:
  int index(PhysAddr frame) const {
    if (frame.get() < kBase || !frame.is_page_aligned()) return -1;
    const uint32_t i = (frame.get() - kBase) / kPageSize;
    return i < frames_.size() ? static_cast<int>(i) : -1;
  }

  std::vector<std::array<uint32_t, 1024>> frames_;
  std::vector<bool> allocated_;
  std::array<uint32_t, 1024> scratch_{};
  uint32_t limit_ = UINT32_MAX;
  uint32_t allocations_ = 0;
};

// A kernel directory: garbage in the user half (must not be copied), 4 MiB global pages above 768
// pointing outside the fake RAM (so freeing one would be reported).
std::array<uint32_t, 1024> kernel_template() {
  std::array<uint32_t, 1024> d{};
  for (uint32_t i = 0; i < 768; ++i) d[i] = 0xAAAA0000 | pte::kPresent;
  for (uint32_t i = 768; i < 1024; ++i) {
    d[i] = pte::make_large(PhysAddr((i - 768) << 22), pte::kPresent | pte::kWritable | pte::kGlobal);
  }
  return d;
}

constexpr PageFlags kUserRw = PageFlags::User | PageFlags::Writable;

struct Fixture : ::testing::Test {
  FakeRam ram{64};
  std::array<uint32_t, 1024> kernel = kernel_template();
  PageDirectory dir = PageDirectory::create(ram, kernel.data()).release_value();
};

using page_table = Fixture;

TEST_F(page_table, CreateCopiesOnlyTheKernelHalf) {
  EXPECT_TRUE(dir.is_valid());
  EXPECT_EQ(ram.in_use(), 1u);
  const uint32_t* entries = ram.table(dir.physical());
  for (uint32_t i = 0; i < 768; ++i) ASSERT_EQ(entries[i], 0u) << i;
  for (uint32_t i = 768; i < 1024; ++i) ASSERT_EQ(entries[i], kernel[i]) << i;
  EXPECT_EQ(dir.user_table_count(), 0u);
}

TEST(page_table_create, RejectsNullTemplateAndPropagatesNoMemory) {
  FakeRam ram(4);
  EXPECT_EQ(PageDirectory::create(ram, nullptr).error(), Error::InvalidArgument);
  EXPECT_EQ(ram.allocations(), 0u);
  ram.set_budget(0);
  auto kernel = kernel_template();
  EXPECT_EQ(PageDirectory::create(ram, kernel.data()).error(), Error::NoMemory);
  EXPECT_EQ(ram.in_use(), 0u);
}

TEST_F(page_table, MapLookupUnmap) {
  ASSERT_TRUE(dir.map(VirtAddr(0x08048000), PhysAddr(0x01234000), PageFlags::User));
  EXPECT_EQ(ram.in_use(), 2u);  // directory + one page table
  Mapping m = dir.lookup(VirtAddr(0x08048ABC)).value();  // any byte of the page
  EXPECT_EQ(m.frame, PhysAddr(0x01234000));
  EXPECT_EQ(m.flags, PageFlags::User);
  EXPECT_TRUE(m.user());
  EXPECT_FALSE(m.writable());
  EXPECT_FALSE(m.accessed);
  EXPECT_FALSE(m.dirty);
  EXPECT_EQ(dir.lookup(VirtAddr(0x08049000)).error(), Error::NotFound);
  EXPECT_EQ(dir.lookup(VirtAddr(0x40000000)).error(), Error::NotFound);  // no page table there

  Mapping old = dir.unmap(VirtAddr(0x08048FFF)).value();
  EXPECT_EQ(old, m);
  EXPECT_EQ(dir.lookup(VirtAddr(0x08048000)).error(), Error::NotFound);
  EXPECT_EQ(dir.inspect(VirtAddr(0x08048000)).value().kind, EntryKind::Empty);
  EXPECT_EQ(dir.unmap(VirtAddr(0x08048000)).error(), Error::NotFound);
  EXPECT_EQ(dir.unmap(VirtAddr(0x50000000)).error(), Error::NotFound);
  EXPECT_EQ(dir.user_table_count(), 1u);  // tables stay until destroy_user_half
}

TEST_F(page_table, MapsAcrossPageTableBoundaries) {
  const uint32_t pages[] = {0x003FF000, 0x00400000, 0x00001000, 0xBFFFF000, 0xBFC00000};
  for (uint32_t i = 0; i < 5; ++i) {
    ASSERT_TRUE(dir.map(VirtAddr(pages[i]), PhysAddr(0x00800000 + i * kPageSize), kUserRw)) << i;
  }
  EXPECT_EQ(dir.user_table_count(), 3u);  // PDE 0, 1 and 767
  EXPECT_EQ(ram.in_use(), 4u);
  for (uint32_t i = 0; i < 5; ++i) {
    EXPECT_EQ(dir.lookup(VirtAddr(pages[i])).value().frame, PhysAddr(0x00800000 + i * kPageSize)) << i;
  }
  const uint32_t* entries = ram.table(dir.physical());
  EXPECT_EQ(entries[767] & 0xFFF, pte::kPresent | pte::kWritable | pte::kUser);
  EXPECT_EQ(entries[768], kernel[768]);  // mapping the top user page did not touch the kernel half
}

TEST_F(page_table, MapRejectsBadArguments) {
  ASSERT_TRUE(dir.map(VirtAddr(0x10000000), PhysAddr(0x00300000), PageFlags::User));
  EXPECT_EQ(dir.map(VirtAddr(0x10000000), PhysAddr(0x00400000), kUserRw).error(), Error::Exists);
  EXPECT_EQ(dir.lookup(VirtAddr(0x10000000)).value().frame, PhysAddr(0x00300000));  // unchanged
  EXPECT_FALSE(dir.lookup(VirtAddr(0x10000000)).value().writable());

  const uint32_t allocations = ram.allocations();
  EXPECT_EQ(dir.map(VirtAddr(0x10001001), PhysAddr(0x00300000), kUserRw).error(), Error::InvalidArgument);
  EXPECT_EQ(dir.map(VirtAddr(0x10001000), PhysAddr(0x00300800), kUserRw).error(), Error::InvalidArgument);
  EXPECT_EQ(dir.map(VirtAddr(0x00000000), PhysAddr(0x00300000), kUserRw).error(), Error::InvalidArgument);
  EXPECT_EQ(dir.map(VirtAddr(0xC0000000), PhysAddr(0x00300000), kUserRw).error(), Error::InvalidArgument);
  EXPECT_EQ(dir.map(VirtAddr(0xFFFFF000), PhysAddr(0x00300000), kUserRw).error(), Error::InvalidArgument);
  EXPECT_EQ(dir.map(VirtAddr(0x20000000), PhysAddr(0x00300000), static_cast<PageFlags>(pte::kGlobal)).error(),
            Error::InvalidArgument);
  EXPECT_EQ(dir.lookup(VirtAddr(0xC0001000)).error(), Error::InvalidArgument);
  EXPECT_EQ(dir.lookup(VirtAddr(0x00000FFF)).error(), Error::InvalidArgument);
  EXPECT_EQ(dir.entry(VirtAddr(0xC0000000)).error(), Error::InvalidArgument);
  EXPECT_EQ(ram.allocations(), allocations);  // nothing was allocated for a rejected call
}

TEST_F(page_table, TableAllocationFailureLeavesStateConsistent) {
  ASSERT_TRUE(dir.map(VirtAddr(0x08048000), PhysAddr(0x00300000), kUserRw));
  ram.set_budget(0);
  // Same page table: no allocation needed, so it still works.
  ASSERT_TRUE(dir.map(VirtAddr(0x08049000), PhysAddr(0x00301000), kUserRw));
  // A new page table is needed: NoMemory, and nothing changes.
  EXPECT_EQ(dir.map(VirtAddr(0x40000000), PhysAddr(0x00302000), kUserRw).error(), Error::NoMemory);
  EXPECT_EQ(dir.set_not_present_info(VirtAddr(0x40001000), 7).error(), Error::NoMemory);
  EXPECT_EQ(dir.user_table_count(), 1u);
  EXPECT_EQ(ram.in_use(), 2u);
  EXPECT_EQ(dir.inspect(VirtAddr(0x40000000)).value().kind, EntryKind::Empty);
  EXPECT_EQ(dir.lookup(VirtAddr(0x08049000)).value().frame, PhysAddr(0x00301000));
  EXPECT_EQ(ram.table(dir.physical())[0x40000000 >> 22], 0u);

  ram.set_budget(1);  // memory came back: the same call now succeeds
  ASSERT_TRUE(dir.map(VirtAddr(0x40000000), PhysAddr(0x00302000), kUserRw));
  EXPECT_EQ(dir.user_table_count(), 2u);
}

TEST_F(page_table, AccessedAndDirtyBitsAndFlagChanges) {
  ASSERT_TRUE(dir.map(VirtAddr(0x08048000), PhysAddr(0x00300000), PageFlags::User));
  uint32_t* raw = dir.entry(VirtAddr(0x08048000)).value();
  EXPECT_EQ(*raw, 0x00300005u);
  *raw |= pte::kAccessed | pte::kDirty;  // what the processor does on a write
  Mapping m = dir.lookup(VirtAddr(0x08048000)).value();
  EXPECT_TRUE(m.accessed);
  EXPECT_TRUE(m.dirty);
  EXPECT_EQ(m.flags, PageFlags::User);  // A and D are reported apart from the permission flags

  Mapping before = dir.clear_flags(VirtAddr(0x08048000), PageFlags::Accessed).value();
  EXPECT_TRUE(before.accessed);  // test-and-clear
  EXPECT_FALSE(dir.lookup(VirtAddr(0x08048000)).value().accessed);
  EXPECT_TRUE(dir.lookup(VirtAddr(0x08048000)).value().dirty);
  EXPECT_FALSE(dir.clear_flags(VirtAddr(0x08048000), PageFlags::Accessed).value().accessed);

  before = dir.set_flags(VirtAddr(0x08048000), PageFlags::Writable | PageFlags::CacheDisable).value();
  EXPECT_FALSE(before.writable());
  m = dir.lookup(VirtAddr(0x08048000)).value();
  EXPECT_TRUE(m.writable());
  EXPECT_EQ(m.flags, PageFlags::User | PageFlags::Writable | PageFlags::CacheDisable);
  ASSERT_TRUE(dir.clear_flags(VirtAddr(0x08048000), PageFlags::Writable | PageFlags::Dirty | PageFlags::CacheDisable));
  m = dir.lookup(VirtAddr(0x08048000)).value();
  EXPECT_EQ(m.flags, PageFlags::User);
  EXPECT_FALSE(m.dirty);
  EXPECT_EQ(m.frame, PhysAddr(0x00300000));

  EXPECT_EQ(dir.set_flags(VirtAddr(0x08049000), PageFlags::Accessed).error(), Error::NotFound);
  EXPECT_EQ(dir.clear_flags(VirtAddr(0x60000000), PageFlags::Accessed).error(), Error::NotFound);
  EXPECT_EQ(dir.set_flags(VirtAddr(0x08048000), static_cast<PageFlags>(pte::kPresent)).error(),
            Error::InvalidArgument);
  EXPECT_EQ(dir.clear_flags(VirtAddr(0x08048000), static_cast<PageFlags>(pte::kPresent)).error(),
            Error::InvalidArgument);
  EXPECT_TRUE(dir.lookup(VirtAddr(0x08048000)));  // present bit untouched
}

TEST_F(page_table, NotPresentInfoForSwapSlots) {
  ASSERT_TRUE(dir.map(VirtAddr(0x08048000), PhysAddr(0x00300000), kUserRw));
  // Evict: the previous view says Present, so the caller must invalidate the TLB and owns the frame.
  EntryView old = dir.set_not_present_info(VirtAddr(0x08048000), 0).value();
  EXPECT_EQ(old.kind, EntryKind::Present);
  EXPECT_EQ(old.mapping.frame, PhysAddr(0x00300000));
  EXPECT_EQ(dir.lookup(VirtAddr(0x08048000)).error(), Error::NotFound);
  EXPECT_EQ(dir.not_present_info(VirtAddr(0x08048000)).value(), 0u);  // slot 0 is not "empty"
  EXPECT_EQ(dir.inspect(VirtAddr(0x08048000)).value().kind, EntryKind::Info);
  EXPECT_FALSE(pte::has(*dir.entry(VirtAddr(0x08048000)).value(), pte::kPresent));
  EXPECT_EQ(dir.unmap(VirtAddr(0x08048000)).error(), Error::NotFound);
  EXPECT_EQ(dir.not_present_info(VirtAddr(0x08048000)).value(), 0u);  // unmap left it alone

  old = dir.set_not_present_info(VirtAddr(0x08048000), kMaxNotPresentInfo).value();
  EXPECT_EQ(old.kind, EntryKind::Info);
  EXPECT_EQ(old.info, 0u);
  EXPECT_EQ(dir.not_present_info(VirtAddr(0x08048000)).value(), kMaxNotPresentInfo);
  EXPECT_EQ(dir.set_not_present_info(VirtAddr(0x08048000), kMaxNotPresentInfo + 1).error(),
            Error::InvalidArgument);

  // Swap-in: map replaces the Info entry.
  ASSERT_TRUE(dir.map(VirtAddr(0x08048000), PhysAddr(0x00305000), kUserRw));
  EXPECT_EQ(dir.lookup(VirtAddr(0x08048000)).value().frame, PhysAddr(0x00305000));
  EXPECT_EQ(dir.not_present_info(VirtAddr(0x08048000)).error(), Error::NotFound);
  EXPECT_EQ(dir.not_present_info(VirtAddr(0x08049000)).error(), Error::NotFound);  // Empty
  EXPECT_EQ(dir.not_present_info(VirtAddr(0x70000000)).error(), Error::NotFound);  // no table

  // Storing info where no table exists allocates one.
  EXPECT_EQ(dir.set_not_present_info(VirtAddr(0x70000000), 42).value().kind, EntryKind::Empty);
  EXPECT_EQ(dir.user_table_count(), 2u);
}

TEST_F(page_table, ForEachVisitsInAddressOrder) {
  const uint32_t pages[] = {0xBFFFF000, 0x08049000, 0x00400000, 0x08048000, 0x003FF000, 0x7FFFF000};
  for (uint32_t i = 0; i < 6; ++i) {
    ASSERT_TRUE(dir.map(VirtAddr(pages[i]), PhysAddr(0x00300000 + i * kPageSize), PageFlags::User));
  }
  ASSERT_TRUE(dir.set_not_present_info(VirtAddr(0x08050000), 9));
  std::vector<uint32_t> seen;
  dir.for_each_mapping([&](VirtAddr page, const Mapping& m) {
    seen.push_back(page.get());
    EXPECT_TRUE(m.user());
  });
  EXPECT_EQ(seen, (std::vector<uint32_t>{0x003FF000, 0x00400000, 0x08048000, 0x08049000, 0x7FFFF000, 0xBFFFF000}));

  std::vector<std::pair<uint32_t, EntryKind>> all;
  dir.for_each_entry([&](VirtAddr page, const EntryView& v) { all.emplace_back(page.get(), v.kind); });
  ASSERT_EQ(all.size(), 7u);
  EXPECT_EQ(all[4], std::make_pair(0x08050000u, EntryKind::Info));
}

TEST_F(page_table, DestroyFreesEveryTableAndKeepsTheKernelHalf) {
  const uint32_t baseline = ram.in_use();
  uint32_t mapped = 0;
  for (uint32_t d = 0; d < 768; d += 37) {
    ASSERT_TRUE(dir.map(VirtAddr((d << 22) | 0x5000), PhysAddr(0x01000000 + mapped * kPageSize), kUserRw));
    ++mapped;
  }
  ASSERT_TRUE(dir.set_not_present_info(VirtAddr(0x08048000), 3));
  ASSERT_TRUE(dir.set_not_present_info(VirtAddr(0x08049000), 4));
  EXPECT_EQ(ram.in_use(), baseline + dir.user_table_count());
  EXPECT_EQ(dir.release().error(), Error::Busy);

  std::vector<uint32_t> frames;
  std::vector<uint32_t> infos;
  uint32_t last = 0;
  dir.destroy_user_half([&](VirtAddr page, const EntryView& v) {
    EXPECT_GE(page.get(), last);
    last = page.get();
    if (v.kind == EntryKind::Present) frames.push_back(v.mapping.frame.get());
    if (v.kind == EntryKind::Info) infos.push_back(v.info);
  });
  EXPECT_EQ(frames.size(), mapped);
  EXPECT_EQ(infos, (std::vector<uint32_t>{3, 4}));
  EXPECT_EQ(ram.in_use(), baseline);  // every page table went back
  EXPECT_EQ(dir.user_table_count(), 0u);
  const uint32_t* entries = ram.table(dir.physical());
  for (uint32_t i = 768; i < 1024; ++i) ASSERT_EQ(entries[i], kernel[i]) << i;

  // The directory is reusable (exec), and destroying it empty reports nothing.
  ASSERT_TRUE(dir.map(VirtAddr(0x08048000), PhysAddr(0x00300000), kUserRw));
  dir.destroy_user_half([](VirtAddr, const EntryView&) {});
  int calls = 0;
  dir.destroy_user_half([&](VirtAddr, const EntryView&) { ++calls; });
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(ram.in_use(), baseline);

  ASSERT_TRUE(dir.release());
  EXPECT_FALSE(dir.is_valid());
  EXPECT_EQ(ram.in_use(), 0u);
  EXPECT_EQ(dir.release().error(), Error::InvalidArgument);
}

TEST_F(page_table, MovedFromHandleIsEmpty) {
  ASSERT_TRUE(dir.map(VirtAddr(0x08048000), PhysAddr(0x00300000), kUserRw));
  PageDirectory other = std::move(dir);
  EXPECT_FALSE(dir.is_valid());  // NOLINT(bugprone-use-after-move): checking the documented state
  EXPECT_EQ(dir.lookup(VirtAddr(0x08048000)).error(), Error::InvalidArgument);
  EXPECT_EQ(dir.map(VirtAddr(0x08049000), PhysAddr(0x00300000), kUserRw).error(), Error::InvalidArgument);
  EXPECT_EQ(dir.user_table_count(), 0u);
  EXPECT_EQ(other.lookup(VirtAddr(0x08048000)).value().frame, PhysAddr(0x00300000));
  other.destroy_user_half([](VirtAddr, const EntryView&) {});
  ASSERT_TRUE(other.release());
  EXPECT_EQ(ram.in_use(), 0u);
}

std::string line(VirtAddr page, const Mapping& m, size_t capacity = 64) {
  std::vector<char> buffer(capacity);
  const size_t n = format_mapping_line(buffer.data(), capacity, page, m);
  EXPECT_EQ(buffer[n], '\0');
  return std::string(buffer.data(), n);
}

TEST(page_table_format, MappingLines) {
  EXPECT_EQ(line(VirtAddr(0x08048000), Mapping{PhysAddr(0x01234000), PageFlags::User, true, false}),
            "0x08048000 -> 0x01234000 U-R A-");
  EXPECT_EQ(line(VirtAddr(0xBFFFF000), Mapping{PhysAddr(0x00300000), kUserRw, true, true}),
            "0xbffff000 -> 0x00300000 U-W AD");
  EXPECT_EQ(line(VirtAddr(0x00001000), Mapping{PhysAddr(0), PageFlags::None, false, false}),
            "0x00001000 -> 0x00000000 S-R --");
  const std::string longest =
      line(VirtAddr(0x00400000),
           Mapping{PhysAddr(0xFFFFF000), kUserRw | PageFlags::WriteThrough | PageFlags::CacheDisable, false, true});
  EXPECT_EQ(longest, "0x00400000 -> 0xfffff000 U-W -D WT CD");
  EXPECT_EQ(longest.size(), kMappingLineMax);
  EXPECT_EQ(line(VirtAddr(0x08048000), Mapping{PhysAddr(0x01234000), PageFlags::User, true, false}, 11),
            "0x08048000");  // truncated, still terminated
}

}  // namespace
}  // namespace cw::mm

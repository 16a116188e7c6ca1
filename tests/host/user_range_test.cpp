// Host tests for mm/user_range: system-call pointer checks, per-page chunking and user string scanning.
#include "mm/user_range.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cw::mm {
namespace {

constexpr VirtAddr V(uint32_t a) { return VirtAddr(a); }

Error check_error(uint32_t start, uint32_t length) {
  Result<void> r = check_user_range(V(start), length, Access::Read);
  return r ? Error{} : r.error();
}
bool ok(uint32_t start, uint32_t length) {
  const bool read = check_user_range(V(start), length, Access::Read).has_value();
  // The access kind never changes the outcome of the pure check.
  EXPECT_EQ(check_user_range(V(start), length, Access::Write).has_value(), read);
  EXPECT_EQ(check_user_range(V(start), length, Access::Execute).has_value(), read);
  return read;
}

TEST(user_range, NullPage) {
  EXPECT_FALSE(ok(0x00000000, 1));
  EXPECT_FALSE(ok(0x00000FFF, 1));
  EXPECT_FALSE(ok(0x00000FF0, 0x20));  // starts in the null page, ends above it
  EXPECT_TRUE(ok(0x00001000, 1));
  EXPECT_EQ(check_error(0, 4), Error::BadAddress);
}

TEST(user_range, KernelBoundary) {
  EXPECT_TRUE(ok(0xBFFFFFFF, 1));
  EXPECT_FALSE(ok(0xBFFFFFFF, 2));
  EXPECT_TRUE(ok(0xBFFFF000, 0x1000));
  EXPECT_FALSE(ok(0xBFFFF000, 0x1001));
  EXPECT_FALSE(ok(0xC0000000, 1));
  EXPECT_FALSE(ok(0xF0000000, 0x100));
  EXPECT_TRUE(ok(0x00001000, kUserTop - kUserBase));  // all of user space
  EXPECT_FALSE(ok(0x00001000, kUserTop - kUserBase + 1));
  EXPECT_EQ(check_error(0xC0000000, 1), Error::BadAddress);
}

TEST(user_range, WrapAround) {
  EXPECT_FALSE(ok(0xFFFFFFFF, 2));
  EXPECT_FALSE(ok(0x00001000, 0xFFFFFFFF));
  EXPECT_FALSE(ok(0xB0000000, 0x60000000));  // ends at 0x10000000 after wrapping
  EXPECT_EQ(check_error(0xFFFFF000, 0x2000), Error::BadAddress);
}

TEST(user_range, ZeroLengthIsAllowedBelowTheKernel) {
  EXPECT_TRUE(ok(0x00000000, 0));  // read(fd, NULL, 0)
  EXPECT_TRUE(ok(0x00000FFF, 0));
  EXPECT_TRUE(ok(0xBFFFFFFF, 0));
  EXPECT_FALSE(ok(0xC0000000, 0));
  EXPECT_FALSE(ok(0xFFFFFFFF, 0));
}

std::vector<UserChunk> chunks(uint32_t start, uint32_t length) {
  std::vector<UserChunk> out;
  UserPageChunks it(V(start), length);
  for (UserChunk c; it.next(&c);) out.push_back(c);
  EXPECT_EQ(it.remaining(), 0u);
  return out;
}

TEST(user_range, ChunksWithinOnePage) {
  auto c = chunks(0x08048010, 0x20);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].page, V(0x08048000));
  EXPECT_EQ(c[0].offset, 0x10u);
  EXPECT_EQ(c[0].length, 0x20u);
  EXPECT_EQ(c[0].position, 0u);
  EXPECT_EQ(c[0].address(), V(0x08048010));
  EXPECT_TRUE(chunks(0x08048000, 0).empty());
  EXPECT_EQ(chunks(0x08048000, 0x1000).size(), 1u);  // exactly one page
}

TEST(user_range, ChunksAcrossPages) {
  auto c = chunks(0x08048FF0, 0x2020);  // 0x10 + 0x1000 + 0x1000 + 0x10
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].page, V(0x08048000));
  EXPECT_EQ(c[0].offset, 0xFF0u);
  EXPECT_EQ(c[0].length, 0x10u);
  EXPECT_EQ(c[1].page, V(0x08049000));
  EXPECT_EQ(c[1].offset, 0u);
  EXPECT_EQ(c[1].length, 0x1000u);
  EXPECT_EQ(c[1].position, 0x10u);
  EXPECT_EQ(c[2].position, 0x1010u);
  EXPECT_EQ(c[3].page, V(0x0804B000));
  EXPECT_EQ(c[3].length, 0x10u);
  EXPECT_EQ(c[3].position, 0x2010u);
  uint32_t total = 0;
  for (const UserChunk& k : c) total += k.length;
  EXPECT_EQ(total, 0x2020u);
  EXPECT_EQ(user_range_page_count(V(0x08048FF0), 0x2020), 4u);
}

TEST(user_range, ChunksUpToTheKernelBoundary) {
  auto c = chunks(0xBFFFEFFF, 0x1001);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].length, 1u);
  EXPECT_EQ(c[1].page, V(0xBFFFF000));
  EXPECT_EQ(c[1].length, 0x1000u);
  // Defensive: an unchecked wrapping range stops at 4 GiB instead of continuing at page 0.
  auto w = chunks(0xFFFFF800, 0x1000);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].length, 0x800u);
}

TEST(user_range, PageCount) {
  EXPECT_EQ(user_range_page_count(V(0x1000), 0), 0u);
  EXPECT_EQ(user_range_page_count(V(0x1000), 1), 1u);
  EXPECT_EQ(user_range_page_count(V(0x1FFF), 2), 2u);
  EXPECT_EQ(user_range_page_count(V(0x1000), 0x1000), 1u);
  EXPECT_EQ(user_range_page_count(V(0x1000), kUserTop - kUserBase), (kUserTop - kUserBase) / kPageSize);
}

// A fake user address space: the bytes of [base, base + size) are readable, anything else faults.
struct FakeUser {
  uint32_t base;
  std::string bytes;
  std::vector<UserChunk> reads;

  Result<const char*> operator()(const UserChunk& c) {
    reads.push_back(c);
    const uint32_t a = c.address().get();
    if (a < base || a - base + c.length > bytes.size()) return fail(Error::BadAddress);
    return bytes.data() + (a - base);
  }
};

Result<uint32_t> scan(FakeUser& user, uint32_t start, uint32_t capacity, char* out = nullptr) {
  return scan_user_string(V(start), capacity, out, user);
}

TEST(user_range, StringInOnePage) {
  FakeUser user{0x08048000, std::string("hello\0garbage", 13) + std::string(4096, 'x'), {}};
  char out[16];
  __builtin_memset(out, '#', sizeof out);
  EXPECT_EQ(scan(user, 0x08048000, sizeof out, out).value(), 5u);
  EXPECT_STREQ(out, "hello");
  EXPECT_EQ(out[6], '#');  // nothing copied past the terminator
  ASSERT_EQ(user.reads.size(), 1u);
  EXPECT_EQ(user.reads[0].length, 16u);  // limited by the capacity, not the page
  EXPECT_EQ(scan(user, 0x08048005, 16).value(), 0u);  // the empty string; measuring only
}

TEST(user_range, StringAcrossPages) {
  std::string memory(0x2000, 'a');
  memory[0x1003] = '\0';
  FakeUser user{0x08048000, memory, {}};
  std::vector<char> out(4096);
  EXPECT_EQ(scan(user, 0x08048FFE, 4096, out.data()).value(), 5u);
  EXPECT_STREQ(out.data(), "aaaaa");
  ASSERT_EQ(user.reads.size(), 2u);
  EXPECT_EQ(user.reads[0].length, 2u);
  EXPECT_EQ(user.reads[1].page, V(0x08049000));
  EXPECT_EQ(user.reads[1].length, 4094u);
  EXPECT_EQ(user.reads[1].position, 2u);
}

TEST(user_range, StringCapacityCountsTheTerminator) {
  FakeUser user{0x08048000, std::string("abcd\0", 5) + std::string(100, 'z'), {}};
  EXPECT_EQ(scan(user, 0x08048000, 5).value(), 4u);
  EXPECT_EQ(scan(user, 0x08048000, 4).error(), Error::NameTooLong);
  EXPECT_EQ(scan(user, 0x08048000, 0).error(), Error::NameTooLong);
  char out[4];
  EXPECT_EQ(scan(user, 0x08048000, sizeof out, out).error(), Error::NameTooLong);  // never overflows out
}

TEST(user_range, StringAddressErrors) {
  FakeUser user{0x00001000, std::string(64, 'q'), {}};
  EXPECT_EQ(scan(user, 0x00000000, 64).error(), Error::BadAddress);  // NULL
  EXPECT_EQ(scan(user, 0x00000FFF, 64).error(), Error::BadAddress);
  EXPECT_EQ(scan(user, 0xC0000000, 64).error(), Error::BadAddress);
  EXPECT_TRUE(user.reads.empty());  // rejected before any read
  EXPECT_EQ(scan(user, 0x00001000, 4096).error(), Error::BadAddress);  // runs off the readable bytes
}

TEST(user_range, StringJustBelowTheKernel) {
  FakeUser user{0xBFFFF000, std::string(0xFFD, 'p') + std::string("ab\0", 3), {}};
  char out[4096];
  EXPECT_EQ(scan(user, 0xBFFFFFFD, sizeof out, out).value(), 2u);  // capacity reaches past 0xC0000000
  EXPECT_STREQ(out, "ab");
  user.bytes.back() = 'c';  // no terminator before the kernel
  user.reads.clear();
  EXPECT_EQ(scan(user, 0xBFFFFFFD, sizeof out, out).error(), Error::BadAddress);
  EXPECT_EQ(user.reads.size(), 1u);  // the kernel page itself is never read
}

TEST(user_range, ScannerStepByStep) {
  UserStringScanner scanner(V(0x08048FFC), 100);
  UserChunk c = scanner.next_chunk().value();
  EXPECT_EQ(c.length, 4u);
  EXPECT_FALSE(scanner.consume("abcd"));
  EXPECT_FALSE(scanner.consume("zzzz"));  // no pending chunk: ignored
  c = scanner.next_chunk().value();
  EXPECT_EQ(c.address(), V(0x08049000));
  EXPECT_EQ(c.length, 96u);
  EXPECT_TRUE(scanner.consume("ef\0"));
  EXPECT_TRUE(scanner.done());
  EXPECT_EQ(scanner.length(), 6u);
}

}  // namespace
}  // namespace cw::mm

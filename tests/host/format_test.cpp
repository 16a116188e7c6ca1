// Host tests for lib/format: every placeholder form, every argument kind, and the BufferSink contract
// (truncation, NUL termination, capacity 0).
#include "lib/format.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace cw {
namespace {

// Formats into a generous buffer and returns the text, checking the reported length matches it.
template <typename... Args>
std::string fmt(StringView text, const Args&... args) {
  char buffer[512];
  size_t n = format_to(buffer, sizeof(buffer), text, args...);
  EXPECT_EQ(n, std::string(buffer).size());
  return std::string(buffer, n);
}

TEST(format, LiteralTextOnly) {
  EXPECT_EQ(fmt(""), "");
  EXPECT_EQ(fmt("hello, world"), "hello, world");
}

TEST(format, SignedIntegers) {
  EXPECT_EQ(fmt("{}", 0), "0");
  EXPECT_EQ(fmt("{}", 42), "42");
  EXPECT_EQ(fmt("{}", -42), "-42");
  EXPECT_EQ(fmt("{}", static_cast<int8_t>(-128)), "-128");  // int8_t is a number, not a char
  EXPECT_EQ(fmt("{}", static_cast<int16_t>(-32768)), "-32768");
  EXPECT_EQ(fmt("{}", std::numeric_limits<int32_t>::min()), "-2147483648");
  EXPECT_EQ(fmt("{}", std::numeric_limits<int32_t>::max()), "2147483647");
  EXPECT_EQ(fmt("{}", std::numeric_limits<int64_t>::min()), "-9223372036854775808");
  EXPECT_EQ(fmt("{}", std::numeric_limits<int64_t>::max()), "9223372036854775807");
}

TEST(format, UnsignedIntegers) {
  EXPECT_EQ(fmt("{}", 0u), "0");
  EXPECT_EQ(fmt("{}", static_cast<uint8_t>(255)), "255");
  EXPECT_EQ(fmt("{}", std::numeric_limits<uint32_t>::max()), "4294967295");
  EXPECT_EQ(fmt("{}", std::numeric_limits<uint64_t>::max()), "18446744073709551615");
  EXPECT_EQ(fmt("{}", static_cast<size_t>(4096)), "4096");
}

TEST(format, BoolAndChar) {
  EXPECT_EQ(fmt("{} {}", true, false), "true false");
  EXPECT_EQ(fmt("{:s}", true), "true");
  EXPECT_EQ(fmt("{:d} {:d}", true, false), "1 0");
  EXPECT_EQ(fmt("[{}]", 'A'), "[A]");
  EXPECT_EQ(fmt("{:c}", 'z'), "z");
  EXPECT_EQ(fmt("{:d}", 'A'), "65");
  EXPECT_EQ(fmt("{:x}", 'A'), "41");
  EXPECT_EQ(fmt("{:c}", 66), "B");   // a signed integer as a character
  EXPECT_EQ(fmt("{:c}", 67u), "C");  // an unsigned integer as a character
}

TEST(format, Strings) {
  const char* cstr = "const";
  char mutable_text[] = "mutable";
  char* mstr = mutable_text;
  EXPECT_EQ(fmt("{}", "literal"), "literal");
  EXPECT_EQ(fmt("{}", cstr), "const");
  EXPECT_EQ(fmt("{}", mstr), "mutable");
  EXPECT_EQ(fmt("{:s}", cstr), "const");
  EXPECT_EQ(fmt("[{}]", ""), "[]");
}

TEST(format, NullCharPointerPrintsNull) {
  const char* null_cstr = nullptr;
  char* null_mstr = nullptr;
  EXPECT_EQ(fmt("{}", null_cstr), "(null)");
  EXPECT_EQ(fmt("{}", null_mstr), "(null)");
}

TEST(format, StringViewUsesItsLengthNotANul) {
  const char text[] = "abcdef";
  EXPECT_EQ(fmt("{}", StringView(text, 3)), "abc");
  EXPECT_EQ(fmt("[{}]", StringView()), "[]");
  // Embedded NUL inside the view is written as-is: the length decides.
  const char with_nul[] = {'a', '\0', 'b'};
  char buffer[8];
  size_t n = format_to(buffer, sizeof(buffer), "{}", StringView(with_nul, 3));
  EXPECT_EQ(std::string(buffer, n), std::string(with_nul, 3));
}

TEST(format, AddressesDefaultToPrefixedEightHexDigits) {
  EXPECT_EQ(fmt("{}", PhysAddr(0)), "0x00000000");
  EXPECT_EQ(fmt("{}", PhysAddr(0x1000)), "0x00001000");
  EXPECT_EQ(fmt("{}", VirtAddr(0xC0000000)), "0xc0000000");
  EXPECT_EQ(fmt("{}", VirtAddr(0xFFFFFFFF)), "0xffffffff");
  // An explicit type replaces the default rendering.
  EXPECT_EQ(fmt("{:d}", PhysAddr(4096)), "4096");
  EXPECT_EQ(fmt("{:X}", VirtAddr(0xbeef)), "BEEF");
  EXPECT_EQ(fmt("{:#x}", PhysAddr(0x10)), "0x10");
  // A wider width is honoured for the default form too.
  EXPECT_EQ(fmt("{:12}", PhysAddr(0x1234)), "0x0000001234");
}

TEST(format, PageNumbersAreUnsigned) {
  EXPECT_EQ(fmt("{}", Pfn(0x123)), "291");
  EXPECT_EQ(fmt("{:x}", Vpn(0xC0000)), "c0000");
}

TEST(format, Pointers) {
  const void* null_ptr = nullptr;
  EXPECT_EQ(fmt("{}", null_ptr), "0x00000000");
  int* p = reinterpret_cast<int*>(static_cast<uintptr_t>(0xbeef0));
  EXPECT_EQ(fmt("{}", p), "0x000beef0");
  EXPECT_EQ(fmt("{:x}", p), "beef0");
}

TEST(format, ErrorsPrintTheirDescription) {
  EXPECT_EQ(fmt("{}", Error::NoMemory), "out of memory");
  EXPECT_EQ(fmt("failed: {}", Error::BadAddress), "failed: bad address");
  EXPECT_EQ(fmt("{}", static_cast<Error>(9999)), "unknown error");
}

enum class Color : uint8_t { Red = 1, Blue = 7 };

TEST(format, OtherEnumsPrintTheirValue) {
  EXPECT_EQ(fmt("{}", Color::Blue), "7");
}

TEST(format, RadixSpecs) {
  EXPECT_EQ(fmt("{:d}", 255u), "255");
  EXPECT_EQ(fmt("{:x}", 255u), "ff");
  EXPECT_EQ(fmt("{:X}", 255u), "FF");
  EXPECT_EQ(fmt("{:b}", 5u), "101");
  EXPECT_EQ(fmt("{:b}", 0u), "0");
  EXPECT_EQ(fmt("{:x}", 0xdeadbeefu), "deadbeef");
  EXPECT_EQ(fmt("{:X}", 0xdeadbeefu), "DEADBEEF");
  EXPECT_EQ(fmt("{:x}", std::numeric_limits<uint64_t>::max()), "ffffffffffffffff");
  EXPECT_EQ(fmt("{:b}", std::numeric_limits<uint64_t>::max()), std::string(64, '1'));
  EXPECT_EQ(fmt("{:x}", 26), "1a");  // positive signed values in hex
}

// A negative value printed in hex or binary shows its two's complement at the argument's own width.
TEST(format, NegativeSignedInHexIsTwosComplementAtItsWidth) {
  EXPECT_EQ(fmt("{:x}", static_cast<int32_t>(-1)), "ffffffff");
  EXPECT_EQ(fmt("{:x}", static_cast<int8_t>(-2)), "fe");
  EXPECT_EQ(fmt("{:x}", static_cast<int16_t>(-1)), "ffff");
  EXPECT_EQ(fmt("{:x}", static_cast<int64_t>(-1)), "ffffffffffffffff");
  EXPECT_EQ(fmt("{:x}", std::numeric_limits<int64_t>::min()), "8000000000000000");
  EXPECT_EQ(fmt("{:b}", static_cast<int64_t>(-1)), std::string(64, '1'));
  // Decimal keeps the sign.
  EXPECT_EQ(fmt("{:d}", static_cast<int8_t>(-2)), "-2");
}

TEST(format, WidthPadsWithSpacesOnTheLeft) {
  EXPECT_EQ(fmt("[{:5}]", 42), "[   42]");
  EXPECT_EQ(fmt("[{:5}]", -42), "[  -42]");
  EXPECT_EQ(fmt("[{:5}]", "ab"), "[   ab]");
  EXPECT_EQ(fmt("[{:3}]", 'c'), "[  c]");
  EXPECT_EQ(fmt("[{:6}]", true), "[  true]");
  EXPECT_EQ(fmt("[{:2}]", 12345), "[12345]");  // never truncates
  EXPECT_EQ(fmt("[{:4x}]", 0xau), "[   a]");
}

TEST(format, ZeroPadGoesAfterTheSign) {
  EXPECT_EQ(fmt("{:05}", 42), "00042");
  EXPECT_EQ(fmt("{:05}", -42), "-0042");
  EXPECT_EQ(fmt("{:08x}", 0xbeefu), "0000beef");
  EXPECT_EQ(fmt("{:08b}", 5u), "00000101");
  // Strings ignore the zero flag and pad with spaces.
  EXPECT_EQ(fmt("[{:04}]", "ab"), "[  ab]");
}

TEST(format, AlternatePrefixWithZeroPad) {
  EXPECT_EQ(fmt("{:#010x}", 0xbeefu), "0x0000beef");
  EXPECT_EQ(fmt("{:#010X}", 0xbeefu), "0x0000BEEF");
  EXPECT_EQ(fmt("{:#x}", 0xbeefu), "0xbeef");
  EXPECT_EQ(fmt("{:#b}", 5u), "0b101");
  EXPECT_EQ(fmt("{:#010b}", 5u), "0b00000101");
  EXPECT_EQ(fmt("[{:#10x}]", 0xbeefu), "[    0xbeef]");
  EXPECT_EQ(fmt("{:#d}", 10u), "10");  // no decimal prefix
  EXPECT_EQ(fmt("{:#x}", 0u), "0x0");
}

TEST(format, EmptySpecAfterColonIsTheDefault) {
  EXPECT_EQ(fmt("{:}", 7), "7");
  EXPECT_EQ(fmt("{:}", PhysAddr(1)), "0x00000001");
}

TEST(format, MaximumWidth) {
  EXPECT_EQ(fmt("{:64}", 1u), std::string(63, ' ') + "1");
  EXPECT_EQ(fmt("{:65}", 1u), "{!}");
}

TEST(format, EscapedBraces) {
  EXPECT_EQ(fmt("{{"), "{");
  EXPECT_EQ(fmt("}}"), "}");
  EXPECT_EQ(fmt("{{}}"), "{}");
  EXPECT_EQ(fmt("{{{}}}", 5), "{5}");
  EXPECT_EQ(fmt("a{{b}}c"), "a{b}c");
  EXPECT_EQ(fmt("x}y"), "x}y");  // a lone closing brace is literal
}

TEST(format, MultipleArgumentsInOrder) {
  EXPECT_EQ(fmt("frame {} at {:#010x}: {}", 3, 0x1000u, Error::Io), "frame 3 at 0x00001000: i/o error");
  EXPECT_EQ(fmt("{}{}{}", 1, 'b', "c"), "1bc");
}

TEST(format, MissingArgumentPrintsQuestionMark) {
  EXPECT_EQ(fmt("{}"), "{?}");
  EXPECT_EQ(fmt("{} {} {}", 1), "1 {?} {?}");
  EXPECT_EQ(fmt("{:x}"), "{?}");
}

TEST(format, ExtraArgumentsAreIgnored) {
  EXPECT_EQ(fmt("{}", 1, 2, 3), "1");
  EXPECT_EQ(fmt("none", 1), "none");
}

TEST(format, BadSpecPrintsBangAndDoesNotConsumeTheArgument) {
  EXPECT_EQ(fmt("{:q}", 1), "{!}");
  EXPECT_EQ(fmt("{:5.2}", 1), "{!}");
  EXPECT_EQ(fmt("{:-5}", 1), "{!}");
  EXPECT_EQ(fmt("{:xx}", 1), "{!}");
  EXPECT_EQ(fmt("{0}", 1), "{!}");      // positional arguments are not supported
  EXPECT_EQ(fmt("{x}", 1), "{!}");      // a spec must follow ':'
  EXPECT_EQ(fmt("{:q} {}", 9), "{!} 9");  // the argument goes to the next good placeholder
}

TEST(format, UnterminatedBraceIsLiteral) {
  EXPECT_EQ(fmt("abc{", 1), "abc{");
  EXPECT_EQ(fmt("{} and {:x", 1, 2), "1 and {:x");
  EXPECT_EQ(fmt("{"), "{");
}

TEST(format, BufferSinkTruncatesAndStaysTerminated) {
  char buffer[8];
  __builtin_memset(buffer, 'Z', sizeof(buffer));
  BufferSink sink(buffer, sizeof(buffer));
  format(sink, "{}-{}", "abcd", 12345);
  EXPECT_TRUE(sink.truncated());
  EXPECT_EQ(sink.size(), 7u);
  EXPECT_EQ(buffer[7], '\0');
  EXPECT_EQ(std::string(buffer), "abcd-12");
  EXPECT_TRUE(sink.view() == StringView("abcd-12"));
  // Further writes are dropped, the buffer stays terminated.
  sink.write("more", 4);
  EXPECT_EQ(sink.size(), 7u);
  EXPECT_EQ(buffer[7], '\0');
}

TEST(format, BufferSinkExactFitIsNotTruncated) {
  char buffer[6];
  BufferSink sink(buffer, sizeof(buffer));
  format(sink, "{}", "12345");
  EXPECT_FALSE(sink.truncated());
  EXPECT_EQ(std::string(buffer), "12345");
  sink.write("", 0);  // writing nothing on a full buffer is not truncation
  EXPECT_FALSE(sink.truncated());
  sink.write("6", 1);
  EXPECT_TRUE(sink.truncated());
}

TEST(format, BufferSinkStartsEmptyAndTerminated) {
  char buffer[4] = {'x', 'x', 'x', 'x'};
  BufferSink sink(buffer, sizeof(buffer));
  EXPECT_EQ(sink.size(), 0u);
  EXPECT_EQ(buffer[0], '\0');
  EXPECT_FALSE(sink.truncated());
  EXPECT_TRUE(sink.view().empty());
}

TEST(format, CapacityOneHoldsOnlyTheTerminator) {
  char buffer[1] = {'x'};
  size_t n = format_to(buffer, 1, "abc");
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(buffer[0], '\0');
}

TEST(format, CapacityZeroNeverTouchesTheBuffer) {
  char guard = 'G';
  BufferSink sink(&guard, 0);
  format(sink, "{}", 123);
  EXPECT_EQ(guard, 'G');
  EXPECT_EQ(sink.size(), 0u);
  EXPECT_TRUE(sink.truncated());

  BufferSink quiet(nullptr, 0);
  format(quiet, "");
  EXPECT_FALSE(quiet.truncated());
  EXPECT_EQ(format_to(nullptr, 0, "abc"), 0u);
}

TEST(format, LongPaddingCrossesChunkBoundaries) {
  // pad() writes in 16-byte chunks; make sure widths above one chunk are exact.
  EXPECT_EQ(fmt("{:40}", "x"), std::string(39, ' ') + "x");
  EXPECT_EQ(fmt("{:033}", 1u), std::string(32, '0') + "1");
}

// A sink that appends every write, to check that a non-buffer sink sees exactly the same text.
class CaptureSink final : public FormatSink {
public:
  void write(const char* text, size_t length) override { out.append(text, length); }
  std::string out;
};

TEST(format, CustomSinkReceivesTheSameText) {
  CaptureSink sink;
  format(sink, "{:#010x} {} {{{}}}", 0xbeefu, "s", -1);
  EXPECT_EQ(sink.out, "0x0000beef s {-1}");
}

}  // namespace
}  // namespace cw

// Host tests for lib/cmdline: option syntax, error collection, lookups and number parsing.
#include "lib/cmdline.h"

#include <gtest/gtest.h>

#include <string>

namespace cw {
namespace {

std::string str(StringView v) { return std::string(v.data(), v.size()); }

TEST(cmdline, EmptyAndBlankLines) {
  CommandLine empty{StringView("")};
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_EQ(empty.error_count(), 0u);
  CommandLine blank{StringView(" \t\r\n  ")};
  EXPECT_EQ(blank.size(), 0u);
  EXPECT_EQ(blank.error_count(), 0u);
  CommandLine defaulted;
  EXPECT_EQ(defaulted.size(), 0u);
  EXPECT_FALSE(defaulted.has("x"));
}

TEST(cmdline, KeyValueAndFlags) {
  CommandLine cl{StringView("console=serial,vga pageable_pages=8 policy=fifo quiet")};
  ASSERT_EQ(cl.size(), 4u);
  EXPECT_EQ(cl.error_count(), 0u);
  EXPECT_EQ(str(cl[0].key), "console");
  EXPECT_EQ(str(cl[0].value), "serial,vga");
  EXPECT_TRUE(cl[0].has_value);
  EXPECT_EQ(str(cl[3].key), "quiet");
  EXPECT_FALSE(cl[3].has_value);
  EXPECT_TRUE(cl[3].value.empty());

  EXPECT_TRUE(cl.has("quiet"));
  EXPECT_TRUE(cl.has("policy"));
  EXPECT_FALSE(cl.has("verbose"));
  EXPECT_FALSE(cl.has("quie"));  // whole-key match only
  EXPECT_EQ(str(cl.get("policy")), "fifo");
  EXPECT_EQ(str(cl.get("pageable_pages")), "8");
}

TEST(cmdline, GetFallback) {
  CommandLine cl{StringView("quiet empty= policy=lru")};
  EXPECT_EQ(str(cl.get("missing", "dflt")), "dflt");
  EXPECT_TRUE(cl.get("missing").empty());
  // A bare flag has no value, so get() falls back.
  EXPECT_EQ(str(cl.get("quiet", "dflt")), "dflt");
  // `key=` has an (empty) value: the fallback is not used.
  ASSERT_NE(cl.find("empty"), nullptr);
  EXPECT_TRUE(cl.find("empty")->has_value);
  EXPECT_EQ(str(cl.get("empty", "dflt")), "");
}

TEST(cmdline, WhitespaceKinds) {
  CommandLine cl{StringView("  a=1\tb=2\n\nc\r\nd=4  ")};
  ASSERT_EQ(cl.size(), 4u);
  EXPECT_EQ(str(cl.get("a")), "1");
  EXPECT_EQ(str(cl.get("b")), "2");
  EXPECT_TRUE(cl.has("c"));
  EXPECT_EQ(str(cl.get("d")), "4");
}

TEST(cmdline, ValueMayContainEquals) {
  CommandLine cl{StringView("root=LABEL=sys")};
  ASSERT_EQ(cl.size(), 1u);
  EXPECT_EQ(str(cl.get("root")), "LABEL=sys");
}

TEST(cmdline, QuotedValuesKeepSpaces) {
  CommandLine cl{StringView("init=\"memtest 4 seq\" quiet x=\"\" y=\"a=b c\"")};
  EXPECT_EQ(cl.error_count(), 0u);
  ASSERT_EQ(cl.size(), 4u);
  EXPECT_EQ(str(cl.get("init")), "memtest 4 seq");
  EXPECT_TRUE(cl.has("quiet"));
  ASSERT_NE(cl.find("x"), nullptr);
  EXPECT_TRUE(cl.find("x")->has_value);
  EXPECT_EQ(str(cl.get("x", "dflt")), "");
  EXPECT_EQ(str(cl.get("y")), "a=b c");
}

TEST(cmdline, QuoteOnlyOpensAtTheStartOfAValue) {
  // A quote in the middle of a value is an ordinary character.
  CommandLine cl{StringView("a=x\"y b=2")};
  ASSERT_EQ(cl.size(), 2u);
  EXPECT_EQ(cl.error_count(), 0u);
  EXPECT_EQ(str(cl.get("a")), "x\"y");
  EXPECT_EQ(str(cl.get("b")), "2");
}

TEST(cmdline, UnterminatedQuoteIsReportedAndTakesTheRest) {
  CommandLine cl{StringView("quiet init=\"memtest 4 seq policy=lru")};
  ASSERT_EQ(cl.error_count(), 1u);
  EXPECT_EQ(str(cl.error(0)), "unterminated quote");
  ASSERT_EQ(cl.size(), 2u);
  EXPECT_TRUE(cl.has("quiet"));
  EXPECT_EQ(str(cl.get("init")), "memtest 4 seq policy=lru");
  EXPECT_FALSE(cl.has("policy"));  // swallowed by the open quote
}

TEST(cmdline, EmptyKeyIsReportedAndSkipped) {
  CommandLine cl{StringView("a=1 =orphan = b=2")};
  EXPECT_EQ(cl.error_count(), 2u);
  EXPECT_EQ(str(cl.error(0)), "option with an empty key");
  EXPECT_EQ(str(cl.error(1)), "option with an empty key");
  ASSERT_EQ(cl.size(), 2u);
  EXPECT_EQ(str(cl.get("a")), "1");
  EXPECT_EQ(str(cl.get("b")), "2");
}

TEST(cmdline, EmptyKeyWithQuotedValueSkipsTheWholeQuote) {
  CommandLine cl{StringView("=\"x y\" z")};
  EXPECT_EQ(cl.error_count(), 1u);
  ASSERT_EQ(cl.size(), 1u);
  EXPECT_EQ(str(cl[0].key), "z");
}

TEST(cmdline, ErrorListIsBounded) {
  CommandLine cl{StringView("=1 =2 =3 =4 =5 =6 ok")};
  EXPECT_EQ(cl.error_count(), 4u);  // the rest are dropped, parsing continues
  EXPECT_TRUE(cl.has("ok"));
}

TEST(cmdline, LastOccurrenceWins) {
  CommandLine cl{StringView("policy=fifo pageable_pages=8 policy=lru policy=second_chance")};
  EXPECT_EQ(cl.size(), 4u);  // every occurrence is kept...
  EXPECT_EQ(str(cl.get("policy")), "second_chance");  // ...but lookups see the last
  const CommandLine::Option* option = cl.find("policy");
  ASSERT_NE(option, nullptr);
  EXPECT_EQ(option, &cl[3]);
}

TEST(cmdline, LaterFlagOverridesEarlierValue) {
  CommandLine cl{StringView("debug=3 debug")};
  ASSERT_NE(cl.find("debug"), nullptr);
  EXPECT_FALSE(cl.find("debug")->has_value);
  EXPECT_EQ(str(cl.get("debug", "none")), "none");
  EXPECT_EQ(cl.get_uint("debug").error(), Error::InvalidArgument);
}

TEST(cmdline, GetUintDecimalAndHex) {
  CommandLine cl{StringView("a=0 b=4096 c=0x1000 d=0XfF e=0xDEADbeef f=4294967295 g=0xffffffff h=007")};
  EXPECT_EQ(cl.get_uint("a").value(), 0u);
  EXPECT_EQ(cl.get_uint("b").value(), 4096u);
  EXPECT_EQ(cl.get_uint("c").value(), 0x1000u);
  EXPECT_EQ(cl.get_uint("d").value(), 0xffu);
  EXPECT_EQ(cl.get_uint("e").value(), 0xdeadbeefu);
  EXPECT_EQ(cl.get_uint("f").value(), 4294967295u);
  EXPECT_EQ(cl.get_uint("g").value(), 0xffffffffu);
  EXPECT_EQ(cl.get_uint("h").value(), 7u);  // leading zeros are decimal, not octal
}

TEST(cmdline, GetUintErrors) {
  CommandLine cl{StringView("big=4294967296 bighex=0x100000000 huge=99999999999999999999999 "
                            "neg=-1 plus=+1 letters=12ab hexg=0x1g empty= bare=0x space=\" 1\" flag")};
  EXPECT_EQ(cl.get_uint("missing").error(), Error::NotFound);
  EXPECT_EQ(cl.get_uint("big").error(), Error::Overflow);
  EXPECT_EQ(cl.get_uint("bighex").error(), Error::Overflow);
  EXPECT_EQ(cl.get_uint("huge").error(), Error::Overflow);
  EXPECT_EQ(cl.get_uint("neg").error(), Error::InvalidArgument);
  EXPECT_EQ(cl.get_uint("plus").error(), Error::InvalidArgument);
  EXPECT_EQ(cl.get_uint("letters").error(), Error::InvalidArgument);
  EXPECT_EQ(cl.get_uint("hexg").error(), Error::InvalidArgument);
  EXPECT_EQ(cl.get_uint("empty").error(), Error::InvalidArgument);
  EXPECT_EQ(cl.get_uint("bare").error(), Error::InvalidArgument);
  EXPECT_EQ(cl.get_uint("space").error(), Error::InvalidArgument);
  EXPECT_EQ(cl.get_uint("flag").error(), Error::InvalidArgument);
}

TEST(cmdline, ParseUintDirectly) {
  EXPECT_EQ(parse_uint("123").value(), 123u);
  EXPECT_EQ(parse_uint("0x7fffFFFF").value(), 0x7fffffffu);
  EXPECT_EQ(parse_uint("0x00000000000000001").value(), 1u);  // long but small: not an overflow
  EXPECT_EQ(parse_uint("").error(), Error::InvalidArgument);
  EXPECT_EQ(parse_uint("x10").error(), Error::InvalidArgument);
  EXPECT_EQ(parse_uint("10 ").error(), Error::InvalidArgument);
  EXPECT_EQ(parse_uint("abc").error(), Error::InvalidArgument);  // hex digits need the 0x prefix
}

TEST(cmdline, ListContains) {
  CommandLine cl{StringView("console=serial,vga single=vga empty= trailing=a, quiet")};
  EXPECT_TRUE(cl.list_contains("console", "serial"));
  EXPECT_TRUE(cl.list_contains("console", "vga"));
  EXPECT_FALSE(cl.list_contains("console", "seria"));  // whole items only
  EXPECT_FALSE(cl.list_contains("console", "serial,vga"));
  EXPECT_FALSE(cl.list_contains("console", "lpt"));
  EXPECT_TRUE(cl.list_contains("single", "vga"));
  EXPECT_TRUE(cl.list_contains("trailing", "a"));
  EXPECT_FALSE(cl.list_contains("empty", "vga"));
  EXPECT_FALSE(cl.list_contains("quiet", "quiet"));  // a flag has no list
  EXPECT_FALSE(cl.list_contains("missing", "vga"));
}

TEST(cmdline, ListContainsEmptyItemOnlyWhenTheListHasOne) {
  CommandLine cl{StringView("console=serial,vga empty= trailing=a, quiet")};
  // An empty item exists only in a list that actually has one...
  EXPECT_TRUE(cl.list_contains("empty", ""));
  EXPECT_TRUE(cl.list_contains("trailing", ""));
  EXPECT_FALSE(cl.list_contains("console", ""));
  // ...and never for an absent key or a bare flag, which have no list at all.
  EXPECT_FALSE(cl.list_contains("missing", ""));
  EXPECT_FALSE(cl.list_contains("quiet", ""));
}

TEST(cmdline, ListContainsUsesTheLastOccurrence) {
  CommandLine cl{StringView("console=serial console=vga")};
  EXPECT_FALSE(cl.list_contains("console", "serial"));
  EXPECT_TRUE(cl.list_contains("console", "vga"));
}

TEST(cmdline, TooManyOptions) {
  std::string text;
  for (size_t i = 0; i < CommandLine::kMaxOptions + 3; ++i) text += "k" + std::to_string(i) + "=" + std::to_string(i) + " ";
  CommandLine cl{StringView(text.c_str())};
  EXPECT_EQ(cl.size(), CommandLine::kMaxOptions);
  ASSERT_EQ(cl.error_count(), 1u);
  EXPECT_EQ(str(cl.error(0)), "too many options");
  EXPECT_EQ(cl.get_uint("k0").value(), 0u);
  EXPECT_EQ(cl.get_uint("k31").value(), 31u);
  EXPECT_FALSE(cl.has("k32"));
}

TEST(cmdline, ExactlyMaxOptionsIsFine) {
  std::string text;
  for (size_t i = 0; i < CommandLine::kMaxOptions; ++i) text += "f" + std::to_string(i) + " ";
  CommandLine cl{StringView(text.c_str())};
  EXPECT_EQ(cl.size(), CommandLine::kMaxOptions);
  EXPECT_EQ(cl.error_count(), 0u);
}

TEST(cmdline, ViewsPointIntoTheCallersString) {
  const char text[] = "policy=fifo";
  CommandLine cl{StringView(text)};
  ASSERT_EQ(cl.size(), 1u);
  EXPECT_EQ(cl[0].key.data(), text);
  EXPECT_EQ(cl[0].value.data(), text + 7);
}

TEST(cmdline, NotNulTerminatedInput) {
  const char text[] = {'a', '=', '1', ' ', 'b', '=', '2'};  // no NUL: the view's length bounds parsing
  CommandLine cl{StringView(text, sizeof(text))};
  ASSERT_EQ(cl.size(), 2u);
  EXPECT_EQ(str(cl.get("b")), "2");
}

}  // namespace
}  // namespace cw

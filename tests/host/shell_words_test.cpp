// Host tests for procs/lib/shell_words: the shell's word splitting and quoting, including every error.
#include "procs/lib/shell_words.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cw::user {
namespace {

constexpr size_t kCapacity = 5;  // 4 words and the nullptr

struct Split {
  std::vector<std::string> words;
  bool background = false;
};

// Splits a copy of `text`; checks that the array is nullptr-terminated.
Result<Split, WordsError> split(const std::string& text, size_t capacity = kCapacity) {
  std::vector<char> line(text.begin(), text.end());
  line.push_back('\0');
  std::vector<char*> words(capacity, reinterpret_cast<char*>(1));
  auto result = split_shell_words(line.data(), words.data(), capacity);
  if (!result) return fail(result.error());
  Split out;
  out.background = result.value().background;
  for (size_t i = 0; i < result.value().count; ++i) out.words.emplace_back(words[i]);
  EXPECT_EQ(words[result.value().count], nullptr) << text;
  return out;
}

std::vector<std::string> words_of(const std::string& text) {
  auto result = split(text);
  EXPECT_TRUE(result) << text << ": " << (result ? "" : describe(result.error()));
  return result ? result.value().words : std::vector<std::string>{"<error>"};
}

WordsError error_of(const std::string& text, size_t capacity = kCapacity) {
  auto result = split(text, capacity);
  EXPECT_FALSE(result) << text;
  return result ? WordsError::TooManyWords : result.error();
}

using V = std::vector<std::string>;

TEST(shell_words, BlanksSeparateWords) {
  EXPECT_EQ(words_of("counter 5 200"), (V{"counter", "5", "200"}));
  EXPECT_EQ(words_of("  \tls\t \t"), (V{"ls"}));
  EXPECT_EQ(words_of(""), V{});
  EXPECT_EQ(words_of(" \t "), V{});
}

TEST(shell_words, SingleQuotesAreLiteral) {
  EXPECT_EQ(words_of("hello 'a b'"), (V{"hello", "a b"}));
  EXPECT_EQ(words_of(R"('a\b "c"')"), (V{R"(a\b "c")"}));
  EXPECT_EQ(words_of("''"), (V{""}));
}

TEST(shell_words, DoubleQuotesEscapeOnlyQuoteAndBackslash) {
  EXPECT_EQ(words_of(R"(hello "a b" "")"), (V{"hello", "a b", ""}));
  EXPECT_EQ(words_of(R"("say \"hi\" \\ \n")"), (V{R"(say "hi" \ \n)"}));
  EXPECT_EQ(words_of(R"("it's")"), (V{"it's"}));
}

TEST(shell_words, BackslashQuotesTheNextCharacter) {
  EXPECT_EQ(words_of(R"(a\ b c)"), (V{"a b", "c"}));
  EXPECT_EQ(words_of(R"(\'\"\\\&)"), (V{R"('"\&)"}));
}

TEST(shell_words, TouchingPiecesFormOneWord) {
  EXPECT_EQ(words_of(R"(a"b c"d'e f'g\ h)"), (V{"ab cde fg h"}));
}

TEST(shell_words, TrailingAmpersandMeansBackground) {
  auto glued = split("counter 5&");
  ASSERT_TRUE(glued);
  EXPECT_EQ(glued.value().words, (V{"counter", "5"}));
  EXPECT_TRUE(glued.value().background);
  auto spaced = split("counter 5 &  ");
  ASSERT_TRUE(spaced);
  EXPECT_EQ(spaced.value().words, (V{"counter", "5"}));
  EXPECT_TRUE(spaced.value().background);
  auto foreground = split("counter 5");
  ASSERT_TRUE(foreground);
  EXPECT_FALSE(foreground.value().background);
}

TEST(shell_words, QuotedAmpersandIsAnArgument) {
  auto quoted = split(R"(hello '&' "&" \&)");
  ASSERT_TRUE(quoted);
  EXPECT_EQ(quoted.value().words, (V{"hello", "&", "&", "&"}));
  EXPECT_FALSE(quoted.value().background);
}

TEST(shell_words, Errors) {
  EXPECT_EQ(error_of("hello 'a b"), WordsError::UnterminatedSingleQuote);
  EXPECT_EQ(error_of(R"(hello "a b)"), WordsError::UnterminatedDoubleQuote);
  EXPECT_EQ(error_of(R"(hello "a\")"), WordsError::UnterminatedDoubleQuote);
  EXPECT_EQ(error_of(R"(hello a\)"), WordsError::TrailingBackslash);
  EXPECT_EQ(error_of("a & b"), WordsError::AmpersandNotLast);
  EXPECT_EQ(error_of("a &&"), WordsError::AmpersandNotLast);
  EXPECT_EQ(error_of(" & "), WordsError::AmpersandAlone);
  EXPECT_EQ(error_of("a b c d e"), WordsError::TooManyWords);
  EXPECT_EQ(error_of("a", 1), WordsError::TooManyWords);
  EXPECT_STREQ(describe(WordsError::UnterminatedDoubleQuote), "unterminated double quote");
}

TEST(shell_words, CapacityIsExact) {
  EXPECT_EQ(words_of("a b c d"), (V{"a", "b", "c", "d"}));
  auto empty = split("", 1);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty.value().words.empty());
}

}  // namespace
}  // namespace cw::user

// The console's escape-sequence parser (lib/ansi_parser.h).
#include "lib/ansi_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cw {
namespace {

std::vector<AnsiAction> feed_all(AnsiParser& parser, const std::string& text) {
  std::vector<AnsiAction> out;
  for (char c : text) {
    AnsiAction a = parser.feed(c);
    if (a.kind != AnsiAction::Kind::Pending) out.push_back(a);
  }
  return out;
}

TEST(AnsiParser, PlainTextPrints) {
  AnsiParser p;
  auto actions = feed_all(p, "ab\n");
  ASSERT_EQ(actions.size(), 3u);
  EXPECT_EQ(actions[0].kind, AnsiAction::Kind::Print);
  EXPECT_EQ(actions[2].c, '\n');
}

TEST(AnsiParser, SgrWithParameters) {
  AnsiParser p;
  auto actions = feed_all(p, "\x1b[1;33;44mX\x1b[m");
  ASSERT_EQ(actions.size(), 3u);
  EXPECT_EQ(actions[0].kind, AnsiAction::Kind::Sgr);
  ASSERT_EQ(actions[0].count, 3);
  EXPECT_EQ(actions[0].params[0], 1);
  EXPECT_EQ(actions[0].params[1], 33);
  EXPECT_EQ(actions[0].params[2], 44);
  EXPECT_EQ(actions[1].c, 'X');
  EXPECT_EQ(actions[2].kind, AnsiAction::Kind::Sgr);
  EXPECT_EQ(actions[2].count, 0);
}

TEST(AnsiParser, CursorAndErase) {
  AnsiParser p;
  auto actions = feed_all(p, "\x1b[H\x1b[2J\x1b[5;10H\x1b[K\x1b[;7f");
  ASSERT_EQ(actions.size(), 5u);
  EXPECT_EQ(actions[0].kind, AnsiAction::Kind::CursorPosition);
  EXPECT_EQ(actions[0].count, 0);
  EXPECT_EQ(actions[1].kind, AnsiAction::Kind::EraseDisplay);
  EXPECT_EQ(actions[1].params[0], 2);
  EXPECT_EQ(actions[2].params[0], 5);
  EXPECT_EQ(actions[2].params[1], 10);
  EXPECT_EQ(actions[3].kind, AnsiAction::Kind::EraseLine);
  EXPECT_EQ(actions[4].count, 2);
  EXPECT_EQ(actions[4].params[0], 0);
  EXPECT_EQ(actions[4].params[1], 7);
}

TEST(AnsiParser, UnknownSequencesAreSwallowedAndMalformedOnesEnd) {
  AnsiParser p;
  auto actions = feed_all(p, "\x1b[?25lA\x1b[12\x01" "B\x1bxC");
  ASSERT_EQ(actions.size(), 6u);
  EXPECT_EQ(actions[0].kind, AnsiAction::Kind::Ignore);  // DECTCEM: not ours
  EXPECT_EQ(actions[1].c, 'A');
  EXPECT_EQ(actions[2].c, '\x01');  // cannot continue a CSI: printed, sequence dropped
  EXPECT_EQ(actions[3].c, 'B');
  EXPECT_EQ(actions[4].c, 'x');  // ESC x: the ESC is dropped
  EXPECT_EQ(actions[5].c, 'C');
}

TEST(AnsiParser, ParametersSaturateAndExtraOnesAreDropped) {
  AnsiParser p;
  auto actions = feed_all(p, "\x1b[123456;1;2;3;4;5;6;7;8;9m");
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].params[0], 9999);
  EXPECT_EQ(actions[0].count, AnsiAction::kMaxParams);
}

}  // namespace
}  // namespace cw

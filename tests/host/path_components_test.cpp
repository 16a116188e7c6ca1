// lib/path_components.h: how the path walk (kernel/fs/vfs/path_walk.h) splits a path, as Linux's
// link_path_walk sees it.
#include "lib/path_components.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cw {
namespace {

std::vector<std::string> parts_of(const char* path, bool* absolute = nullptr, bool* trailing = nullptr) {
  PathComponents parts{StringView(path)};
  if (absolute) *absolute = parts.absolute();
  if (trailing) *trailing = parts.trailing_slash();
  std::vector<std::string> out;
  StringView c;
  while (parts.next(c)) out.emplace_back(c.data(), c.size());
  return out;
}

TEST(PathComponents, AbsolutePathSplitsAtSlashes) {
  bool absolute = false, trailing = true;
  EXPECT_EQ(parts_of("/bin/sh", &absolute, &trailing), (std::vector<std::string>{"bin", "sh"}));
  EXPECT_TRUE(absolute);
  EXPECT_FALSE(trailing);
}

TEST(PathComponents, RelativePathIsNotAbsolute) {
  bool absolute = true;
  EXPECT_EQ(parts_of("a/b", &absolute), (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(absolute);
}

TEST(PathComponents, RepeatedSlashesAreOne) {
  EXPECT_EQ(parts_of("//a///b//"), (std::vector<std::string>{"a", "b"}));
}

TEST(PathComponents, TrailingSlashIsReported) {
  bool trailing = false;
  EXPECT_EQ(parts_of("/tmp/dir/", nullptr, &trailing), (std::vector<std::string>{"tmp", "dir"}));
  EXPECT_TRUE(trailing);
}

TEST(PathComponents, DotsAreComponentsForTheWalkToInterpret) {
  EXPECT_EQ(parts_of("./a/../b/."), (std::vector<std::string>{".", "a", "..", "b", "."}));
}

TEST(PathComponents, RootAloneHasNoComponent) {
  bool absolute = false, trailing = false;
  EXPECT_TRUE(parts_of("/", &absolute, &trailing).empty());
  EXPECT_TRUE(absolute);
  EXPECT_TRUE(trailing);
}

TEST(PathComponents, EmptyPathHasNoComponent) {
  PathComponents parts{StringView("")};
  EXPECT_TRUE(parts.done());
  EXPECT_FALSE(parts.absolute());
  StringView c;
  EXPECT_FALSE(parts.next(c));
}

TEST(PathComponents, DoneBecomesTrueAtTheLastComponent) {
  PathComponents parts{StringView("/a/b/")};
  StringView c;
  ASSERT_TRUE(parts.next(c));
  EXPECT_FALSE(parts.done());
  ASSERT_TRUE(parts.next(c));
  EXPECT_TRUE(parts.done());  // the walk's "last component" test, trailing slash or not
}

}  // namespace
}  // namespace cw

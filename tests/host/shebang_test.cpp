// lib/shebang.h: the "#!" line as Linux's fs/binfmt_script.c load_script reads it.
#include "lib/shebang.h"

#include <gtest/gtest.h>

#include <string>

namespace cw {
namespace {

struct Parsed {
  bool ok = false;
  std::string interpreter;
  bool has_argument = false;
  std::string argument;
};

Parsed parse(const std::string& file) {
  auto result = parse_shebang(file.data(), file.size());
  Parsed p;
  if (!result) {
    EXPECT_EQ(result.error(), Error::BadExecutable);
    return p;
  }
  p.ok = true;
  p.interpreter.assign(result.value().interpreter.data(), result.value().interpreter.size());
  p.has_argument = result.value().has_argument;
  p.argument.assign(result.value().argument.data(), result.value().argument.size());
  return p;
}

TEST(Shebang, InterpreterAlone) {
  Parsed p = parse("#!/bin/sh\necho hi\n");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.interpreter, "/bin/sh");
  EXPECT_FALSE(p.has_argument);
}

TEST(Shebang, OneArgument) {
  Parsed p = parse("#!/bin/sh -x\n");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.interpreter, "/bin/sh");
  EXPECT_TRUE(p.has_argument);
  EXPECT_EQ(p.argument, "-x");
}

TEST(Shebang, BlanksTrimmedAroundButKeptInsideTheArgument) {
  Parsed p = parse("#! \t/bin/sh \t -x  -y z \t \nrest");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.interpreter, "/bin/sh");
  EXPECT_EQ(p.argument, "-x  -y z");  // one string, as Linux >= 5.1: never split
}

TEST(Shebang, TrailingBlanksBeforeTheNewlineAreNoArgument) {
  Parsed p = parse("#!/bin/sh  \t\n");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.interpreter, "/bin/sh");
  EXPECT_FALSE(p.has_argument);
}

TEST(Shebang, RelativeInterpreterAsWritten) {
  Parsed p = parse("#!bin/../sh\n");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.interpreter, "bin/../sh");
}

TEST(Shebang, CarriageReturnIsPartOfTheLine) {
  Parsed p = parse("#!/bin/sh\r\n");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.interpreter, "/bin/sh\r");  // Linux does not strip it: the walk then fails, ENOENT
}

TEST(Shebang, NotAScript) {
  EXPECT_FALSE(parse("").ok);
  EXPECT_FALSE(parse("#").ok);
  EXPECT_FALSE(parse("# !/bin/sh\n").ok);
  EXPECT_FALSE(parse("\x7f" "ELF").ok);
  EXPECT_FALSE(is_script("#", 1));
  EXPECT_TRUE(is_script("#!", 2));
}

TEST(Shebang, NoInterpreterName) {
  EXPECT_FALSE(parse("#!\n").ok);
  EXPECT_FALSE(parse("#!  \t \nx").ok);
  EXPECT_FALSE(parse(std::string("#!") + std::string(300, ' ')).ok);  // blanks up to the limit
}

TEST(Shebang, ShortFileWithoutNewline) {
  Parsed p = parse("#!/bin/sh");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.interpreter, "/bin/sh");
  EXPECT_FALSE(p.has_argument);
  p = parse("#!/bin/sh -x");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.argument, "-x");
}

TEST(Shebang, ShortFileEndingInABlankHasAnEmptyArgument) {
  // Without a newline the line runs to the limit through the NUL padding, so nothing is trimmed: the
  // argument starts at the first padding NUL and is "" (Linux passes an empty argument).
  Parsed p = parse("#!/bin/sh ");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.interpreter, "/bin/sh");
  EXPECT_TRUE(p.has_argument);
  EXPECT_EQ(p.argument, "");
}

TEST(Shebang, BareMarkIsAnEmptyInterpreter) {
  Parsed p = parse("#!");  // Linux then opens "": ENOENT
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.interpreter, "");
}

TEST(Shebang, NulEndsTheNameAndDropsTheArgument) {
  Parsed p = parse(std::string("#!/bin/s\0h -x\n", 14));
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.interpreter, "/bin/s");
  EXPECT_FALSE(p.has_argument);
}

TEST(Shebang, NulEndsTheArgument) {
  Parsed p = parse(std::string("#!/bin/sh -x\0y\n", 15));
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.argument, "-x");
}

TEST(Shebang, LongArgumentIsCutAtTheLimit) {
  // No newline in the first 256 bytes: the line is the first 255, the argument what fits of them.
  Parsed p = parse("#!/bin/sh " + std::string(300, 'a') + "\n");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.interpreter, "/bin/sh");
  EXPECT_EQ(p.argument, std::string(255 - 10, 'a'));
}

TEST(Shebang, NewlineAtTheLastByteCounts) {
  std::string file = "#!/bin/sh " + std::string(245, 'a') + "\n";  // the newline is byte 255
  ASSERT_EQ(file.size(), 256u);
  Parsed p = parse(file);
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.argument, std::string(245, 'a'));
}

TEST(Shebang, InterpreterCutByTheLimitIsRefused) {
  EXPECT_FALSE(parse("#!/" + std::string(300, 'x') + "\n").ok);
  EXPECT_FALSE(parse("#!  /" + std::string(300, 'x')).ok);
}

TEST(Shebang, InterpreterEndingAtTheLastByte) {
  // Name in bytes 2..254 and a blank as byte 255: the terminator is within the limit.
  std::string name = "/" + std::string(252, 'x');
  Parsed p = parse("#!" + name + " -x and more past the limit\n");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.interpreter, name);
  EXPECT_FALSE(p.has_argument);  // the argument would start past the limit
  // One more character and the name reaches byte 255: cut off.
  EXPECT_FALSE(parse("#!" + name + "y -x\n").ok);
}

TEST(Shebang, ViewsPointIntoTheCallersBytes) {
  std::string file = "#!/bin/sh -e\n";
  auto result = parse_shebang(file.data(), file.size());
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result.value().interpreter.data(), file.data() + 2);
  EXPECT_EQ(result.value().argument.data(), file.data() + 10);
}

}  // namespace
}  // namespace cw

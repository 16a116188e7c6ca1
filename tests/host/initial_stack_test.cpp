// The Linux i386 initial stack (lib/initial_stack.h): walked here the way a C runtime walks it.
#include "lib/initial_stack.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace cw {
namespace {

constexpr uint32_t kTop = 0xC0000000;

class InitialStackTest : public ::testing::Test {
protected:
  // Builds the block for `args` then `env`, keeping it as the bytes of [esp, kTop).
  void build(const std::vector<std::string>& args, const std::vector<std::string>& env) {
    strings_.clear();
    for (const auto& s : args) strings_ += s + '\0';
    for (const auto& s : env) strings_ += s + '\0';
    spec_.stack_top = kTop;
    spec_.strings = strings_.data();
    spec_.strings_bytes = static_cast<uint32_t>(strings_.size());
    spec_.argc = static_cast<uint32_t>(args.size());
    spec_.envc = static_cast<uint32_t>(env.size());
    spec_.execfn = "/bin/prog";
    for (uint8_t i = 0; i < 16; ++i) spec_.random[i] = static_cast<uint8_t>(0xA0 + i);
    spec_.aux[0] = {AuxType::Pagesz, 4096};
    spec_.aux[1] = {AuxType::Entry, 0x08049000};
    spec_.aux_count = 2;
    auto size = initial_stack_size(spec_);
    ASSERT_TRUE(size.has_value());
    block_.assign(size.value(), 0xEE);
    auto esp = build_initial_stack(spec_, block_.data(), static_cast<uint32_t>(block_.size()));
    ASSERT_TRUE(esp.has_value());
    esp_ = esp.value();
    ASSERT_EQ(kTop - esp_, size.value());
  }
  uint32_t word(uint32_t address) const {
    EXPECT_GE(address, esp_);
    EXPECT_LE(address + 4, kTop);
    uint32_t v;
    std::memcpy(&v, block_.data() + (address - esp_), 4);
    return v;
  }
  std::string string_at(uint32_t address) const {
    EXPECT_GE(address, esp_);
    EXPECT_LT(address, kTop);
    return std::string(reinterpret_cast<const char*>(block_.data() + (address - esp_)));
  }
  // The value of aux entry `type`, or -1 if absent; walks from after envp's NULL.
  int64_t aux(AuxType type, uint32_t auxv) const {
    for (uint32_t p = auxv;; p += 8) {
      if (word(p) == static_cast<uint32_t>(type)) return word(p + 4);
      if (word(p) == 0) return -1;
    }
  }

  InitialStackSpec spec_;
  std::string strings_;
  std::vector<uint8_t> block_;
  uint32_t esp_ = 0;
};

TEST_F(InitialStackTest, ArgcArgvEnvpAuxvInLinuxOrder) {
  build({"prog", "-x", "hello world"}, {"HOME=/", "TERM=linux"});
  EXPECT_EQ(esp_ % 16, 0u);
  EXPECT_EQ(word(esp_), 3u);
  EXPECT_EQ(string_at(word(esp_ + 4)), "prog");
  EXPECT_EQ(string_at(word(esp_ + 8)), "-x");
  EXPECT_EQ(string_at(word(esp_ + 12)), "hello world");
  EXPECT_EQ(word(esp_ + 16), 0u);
  EXPECT_EQ(string_at(word(esp_ + 20)), "HOME=/");
  EXPECT_EQ(string_at(word(esp_ + 24)), "TERM=linux");
  EXPECT_EQ(word(esp_ + 28), 0u);
  uint32_t auxv = esp_ + 32;
  EXPECT_EQ(aux(AuxType::Pagesz, auxv), 4096);
  EXPECT_EQ(aux(AuxType::Entry, auxv), 0x08049000);
  EXPECT_EQ(string_at(static_cast<uint32_t>(aux(AuxType::Execfn, auxv))), "/bin/prog");
  EXPECT_EQ(string_at(static_cast<uint32_t>(aux(AuxType::Platform, auxv))), "i686");
  auto random = static_cast<uint32_t>(aux(AuxType::Random, auxv));
  for (uint32_t i = 0; i < 16; ++i) EXPECT_EQ(block_[random - esp_ + i], 0xA0 + i);
  EXPECT_EQ(aux(AuxType::Hwcap, auxv), -1);
}

TEST_F(InitialStackTest, StringsSitAtTheTopBelowTheEndMarker) {
  build({"a"}, {"B=1"});
  EXPECT_EQ(word(kTop - 4), 0u);
  EXPECT_EQ(string_at(kTop - 4 - 10), "/bin/prog");
  // Linux order, ascending: argv strings, envp strings, execfn.
  EXPECT_EQ(string_at(kTop - 4 - 10 - 4), "B=1");
  EXPECT_EQ(string_at(kTop - 4 - 10 - 4 - 2), "a");
}

TEST_F(InitialStackTest, NoEnvironmentStillHasBothNulls) {
  build({"only"}, {});
  EXPECT_EQ(word(esp_), 1u);
  EXPECT_EQ(string_at(word(esp_ + 4)), "only");
  EXPECT_EQ(word(esp_ + 8), 0u);
  EXPECT_EQ(word(esp_ + 12), 0u);
  EXPECT_EQ(word(esp_ + 16), static_cast<uint32_t>(AuxType::Pagesz));
}

TEST_F(InitialStackTest, NoArgumentsAtAll) {
  build({}, {"X=y"});
  EXPECT_EQ(word(esp_), 0u);
  EXPECT_EQ(word(esp_ + 4), 0u);
  EXPECT_EQ(string_at(word(esp_ + 8)), "X=y");
  EXPECT_EQ(word(esp_ + 12), 0u);
}

TEST_F(InitialStackTest, LargeBlocksKeepEveryString) {
  std::vector<std::string> args;
  for (int i = 0; i < 2000; ++i) args.push_back("argument-" + std::to_string(i) + std::string(20, 'x'));
  build(args, {"LONG=" + std::string(4000, 'v')});
  ASSERT_GT(block_.size(), 32u * 1024);
  EXPECT_EQ(word(esp_), 2000u);
  for (uint32_t i = 0; i < 2000; ++i) EXPECT_EQ(string_at(word(esp_ + 4 + 4 * i)), args[i]);
  EXPECT_EQ(string_at(word(esp_ + 4 + 4 * 2001)).size(), 4005u);
}

TEST_F(InitialStackTest, RefusesStringsThatDoNotMatchTheCounts) {
  InitialStackSpec spec;
  spec.stack_top = kTop;
  spec.strings = "a\0b";  // the second string has no NUL inside strings_bytes
  spec.strings_bytes = 3;
  spec.argc = 2;
  EXPECT_EQ(initial_stack_size(spec).error(), Error::InvalidArgument);
  spec.strings_bytes = 4;
  EXPECT_TRUE(initial_stack_size(spec).has_value());
  spec.argc = 3;
  EXPECT_EQ(initial_stack_size(spec).error(), Error::InvalidArgument);
}

TEST_F(InitialStackTest, RefusesASmallBuffer) {
  InitialStackSpec spec;
  spec.stack_top = kTop;
  uint8_t small[16];
  EXPECT_EQ(build_initial_stack(spec, small, sizeof(small)).error(), Error::TooBig);
}

}  // namespace
}  // namespace cw

// Host tests of the policy simulator: the trace format, the LRU and OPT references on textbook strings
// with known answers, the kernel-policy replay, and the CSV interface of policysim_main.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tools/policysim/cli.h"
#include "tools/policysim/kernel_policy_sim.h"
#include "tools/policysim/lru_sim.h"
#include "tools/policysim/opt_sim.h"
#include "tools/policysim/policy_menu.h"
#include "tools/policysim/trace.h"

namespace cw::policysim {
namespace {

Trace parse(const std::string& text) {
  std::istringstream in(text);
  Trace trace;
  std::string error;
  EXPECT_TRUE(read_trace(in, trace, error)) << error;
  return trace;
}

// "7 0 1 ..." as a read-only trace.
Trace from_words(const std::string& words) {
  std::istringstream in(words);
  std::string text, word;
  while (in >> word) text += word + "\n";
  return parse(text);
}

// Silberschatz, Galvin, Gagne, Operating System Concepts, 9.4: in 3 frames FIFO 15, LRU 12, OPT 9.
const char* const kTextbook = "7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1";

TEST(policysim_trace, ParsesReadsWritesAndSkipsBlankLines) {
  Trace t = parse("5\n\n7 W\n  \n5 R\n18446744073709551615\r\n");
  ASSERT_EQ(t.pages.size(), 4u);
  EXPECT_EQ(t.distinct, 3u);
  EXPECT_EQ(t.pages, (std::vector<uint32_t>{0, 1, 0, 2}));
  EXPECT_EQ(t.writes, (std::vector<bool>{false, true, false, false}));
}

TEST(policysim_trace, MalformedLinesAreErrorsNamingTheLine) {
  for (const char* bad : {"1\n2\nx\n", "1\n2\n3 w\n", "1\n2\n3 RW\n", "1\n2\n-3\n", "1\n2\n3  W\n",
                          "1\n2\n18446744073709551616\n"}) {
    std::istringstream in(bad);
    Trace t;
    std::string error;
    EXPECT_FALSE(read_trace(in, t, error)) << bad;
    EXPECT_EQ(error.rfind("line 3: ", 0), 0u) << error;
  }
}

TEST(policysim_lru, TextbookString) {
  Trace t = from_words(kTextbook);
  EXPECT_EQ(simulate_lru(t, 3).faults, 12u);
  EXPECT_EQ(simulate_lru(t, 4).faults, 8u);
  EXPECT_EQ(simulate_lru(t, 1).faults, 20u);  // no two adjacent references repeat a page
}

TEST(policysim_opt, TextbookString) {
  Trace t = from_words(kTextbook);
  EXPECT_EQ(simulate_opt(t, 3).faults, 9u);
  EXPECT_EQ(simulate_opt(t, 4).faults, 8u);
  EXPECT_EQ(simulate_opt(t, 6).faults, 6u);  // six distinct pages: cold misses only
}

TEST(policysim_opt, NeverWorseThanLruAndLruIsAStackAlgorithm) {
  Trace t = from_words("1 2 3 4 1 2 5 1 2 3 4 5 3 3 2 6 1 6 4 5 2 1 7 1 3 2 4 7");
  uint64_t previous = UINT64_MAX;
  for (uint32_t frames = 1; frames <= 8; ++frames) {
    uint64_t lru = simulate_lru(t, frames).faults;
    EXPECT_LE(simulate_opt(t, frames).faults, lru);
    EXPECT_LE(lru, previous);  // the inclusion property: more frames never fault more
    previous = lru;
  }
}

TEST(policysim_lru, CountsAWriteBackWhenADirtyPageIsEvicted) {
  // 1 is written, then pushed out by 2 and 3 in two frames; 2 is evicted clean; 3 stays resident.
  Trace t = parse("1 W\n2\n3\n1\n");
  SimCounts c = simulate_lru(t, 2);
  EXPECT_EQ(c.faults, 4u);
  EXPECT_EQ(c.writebacks, 1u);  // 1 (dirty); then 2 is evicted for the reloaded 1, clean
  EXPECT_EQ(simulate_opt(t, 2).writebacks, 0u);  // OPT keeps 1 and evicts 2, the one never used again
}

TEST(policysim_kernel, SecondChanceOnTheTextbookString) {
  // CLOCK here: 7 0 1 fill; 2 sweeps all three bits and takes 7; ... a hand-traced count of 14.
  Trace t = from_words(kTextbook);
  SimCounts c;
  ASSERT_TRUE(simulate_kernel_policy(mm::PolicyKind::SecondChance, t, 3, c));
  EXPECT_EQ(c.faults, 14u);
  ASSERT_TRUE(simulate_kernel_policy(mm::PolicyKind::Fifo, t, 3, c));
  EXPECT_EQ(c.faults, 15u);
}

TEST(policysim_kernel, DirtyVictimsAreWriteBacks) {
  Trace t = parse("1 W\n2 W\n3\n4\n5\n");  // in two frames every page is evicted once it is old
  SimCounts c;
  ASSERT_TRUE(simulate_kernel_policy(mm::PolicyKind::Fifo, t, 2, c));
  EXPECT_EQ(c.faults, 5u);
  EXPECT_EQ(c.writebacks, 2u);
}

TEST(policysim_menu, NamesSizesAndTheDefaultAlias) {
  std::vector<SimPolicy> p;
  std::string error;
  ASSERT_TRUE(parse_policy_list("default,lru,opt,fifo", p, error));
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[0].kind, mm::kDefaultPolicy);
  EXPECT_EQ(p[1].engine, Engine::Lru);
  EXPECT_EQ(p[2].engine, Engine::Opt);
  EXPECT_EQ(p[3].kind, mm::PolicyKind::Fifo);
  EXPECT_FALSE(parse_policy_list("fifo,,lru", p, error));
  EXPECT_FALSE(parse_policy_list("belady", p, error));
  EXPECT_NE(error.find("belady"), std::string::npos);

  std::vector<uint32_t> sizes;
  ASSERT_TRUE(parse_sizes("100,200,2400", sizes, error));
  EXPECT_EQ(sizes, (std::vector<uint32_t>{100, 200, 2400}));
  for (const char* bad : {"", "0", "10,", "1e3", "-5", "99999999999", "100000"}) {
    EXPECT_FALSE(parse_sizes(bad, sizes, error)) << bad;
  }
  for (const SimPolicy& each : all_policies()) EXPECT_TRUE(parse_policy_list(each.name, p, error)) << each.name;
}

// Runs policysim_main on a trace written to a temporary file, named for the test and the process: CTest
// runs each test in a process of its own, in parallel, and a shared name let one test read another's
// trace half-written.
int run(const std::string& trace, std::vector<std::string> args, std::string& out, std::string& err) {
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string path =
      ::testing::TempDir() + "policysim_test." + test->name() + "." + std::to_string(getpid()) + ".trace";
  {
    std::ofstream f(path);
    f << trace;
  }
  std::vector<const char*> argv = {"policysim", "--trace", path.c_str()};
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream o, e;
  int status = policysim_main(static_cast<int>(argv.size()), argv.data(), o, e);
  out = o.str();
  err = e.str();
  std::remove(path.c_str());
  return status;
}

TEST(policysim_cli, PrintsHeaderAndOneRowPerPolicyAndSize) {
  std::string out, err;
  ASSERT_EQ(run("1\n2\n3\n4 W\n1\n2\n5\n1\n2\n3\n4\n5\n", {"--sizes", "3,4", "--policies", "lru,opt,fifo"},
                out, err), 0) << err;
  EXPECT_EQ(out,
            "policy,size,faults,writebacks\n"
            "lru,3,10,1\nlru,4,8,1\n"
            "opt,3,7,1\nopt,4,6,1\n"
            "fifo,3,9,1\nfifo,4,10,1\n");
  EXPECT_EQ(err, "");
}

TEST(policysim_cli, DefaultRunsEveryPolicy) {
  std::string out, err;
  ASSERT_EQ(run("1\n2\n1\n", {"--sizes", "1"}, out, err), 0) << err;
  std::string expected = "policy,size,faults,writebacks\n";
  for (const SimPolicy& p : all_policies()) expected += p.name + ",1,3,0\n";
  EXPECT_EQ(out, expected);
}

TEST(policysim_cli, BadLineIsAnErrorNamingIt) {
  std::string out, err;
  EXPECT_EQ(run("1\n\n2 X\n", {"--sizes", "2"}, out, err), 1);
  EXPECT_EQ(out, "");
  EXPECT_NE(err.find("line 3: "), std::string::npos) << err;
  EXPECT_NE(err.find("'2 X'"), std::string::npos) << err;
}

TEST(policysim_cli, BadCommandLinesAreUsageErrors) {
  std::string out, err;
  EXPECT_EQ(run("1\n", {}, out, err), 2);
  EXPECT_EQ(run("1\n", {"--sizes", "0"}, out, err), 2);
  EXPECT_EQ(run("1\n", {"--sizes", "2", "--policies", "nope"}, out, err), 2);
  EXPECT_EQ(run("1\n", {"--sizes", "2", "--bogus", "x"}, out, err), 2);
  EXPECT_EQ(run("1\n", {"--sizes"}, out, err), 2);
  EXPECT_EQ(out, "");
}

}  // namespace
}  // namespace cw::policysim

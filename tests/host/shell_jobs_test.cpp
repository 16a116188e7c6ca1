// Host tests for procs/shell_jobs: job numbers (lowest free from 1, reused after a job ends), a full
// table, and the command text kept for the "[N] done  COMMAND" line, cut with "..." when too long.
#include "procs/shell_jobs.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace shell {
namespace {

// `words` as a nullptr-terminated argv that stays valid while the vector lives.
std::vector<char*> argv_of(std::vector<std::string>& words) {
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  return argv;
}

int add(JobTable& jobs, int pid, std::vector<std::string> words) {
  auto argv = argv_of(words);
  return jobs.add(pid, argv.data());
}

TEST(shell_jobs, NumbersAreTheLowestFreeFromOne) {
  JobTable jobs;
  EXPECT_EQ(add(jobs, 10, {"counter", "5"}), 1);
  EXPECT_EQ(add(jobs, 11, {"counter"}), 2);
  EXPECT_EQ(add(jobs, 12, {"t_exit", "3"}), 3);
  Job job;
  ASSERT_TRUE(jobs.take(11, &job));
  EXPECT_EQ(job.number, 2);
  EXPECT_EQ(job.pid, 11);
  EXPECT_STREQ(job.command, "counter");
  EXPECT_EQ(add(jobs, 13, {"hello"}), 2);  // 2 is free again
  EXPECT_EQ(add(jobs, 14, {"hello"}), 4);
}

TEST(shell_jobs, TakeFindsOnlyKnownPidsAndOnlyOnce) {
  JobTable jobs;
  EXPECT_EQ(add(jobs, 7, {"mbox_consumer", "box1", "20"}), 1);
  Job job;
  EXPECT_FALSE(jobs.take(8, &job));
  ASSERT_TRUE(jobs.take(7, &job));
  EXPECT_STREQ(job.command, "mbox_consumer box1 20");
  EXPECT_FALSE(jobs.take(7, &job));
}

TEST(shell_jobs, FullTableRefusesMore) {
  JobTable jobs;
  for (int i = 0; i < static_cast<int>(kMaxJobs); ++i) {
    EXPECT_FALSE(jobs.full());
    EXPECT_EQ(add(jobs, 100 + i, {"counter"}), i + 1);
  }
  EXPECT_TRUE(jobs.full());
  EXPECT_EQ(add(jobs, 200, {"counter"}), 0);
  Job job;
  ASSERT_TRUE(jobs.take(103, &job));
  EXPECT_FALSE(jobs.full());
  EXPECT_EQ(add(jobs, 201, {"counter"}), 4);
}

TEST(shell_jobs, LongCommandsAreCutWithDots) {
  JobTable jobs;
  std::string long_word(100, 'x');
  EXPECT_EQ(add(jobs, 5, {"hello", long_word}), 1);
  Job job;
  ASSERT_TRUE(jobs.take(5, &job));
  std::string command = job.command;
  ASSERT_EQ(command.size(), kJobCommandMax - 1);
  EXPECT_EQ(command, "hello " + std::string(kJobCommandMax - 1 - 6 - 3, 'x') + "...");
}

TEST(shell_jobs, ACommandThatJustFitsIsKeptWhole) {
  JobTable jobs;
  std::string word(kJobCommandMax - 1 - 6, 'y');
  EXPECT_EQ(add(jobs, 5, {"hello", word}), 1);
  Job job;
  ASSERT_TRUE(jobs.take(5, &job));
  EXPECT_EQ(std::string(job.command), "hello " + word);
}

}  // namespace
}  // namespace shell

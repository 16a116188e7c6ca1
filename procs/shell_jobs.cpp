#include "procs/shell_jobs.h"

#include "lib/format.h"

using namespace cw;

namespace shell {

namespace {

// Joins `words` into `out`, ending in "..." if they do not fit.
void join_words(char* const* words, char (&out)[kJobCommandMax]) {
  BufferSink sink(out, sizeof(out));
  for (size_t i = 0; words[i] != nullptr; ++i) format(sink, i == 0 ? "{}" : " {}", words[i]);
  if (sink.truncated()) {
    constexpr size_t kDots = 3;
    for (size_t i = sizeof(out) - 1 - kDots; i < sizeof(out) - 1; ++i) out[i] = '.';
  }
}

}  // namespace

bool JobTable::full() const {
  for (const Job& job : jobs_)
    if (job.number == 0) return false;
  return true;
}

int JobTable::add(int pid, char* const* words) {
  // The lowest number not in use: with kMaxJobs entries, one of 1..kMaxJobs is free unless the table is.
  for (int number = 1; number <= static_cast<int>(kMaxJobs); ++number) {
    bool taken = false;
    for (const Job& job : jobs_) taken = taken || job.number == number;
    if (taken) continue;
    for (Job& job : jobs_) {
      if (job.number != 0) continue;
      job.number = number;
      job.pid = pid;
      join_words(words, job.command);
      return number;
    }
  }
  return 0;
}

bool JobTable::take(int pid, Job* out) {
  for (Job& job : jobs_) {
    if (job.number == 0 || job.pid != pid) continue;
    *out = job;
    job = Job{};
    return true;
  }
  return false;
}

}  // namespace shell

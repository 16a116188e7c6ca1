#include "procs/shell_jobs.h"

#include "lib/abi/syscall_numbers.h"
#include "procs/lib/print.h"
#include "procs/lib/syscall.h"
#include "procs/lib/wait.h"

using namespace cw;
using namespace cw::user;

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

void report_finished_jobs(JobTable& jobs) {
  for (;;) {
    int status = 0;
    auto pid = sys::waitpid(-1, &status, abi::kWaitNoHang);
    if (!pid || pid.value() == 0) return;  // ECHILD: no children at all; 0: none has ended yet
    Job job;
    if (!jobs.take(pid.value(), &job)) {
      // A foreground child whose waitpid failed: the only other kind of child the shell has.
      print("[?] pid {} ended\n", pid.value());
      continue;
    }
    if (WIFSIGNALED(status)) print("[{}] killed by signal {}  {}\n", job.number, WTERMSIG(status), job.command);
    else if (WEXITSTATUS(status) != 0) print("[{}] exit {}  {}\n", job.number, WEXITSTATUS(status), job.command);
    else print("[{}] done  {}\n", job.number, job.command);
  }
}

}  // namespace shell

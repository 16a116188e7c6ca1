// The shell's background jobs: each one started with a trailing '&' gets the lowest free job number from
// 1 (as in sh) and keeps its command text, so that shell.cpp can report its end as
//   [1] done  counter 5 200          exit status 0
//   [1] exit 3  t_exit 3             another exit status
//   [1] killed by signal 15  counter a signal
// Bookkeeping only (no system calls), so the host tests build it natively.
#pragma once

#include <cstddef>

namespace shell {

inline constexpr size_t kMaxJobs = 8;
inline constexpr size_t kJobCommandMax = 64;  // longer command texts are cut, with "..."

struct Job {
  int number = 0;  // 0: this entry is free
  int pid = 0;
  char command[kJobCommandMax] = {};
};

class JobTable {
public:
  bool full() const;
  // Records a started job: `words` (nullptr-terminated) joined with spaces. Returns its number, or 0 if
  // the table is full.
  int add(int pid, char* const* words);
  // Removes the job with `pid` into *out. False if no job has that pid.
  bool take(int pid, Job* out);

private:
  Job jobs_[kMaxJobs];
};

}  // namespace shell

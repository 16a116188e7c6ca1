// fork and waitpid for test programs (procs/lib/test.h): the test fails when either call does, so a test
// reads as the steps it checks. Shared by t_fork and t_startup.
#pragma once

#include "procs/lib/print.h"
#include "procs/lib/syscall.h"
#include "procs/lib/test.h"
#include "procs/lib/wait.h"

namespace cw::user {

// Flushes buffered output first, so that the child does not print the parent's pending text again.
inline int fork_or_fail() {
  flush_output();
  auto pid = sys::fork();
  if (!pid) fail_test("fork: {}", pid.error());
  return pid.value();
}

// Waits for `pid` and returns its waitpid status word.
inline int wait_status(int pid) {
  int status = 0;
  auto reaped = sys::waitpid(pid, &status, 0);
  if (!reaped || reaped.value() != pid) fail_test("waitpid({}) failed", pid);
  return status;
}

// Fails the test unless `pid` exited with status 0.
inline void expect_child_ok(int pid, const char* what) {
  int status = wait_status(pid);
  check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "{}: child status {:#x}", what, status);
}

}  // namespace cw::user

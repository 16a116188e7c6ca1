#include "procs/lib/fork_wait.h"

#include "procs/lib/print.h"
#include "procs/lib/syscall.h"
#include "procs/lib/test.h"
#include "procs/lib/wait.h"

namespace cw::user {

int fork_or_fail() {
  flush_output();
  auto pid = sys::fork();
  if (!pid) fail_test("fork: {}", pid.error());
  return pid.value();
}

int wait_status(int pid) {
  int status = 0;
  auto reaped = sys::waitpid(pid, &status, 0);
  if (!reaped || reaped.value() != pid) fail_test("waitpid({}) failed", pid);
  return status;
}

void expect_child_ok(int pid, const char* what) {
  int status = wait_status(pid);
  check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "{}: child status {:#x}", what, status);
}

}  // namespace cw::user

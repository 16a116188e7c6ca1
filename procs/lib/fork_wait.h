// fork and waitpid for test programs (procs/lib/test.h conventions): each fails the test on an error.
#pragma once

namespace cw::user {

// Flushes print()'s buffer (so the child does not print it again), then forks; returns the child's pid
// in the parent and 0 in the child.
int fork_or_fail();
// Waits for child `pid` and returns its waitpid status word (procs/lib/wait.h decodes it).
int wait_status(int pid);
// Waits for child `pid`; it must have exited with status 0. `what` names it in the failure message.
void expect_child_ok(int pid, const char* what);

}  // namespace cw::user

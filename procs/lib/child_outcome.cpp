#include "procs/lib/child_outcome.h"

#include "procs/lib/syscall.h"
#include "procs/lib/test.h"
#include "procs/lib/wait.h"

namespace cw::user {

int run_child(const char* program, const char* kind) {
  const char* argv[] = {program, kind, nullptr};
  auto pid = sys::spawn(program, argv);
  if (!pid) fail_test("{}: spawn: {}", kind, pid.error());
  int status = 0;
  auto waited = sys::waitpid(pid.value(), &status, 0);
  if (!waited) fail_test("{}: waitpid: {}", kind, waited.error());
  check(waited.value() == pid.value(), "{}: waitpid returned pid {}, expected {}", kind, waited.value(),
        pid.value());
  return status;
}

void expect_killed_by(const char* program, const char* kind, int signal) {
  int status = run_child(program, kind);
  if (WIFEXITED(status))
    fail_test("{}: exited with status {}, expected signal {}", kind, WEXITSTATUS(status), signal);
  check(WTERMSIG(status) == signal, "{}: killed by signal {}, expected {}", kind, WTERMSIG(status), signal);
  msg("{}: killed by signal {}", kind, WTERMSIG(status));
}

void expect_exit(const char* program, const char* kind, int code) {
  int status = run_child(program, kind);
  if (WIFSIGNALED(status)) fail_test("{}: killed by signal {}, expected exit {}", kind, WTERMSIG(status), code);
  check(WEXITSTATUS(status) == code, "{}: exited with {}, expected {}", kind, WEXITSTATUS(status), code);
  msg("{}: exited with {}", kind, code);
}

}  // namespace cw::user

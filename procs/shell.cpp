// shell: the interactive command interpreter.
//
//   $ counter 5 200 &        runs program "counter" from the image with argv {"counter", "5", "200"}
//   [1] 7                    ... in the background (trailing '&'): job 1, pid 7. Before a later prompt:
//   [1] done  counter 5 200
//   $ t_exit 3
//   t_exit: exiting with status 3
//   [exit 3]                 a foreground program's non-zero exit status, or [killed by signal S]
//   $ hello "two words" it\'s
//
// Words are split with sh-like quoting (procs/lib/shell_words.h). While the shell waits for a
// foreground program, that program is the console's foreground process (ioctl TIOCSPGRP), so ctrl-C
// kills it with SIGINT and the shell reports "[killed by signal 2]". The shell never makes itself the
// foreground process (it has no way to ignore SIGINT), so at the prompt ctrl-C only discards the line.
//
// Builtins (shell_builtins.cpp): help, ls, ps, kill, vmstat, pt, halt, exit; they always run in the
// shell itself, a trailing '&' notwithstanding. The prompt is "$ ". The
// shell exits at `exit` or at the end of its input (a pipe on a Linux host; the Clockwork console never
// ends), with the last command's status: its exit code, or 128 + signal if it was killed.
#include "lib/abi/syscall_numbers.h"
#include "procs/lib/print.h"
#include "procs/lib/readline.h"
#include "procs/lib/shell_words.h"
#include "procs/lib/syscall.h"
#include "procs/lib/wait.h"
#include "procs/shell.h"
#include "procs/shell_jobs.h"

using namespace cw;
using namespace cw::user;

namespace {

constexpr size_t kLineMax = 160;
constexpr size_t kMaxWords = 17;  // 16 words + the terminating nullptr

shell::JobTable jobs;

// Reaps every background job that has ended (waitpid with WNOHANG) and prints its line (shell_jobs.h).
void report_finished_jobs() {
  for (;;) {
    int status = 0;
    auto pid = sys::waitpid(-1, &status, abi::kWaitNoHang);
    if (!pid || pid.value() == 0) return;  // ECHILD: no children at all; 0: none has ended yet
    shell::Job job;
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

// Makes `pid` the console's foreground process. Off the Clockwork console (a pipe on a Linux host)
// there is no terminal, ENOTTY, and nothing to do.
void set_foreground(int pid) {
  auto r = sys::ioctl(0, abi::kTiocSpgrp, &pid);
  if (!r && r.error() != Error::NotTty) eprint("shell: cannot give the console to pid {}: {}\n", pid, r.error());
}

int run_foreground(int pid) {
  set_foreground(pid);
  int status = 0;
  if (auto waited = sys::waitpid(pid, &status, 0); !waited) {
    eprint("shell: waitpid {}: {}\n", pid, waited.error());
    return 1;
  }
  if (WIFSIGNALED(status)) print("[killed by signal {}]\n", WTERMSIG(status));
  else if (WEXITSTATUS(status) != 0) print("[exit {}]\n", WEXITSTATUS(status));
  return shell_status(status);
}

int run_program(char** words, bool background) {
  if (background && jobs.full()) {
    eprint("shell: too many background jobs (at most {})\n", shell::kMaxJobs);
    return 1;
  }
  // Each job leads a process group of its own, which the console signals (ctrl-C, ctrl-Z).
  auto pid = sys::spawn(words[0], words, abi::kSpawnNewGroup);
  if (!pid) {
    eprint("shell: {}: {}\n", words[0], pid.error());
    return pid.error() == Error::NotFound ? 127 : 126;
  }
  if (!background) return run_foreground(pid.value());
  print("[{}] {}\n", jobs.add(pid.value(), words), pid.value());
  return 0;
}

}  // namespace

int main() {
  char line[kLineMax];
  char* words[kMaxWords];
  int status = 0;
  print("Clockwork shell; 'help' lists the commands.\n");
  for (;;) {
    report_finished_jobs();
    print("$ ");
    auto input = readline(line, sizeof(line));
    if (!input) {
      eprint("shell: read: {}\n", input.error());
      return 1;
    }
    if (input.value().truncated) {
      eprint("shell: line too long (at most {} characters)\n", kLineMax - 1);
      status = 2;
      continue;
    }
    auto split = split_shell_words(line, words, kMaxWords);
    if (!split) {
      if (split.error() == WordsError::TooManyWords) eprint("shell: too many words (at most {})\n", kMaxWords - 1);
      else eprint("shell: {}\n", describe(split.error()));
      status = 2;
    } else if (split.value().count > 0) {
      int argc = static_cast<int>(split.value().count);
      auto builtin = shell::run_builtin(argc, words, &status);
      if (builtin == shell::Builtin::Exit) return status;
      if (builtin == shell::Builtin::NotBuiltin) status = run_program(words, split.value().background);
    }
    if (input.value().end_of_input) {
      print("\n");
      return status;
    }
  }
}

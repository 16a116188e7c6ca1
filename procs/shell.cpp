// shell: the interactive command interpreter.
//
//   $ counter 5 200 &        runs program "counter" from the image with argv {"counter", "5", "200"}
//   [7] counter              ... in the background (trailing '&'); reaped before a later prompt:
//   [7] done
//   $ t_exit 3
//   t_exit: exiting with status 3
//   [exit 3]                 a foreground program's non-zero exit status, or [killed by signal S]
//
// Builtins (shell_builtins.cpp): help, ls, ps, kill, vmstat, pt, halt, exit. The prompt is "$ ". The
// shell exits at `exit` or at the end of its input (a pipe on a Linux host; the Clockwork console never
// ends), with the last command's status: its exit code, or 128 + signal if it was killed.
#include "procs/lib/args.h"
#include "procs/lib/print.h"
#include "procs/lib/readline.h"
#include "lib/c_string.h"
#include "procs/lib/syscall.h"
#include "procs/lib/wait.h"
#include "procs/shell.h"

using namespace cw;
using namespace cw::user;

namespace {

constexpr size_t kLineMax = 160;
constexpr size_t kMaxWords = 17;  // 16 words + the terminating nullptr

// "[exit 3]" / "[killed by signal 11]" for a status worth mentioning; nothing for exit 0.
void print_status_suffix(int status, const char* before) {
  if (WIFSIGNALED(status)) print("{}[killed by signal {}]", before, WTERMSIG(status));
  else if (WEXITSTATUS(status) != 0) print("{}[exit {}]", before, WEXITSTATUS(status));
}

// Reaps finished background jobs without blocking and reports each.
void reap_background() {
  for (;;) {
    int status = 0;
    auto pid = sys::waitpid(-1, &status, abi::kWaitNoHang);
    if (!pid || pid.value() == 0) return;  // ECHILD: no children at all; 0: none finished yet
    print("[{}] done", pid.value());
    print_status_suffix(status, " ");
    print("\n");
  }
}

// Strips a trailing "&" (a word of its own or glued to the last word). Returns true if there was one.
bool take_background_marker(char** words, size_t* count) {
  if (*count == 0) return false;
  char* last = words[*count - 1];
  size_t length = strlen(last);
  if (last[length - 1] != '&') return false;
  last[length - 1] = '\0';
  if (length == 1) words[--*count] = nullptr;
  return true;
}

int run_program(char** words, bool background) {
  auto pid = sys::spawn(words[0], words);
  if (!pid) {
    eprint("shell: {}: {}\n", words[0], pid.error());
    return pid.error() == Error::NotFound ? 127 : 126;
  }
  if (background) {
    print("[{}] {}\n", pid.value(), words[0]);
    return 0;
  }
  int status = 0;
  if (auto waited = sys::waitpid(pid.value(), &status, 0); !waited) {
    eprint("shell: waitpid {}: {}\n", pid.value(), waited.error());
    return 1;
  }
  print_status_suffix(status, "");
  if (status != 0) print("\n");
  return shell_status(status);
}

}  // namespace

int main() {
  char line[kLineMax];
  char* words[kMaxWords];
  int status = 0;
  print("Clockwork shell; 'help' lists the commands.\n");
  for (;;) {
    reap_background();
    print("$ ");
    auto input = readline(line, sizeof(line));
    if (!input) {
      eprint("shell: read: {}\n", input.error());
      return 1;
    }
    if (input.value().truncated) {
      eprint("shell: line too long (at most {} characters)\n", kLineMax - 1);
      continue;
    }
    size_t count = split_words(line, words, kMaxWords);
    if (count == kMaxWords) {
      eprint("shell: too many words (at most {})\n", kMaxWords - 1);
      continue;
    }
    bool background = take_background_marker(words, &count);
    if (count > 0) {
      auto builtin = shell::run_builtin(static_cast<int>(count), words, &status);
      if (builtin == shell::Builtin::Exit) return status;
      if (builtin == shell::Builtin::NotBuiltin) status = run_program(words, background);
    }
    if (input.value().end_of_input) {
      print("\n");
      return status;
    }
  }
}

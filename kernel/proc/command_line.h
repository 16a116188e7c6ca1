// A process's command line as /proc/PID/cmdline shows it: the argument strings of the program it runs,
// each NUL-terminated, back to back (Linux reads them from the process's memory between arg_start and
// arg_end; Clockwork keeps the copy execve or spawn made, so reading it needs neither the other process's
// page tables nor a fault that might sleep, and a program that rewrites its argv does not change it).
// fork copies it; execve replaces it.
#pragma once

#include <cstdint>

#include "kernel/proc/exec_args.h"
#include "lib/result.h"
#include "lib/string_view.h"

namespace cw::proc {

class CommandLine {
public:
  CommandLine() = default;
  CommandLine(const CommandLine&) = delete;
  CommandLine& operator=(const CommandLine&) = delete;
  ~CommandLine();

  // A command line holding the arguments of `args` (not the environment), or a copy of `other`, in
  // `out` (replaced; nothing changes on error). Errors: NoMemory.
  static Result<void> make(const ExecArgs& args, CommandLine& out);
  static Result<void> copy(const CommandLine& other, CommandLine& out);
  // Takes over `other`'s text, which becomes empty.
  void take(CommandLine& other);

  StringView text() const { return StringView(text_ ? text_ : "", length_); }

private:
  Result<void> assign(const char* text, uint32_t length);

  char* text_ = nullptr;
  uint32_t length_ = 0;
};

}  // namespace cw::proc

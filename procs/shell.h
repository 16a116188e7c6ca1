// Internal interface between the shell's command loop (shell.cpp) and its builtins (shell_builtins.cpp).
#pragma once

namespace shell {

enum class Builtin {
  NotBuiltin,  // argv[0] is not a builtin: run it as a program
  Done,        // ran; *status holds its result (0 ok, 1 error, 2 usage)
  Exit,        // `exit`: leave the shell with *status
};

// Runs argv[0] as a builtin if it is one. `status` holds the previous command's status on entry (the
// default for `exit`) and receives the builtin's.
Builtin run_builtin(int argc, char** argv, int* status);

}  // namespace shell

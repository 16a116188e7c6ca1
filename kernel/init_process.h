// The first user process: `init=NAME ARGS...` on the command line (default: the shell). The kernel waits
// for it; when it exits the kernel prints "init exited with status N" (N = exit code, or 128 + signal if it
// was killed) and powers off with that status, so a test can boot an image that runs one program and read
// its result.
#pragma once

#include "lib/cmdline.h"

namespace cw {

[[noreturn]] void run_init(const CommandLine& cmdline);

}  // namespace cw

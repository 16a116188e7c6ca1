// The environment of the processes the kernel starts itself (init, and spawn, which has no envp): the
// kernel command line's `env=NAME=VALUE` options, in order (repeat the option for several variables),
// after the defaults Linux gives init (HOME=/ and TERM=linux) unless the command line sets those names.
#pragma once

#include "kernel/proc/exec_args.h"
#include "lib/cmdline.h"

namespace cw::proc {

// Records the command line's variables (the CommandLine must outlive the kernel: it is the boot copy).
void set_boot_environment(const CommandLine& cmdline);

// Appends the boot environment to `args`. Errors: TooBig, NoMemory.
Result<void> add_boot_environment(ExecArgs& args);

}  // namespace cw::proc

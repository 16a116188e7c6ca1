// execve(2): replaces the calling process's image with a program from the program directory, found by
// its path in the name space (/bin/NAME, or a relative path from the working directory, or a symlink
// such as /proc/self/exe).
#pragma once

#include "kernel/proc/exec_args.h"
#include "lib/result.h"
#include "lib/string_view.h"

namespace cw::proc {

// The program-directory name of the program `path` names from the caller's working directory, pointing
// into the program directory (valid for the kernel's lifetime). Errors: those of the walk (NotFound,
// NotDirectory, SymlinkLoop, NameTooLong), AccessDenied (a directory, a device, a file without an
// execute bit), BadExecutable (an executable file outside the program directory).
Result<StringView> program_of_path(StringView path);

// Builds the new image for `path` with `args` (arguments then environment) and, only once it exists,
// swaps it in for the current process's: the old address space is freed, the registers reset
// (user_entry.h), the name becomes the program's. On error nothing of the caller has changed.
// Errors: as program_of_path and build_image (kernel/proc/image.h).
Result<void> exec_current(StringView path, const ExecArgs& args);

}  // namespace cw::proc

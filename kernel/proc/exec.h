// execve(2): replaces the calling process's image with a program from the program directory.
#pragma once

#include "kernel/proc/exec_args.h"
#include "lib/result.h"
#include "lib/string_view.h"

namespace cw::proc {

// The program a path names: "/bin/NAME" or "NAME" (the program directory is /bin, and the only
// directory). Errors: NotFound (any other path, or an empty one).
Result<StringView> program_of_path(StringView path);

// Builds the new image for `path` with `args` (arguments then environment) and, only once it exists,
// swaps it in for the current process's: the old address space is freed, the registers reset
// (user_entry.h), the name becomes the program's. On error nothing of the caller has changed.
// Errors: as program_of_path and build_image (kernel/proc/image.h).
Result<void> exec_current(StringView path, const ExecArgs& args);

}  // namespace cw::proc

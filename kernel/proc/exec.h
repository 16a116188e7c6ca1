// execve(2): replaces the calling process's image with a program from the program directory.
#pragma once

#include "kernel/proc/exec_args.h"
#include "lib/result.h"
#include "lib/string_view.h"

namespace cw::proc {

// The program a path names: "/bin/NAME" or "NAME" (a bare name is looked up in the program directory,
// Clockwork's shortcut), or any other path that the walk (kernel/fs/vfs/path_walk.h, symbolic links
// followed, relative to the working directory) leads to a file of /bin: /proc/self/exe, which busybox's
// ash executes to run its applets. Errors: NotFound (an empty path, a missing file), AccessDenied (the
// path names something that is not a program: a directory, a device, /proc/meminfo; Linux's EACCES for
// a file that is not executable or not regular), those of the walk.
Result<StringView> program_of_path(StringView path);

// Builds the new image for `path` with `args` (arguments then environment) and, only once it exists,
// swaps it in for the current process's: the old address space is freed, the registers reset
// (user_entry.h), the name becomes the program's. On error nothing of the caller has changed.
// Errors: as program_of_path and build_image (kernel/proc/image.h).
Result<void> exec_current(StringView path, const ExecArgs& args);

}  // namespace cw::proc

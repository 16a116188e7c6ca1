// execve(2): replaces the calling process's image with the program `path` names (walked from the
// caller's working directory, symlinks such as /proc/self/exe followed), loaded by its format as Linux's
// exec_binprm tries its handlers: an ELF executable, either a program of the program directory (/bin) or
// the bytes of a file (a /tmp file, mm/executed_file.h), or an interpreter script (lib/shebang.h), whose
// interpreter is loaded the same way in its place, up to kMaxInterpreters deep.
#pragma once

#include "kernel/proc/exec_args.h"
#include "lib/result.h"
#include "lib/string_view.h"

namespace cw::proc {

// Linux's exec_binprm: a chain of more scripts than this is ELOOP.
inline constexpr uint32_t kMaxInterpreters = 5;

// Builds the new image for `path` with `args` (arguments then environment; a script's interpreter and
// its argument replace argv[0], kernel/proc/exec_args.h replace_argument0) and, only once it exists,
// swaps it in for the current process's: the old address space is freed, the registers reset
// (user_entry.h), the name becomes the last component of `path` (Linux's comm). On error nothing of the
// caller has changed but `args`.
// Errors: those of the walk (NotFound, NotDirectory, SymlinkLoop, NameTooLong), AccessDenied (not a
// regular file, or no execute bit), TextBusy (a file open for writing), BadExecutable (not an ELF
// executable Clockwork runs nor a valid script; the reason for a refused ELF is printed), SymlinkLoop
// (scripts nested too deep), and those of build_image (kernel/proc/image.h).
Result<void> exec_current(StringView path, ExecArgs& args);

}  // namespace cw::proc

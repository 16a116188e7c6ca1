// The console as files: the terminal input (lines typed on the keyboard or the serial line,
// kernel/console_input.h) and the terminal output (every console, kernel/console.h). A process the
// kernel starts has input as descriptor 0 and output as 1 and 2. Both are the one terminal for ioctl
// (TIOCGPGRP, TIOCSPGRP). Static: they are never freed.
#pragma once

#include "kernel/fs/file.h"
#include "lib/result.h"

namespace cw::fs {

File& console_input_file();
File& console_output_file();
// A new description of the terminal for reading, writing or both (open of /dev/console or /dev/tty),
// one reference. Errors: NoMemory.
Result<File*> open_console(uint32_t flags);

}  // namespace cw::fs

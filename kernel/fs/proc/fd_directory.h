// /proc/PID/fd (Linux fs/proc/fd.c): a directory with one symbolic link per open descriptor of PID, named
// by its number, listed in ascending order. A link's target is the path of the file the descriptor
// refers to (kernel/fs/vfs/node_path.h), or the name of a file with none ("pipe:[N]", "/dev/console";
// File::pseudo_name); its permissions tell the access mode (r-x, -wx or rwx for the owner, as Linux's
// proc_fd_link inodes), its st_size is 64 as on Linux. A file removed from the name space is named by its
// last path and " (deleted)" (fs::display_path); a descriptor closed meanwhile reads as ENOENT.
//
// FIXME: the links are ordinary symbolic links: opening /proc/PID/fd/N walks to the target's path, so it
// fails for a pipe (Linux's magic links reopen the description itself).
#pragma once

#include "kernel/fs/vfs/node.h"

namespace cw::fs::proc {

// The fd directory of `pid`, inode `number`, in `process_directory`. Errors: NoMemory.
Result<Node*> create_fd_directory(uint64_t number, Node& process_directory, int32_t pid);

}  // namespace cw::fs::proc

// /proc (Linux Documentation/filesystems/proc.rst, read as specification): a read-only file system whose
// files are made from the kernel's state when they are used.
//   /proc/meminfo /proc/vmstat /proc/uptime /proc/version   system-wide text (kernel/fs/proc/contents.h)
//   /proc/self -> PID                                       the reader's own directory
//   /proc/PID/exe -> /bin/NAME                              the program PID runs (busybox re-executes
//                                                           itself through /proc/self/exe)
//   /proc/PID/maps                                          PID's memory regions, in Linux's format
//   /proc/PID/stat, status, cmdline                         PID's state and arguments (Linux's formats)
//   /proc/PID/fd/N -> path                                  PID's descriptors (kernel/fs/proc/fd_directory.h)
// Listing /proc gives the fixed names, then one directory per process (zombies included, as Linux
// lists them), in ascending pid order. A PID directory of a process that has been reaped is gone
// (ENOENT); one opened before stays usable, its files then failing with ENOENT.
//
// Nodes below the root are made by each lookup on the heap and die with their last reference; their
// inode numbers are fixed by what they name (kernel/fs/proc/proc_directory.cpp), so two lookups of one
// name agree on st_ino. Device number FsDevice::Proc.
#pragma once

#include "kernel/fs/vfs/node.h"

namespace cw::fs::proc {

// The root, mounted in `parent`. Errors: NoMemory.
Result<Node*> create_root(Node& parent);

}  // namespace cw::fs::proc

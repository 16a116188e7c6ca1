// /dev: the device files a Linux program expects (Linux Documentation/admin-guide/devices.txt numbers):
//   null (1,3)  zero (1,5)  urandom (1,9)  random (1,8)   kernel/fs/dev/memory_devices.h
//   tty (5,0)   console (5,1)                             the terminal, kernel/fs/console_file.h
// Device files cannot be created or removed (EROFS).
#pragma once

#include "kernel/fs/vfs/node.h"

namespace cw::fs::dev {

// What stat says of /dev/console. Every description of the terminal reports it from fstat too, so that
// fstat of a descriptor and stat of the path its /proc/self/fd link names agree (glibc's ttyname
// compares st_dev, st_ino and st_rdev, and `tty` said "not a tty" while they differed).
FileStatus console_status();

// The directory, mounted in `parent`. Errors: NoMemory.
Result<Node*> create_root(Node& parent);

}  // namespace cw::fs::dev

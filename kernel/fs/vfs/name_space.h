// The name space every process sees: one tree, built at boot.
//
//   /        a static directory (kernel/fs/vfs/static_directory.h) holding the mount points
//   /bin     the image's program directory, read-only and executable (kernel/fs/bin/)
//   /dev     null, zero, console, tty, urandom (kernel/fs/dev/)
//   /proc    self/exe, self/maps, meminfo, vmstat (kernel/fs/proc/)
//   /tmp     an in-memory file system whose pages come from the pageable pool (kernel/fs/tmpfs/)
//
// A file system's root is mounted under a name in "/"; its ".." is "/".
#pragma once

#include "kernel/fs/vfs/node.h"
#include "lib/result.h"

namespace cw::fs {

// Builds the tree (after the program store, kernel/fs/program_store.h). A file system that cannot be
// set up is reported and left out; the rest of the tree still works.
void init_name_space();

// "/". Valid after init_name_space (a static node: no reference needed).
Node& root();

// Adds `fs_root` (one reference taken over) as /NAME. Errors: NoSpace, Exists.
Result<void> mount(const char* name, Node* fs_root);

}  // namespace cw::fs

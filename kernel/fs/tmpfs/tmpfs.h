// /tmp: an in-memory file system whose file pages come from the pageable pool and can be swapped, so
// files larger than the pool work (docs/vfs.md "tmpfs"). Directories (tmpfs_directory.h), regular files
// (tmpfs_file.h, pages in a memory object), symbolic links (tmpfs_symlink.h); all are heap nodes,
// reference counted, and an unlinked file stays readable until its last reference goes.
#pragma once

#include "kernel/fs/vfs/node.h"

namespace cw::fs::tmpfs {

// The root directory (mode 1777, as Linux's /tmp), mounted in `parent`, with one reference.
// Errors: NoMemory.
Result<Node*> create_root(Node& parent);

}  // namespace cw::fs::tmpfs

// /bin: the image's program directory (kernel/fs/program_store.h) as a read-only directory of regular
// files, mode 0555. Each file reads the ELF file's bytes from the system partition and is what execve
// runs (Node::program), and /bin/sh as a link to busybox when busybox is one of them
// (kernel/fs/bin/shell_link.h). The directory's contents are fixed at boot, like the image.
#pragma once

#include "kernel/fs/vfs/node.h"

namespace cw::fs::bin {

// The directory, mounted in `parent`. Errors: NoMemory.
Result<Node*> create_root(Node& parent);

// The inode number of /bin/NAME (what stat reports and /proc/PID/maps shows). Errors: NotFound.
Result<uint64_t> inode_of(StringView name);

}  // namespace cw::fs::bin

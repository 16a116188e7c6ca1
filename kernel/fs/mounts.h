// The file systems of Clockwork's fixed name space (kernel/fs/vfs/name_space.h), one per FsDevice, as
// /proc/mounts lists them and statfs reports them: one table, so that the mount options and the statfs
// flags always agree.
//   /      rootfs     the static directory holding the mount points, read-only
//   /bin   clockwork  the image's program directory on the system partition, read-only
//   /dev   devtmpfs   the device nodes, read-only (nothing can be created there)
//   /proc  proc       generated files
//   /tmp   tmpfs      pages from the pageable pool and swap
#pragma once

#include <cstdint>

#include "kernel/fs/vfs/node.h"
#include "lib/abi/statfs.h"
#include "lib/format.h"

namespace cw::fs {

// What statfs says of the file system holding `node`: its type, sizes in blocks of f_bsize bytes, and
// flags (abi::kSt*). Sizes: /tmp's are the pages it could still get, the pool's free frames and the
// swap map's free slots (its pages compete with every process's memory, as Linux's tmpfs without a
// size limit); /bin's the system partition, used up to the end of its last program; the others 0.
abi::Statfs64 statfs_of(const Node& node);

// /proc/mounts: one line per file system, in mount order.
void write_mounts(FormatSink& sink);

}  // namespace cw::fs

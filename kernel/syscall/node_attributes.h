// What chmod, chown and the utime calls share (Linux fs/open.c chmod_common, chown_common and fs/utimes.c
// vfs_utimes): finding the node, by path or by descriptor, and changing it under the EROFS rule.
#pragma once

#include <cstdint>

#include "kernel/fs/vfs/node.h"
#include "lib/result.h"

namespace cw::syscall {

// The node `path_address` names from `dirfd`, with a new reference; the last link is followed when
// `follow`, and an empty path is dirfd's own file when `empty_path` (AT_EMPTY_PATH; an O_PATH descriptor
// too). Errors: those of UserPath::copy_in (EFAULT, ENAMETOOLONG) and of the walk (ENOENT, ENOTDIR,
// ELOOP), BadDescriptor, Permission (an empty path on a pipe or the console, as attribute_node_of).
[[nodiscard]] Result<fs::Node*> attribute_node_at(int32_t dirfd, uint32_t path_address, bool follow,
                                                  bool empty_path);

// The node open on `fd`, with a new reference (fchmod, fchown, futimens). Errors: BadDescriptor (not
// open, or O_PATH: Linux's fdget refuses those), Permission (a pipe or the console: no node keeps their
// attributes here, where Linux's pipefs would change an in-memory inode).
[[nodiscard]] Result<fs::Node*> attribute_node_of(int32_t fd);

// Applies `change` (kernel/fs/vfs/attribute_change.h): ReadOnlyFs on /, /bin and /dev (Linux's
// mnt_want_write), else what the node's file system says (Permission for /proc's generated files).
[[nodiscard]] Result<void> change_node(fs::Node& node, const fs::AttributeChange& change);

}  // namespace cw::syscall

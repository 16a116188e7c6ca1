// The absolute path of a node (getcwd, /proc/PID/fd), found with no dentry cache: climb `parent()` to the
// root and, at each level, find the entry of the parent that *is* the child (same inode number, then the
// same node or the same device and inode by lookup, since two mounted roots may share a number). Linux's d_path, fs/d_path.c.
#pragma once

#include <cstdint>

#include "kernel/fs/vfs/node.h"
#include "lib/result.h"

namespace cw::fs {

// Writes the absolute path of `node` ending at out[capacity - 1] (the NUL); the index where it begins.
// May sleep (directory lookups). Errors: Range (longer than `capacity`), NotFound (a directory on the
// way, or the node itself, is no longer listed: removed).
Result<uint32_t> absolute_path(Node& node, char* out, uint32_t capacity);

// The same path into out[0..length) (not terminated, as readlink's result), made in a kernel buffer of
// PATH_MAX bytes; its length. Errors: as absolute_path, Range (longer than `capacity`), NoMemory.
Result<uint32_t> copy_absolute_path(Node& node, char* out, uint32_t capacity);

}  // namespace cw::fs

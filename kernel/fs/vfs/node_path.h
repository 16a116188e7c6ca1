// The absolute path of a node (getcwd, /proc/PID/fd, maps, exe, cwd), found with no dentry cache: climb
// `parent()` to the root and, at each level, find the entry of the parent that *is* the child (same
// inode number, then the same node or the same device and inode by lookup, since two mounted roots may
// share a number). Linux's d_path, fs/d_path.c: getcwd wants a listed node (absolute_path: ENOENT for a
// removed working directory, as Linux's getcwd); /proc names a removed one too (display_path).
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

// As absolute_path, but a node no longer listed (the node, or a directory on the way) is named by the
// name it had (Node::removed_name) in the directory it was in, and the path of a node that is itself
// removed ends in " (deleted)": "/tmp/x (deleted)", as Linux's d_path of an unhashed dentry in
// /proc/PID/maps, fd, exe and cwd. Errors: as absolute_path (NotFound only for a node that lost a name
// but is listed elsewhere: kernel/fs/tmpfs/tmpfs_node.h).
Result<uint32_t> display_path(Node& node, char* out, uint32_t capacity);
// display_path into out[0..length), as copy_absolute_path.
Result<uint32_t> copy_display_path(Node& node, char* out, uint32_t capacity);

}  // namespace cw::fs

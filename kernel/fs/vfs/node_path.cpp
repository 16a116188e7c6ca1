#include "kernel/fs/vfs/node_path.h"

#include "kernel/fs/vfs/name_space.h"
#include "kernel/heap.h"

namespace cw::fs {

namespace {

// The name under which `parent` lists `child`, into `entry`. Errors: NotFound (not listed: removed).
Result<void> name_in_parent(Node& parent, Node& child, DirEntry& entry) {
  uint64_t cookie = 0;
  while (TRY(parent.read_entry(cookie, entry))) {
    if (entry.inode != child.number()) continue;
    auto found = parent.lookup(StringView(entry.name, entry.name_length));
    if (!found) continue;
    // The same node, or the same file: /proc makes a new node for each lookup of a process directory,
    // and a (device, inode) pair names one file (two mounted roots may share an inode number, never a
    // device).
    Node& other = *found.value();
    bool same = &other == &child || (other.device() == child.device() && other.number() == child.number());
    found.value()->unref();
    if (same) return {};
  }
  return Error::NotFound;
}

// Linux's d_path suffix for a node no longer listed (fs/d_path.c).
constexpr StringView kDeleted = " (deleted)";

// The path of `node` ending at out[capacity - 1] (the NUL); the index where it begins. `removed`: a node
// no longer listed (the node or a directory on the way) is named by its removed_name, and the path of
// a removed node ends in kDeleted; otherwise such a node is NotFound.
Result<uint32_t> build_path(Node& node, char* out, uint32_t capacity, bool removed) {
  uint32_t begin = capacity - 1;
  out[begin] = '\0';
  Node& top = root();
  Node* at = &node;
  DirEntry entry;
  if (removed && at != &top && node.removed_name(entry)) {
    if (kDeleted.size() + 1 > begin) return Error::Range;
    begin -= static_cast<uint32_t>(kDeleted.size());
    __builtin_memcpy(out + begin, kDeleted.data(), kDeleted.size());
  }
  while (at != &top) {
    Node* parent = at->parent();
    if (!removed || !at->removed_name(entry)) TRY(name_in_parent(*parent, *at, entry));
    if (entry.name_length + 1u > begin) return Error::Range;
    begin -= entry.name_length;
    __builtin_memcpy(out + begin, entry.name, entry.name_length);
    out[--begin] = '/';
    at = parent;
  }
  if (begin == capacity - 1) out[--begin] = '/';
  return begin;
}

// build_path into out[0..length), through a kernel buffer of PATH_MAX bytes.
Result<uint32_t> copy_path(Node& node, char* out, uint32_t capacity, bool removed) {
  auto* path = static_cast<char*>(TRY(kmalloc(kPathMax)));
  Result<uint32_t> begin = build_path(node, path, kPathMax, removed);
  uint32_t n = begin ? kPathMax - 1 - begin.value() : 0;
  bool fits = begin && n <= capacity;
  if (fits) __builtin_memcpy(out, path + begin.value(), n);
  kfree(path);
  if (!begin) return begin.error();
  if (!fits) return Error::Range;
  return n;
}

}  // namespace

Result<uint32_t> absolute_path(Node& node, char* out, uint32_t capacity) {
  return build_path(node, out, capacity, false);
}

Result<uint32_t> copy_absolute_path(Node& node, char* out, uint32_t capacity) {
  return copy_path(node, out, capacity, false);
}

Result<uint32_t> display_path(Node& node, char* out, uint32_t capacity) {
  return build_path(node, out, capacity, true);
}

Result<uint32_t> copy_display_path(Node& node, char* out, uint32_t capacity) {
  return copy_path(node, out, capacity, true);
}

}  // namespace cw::fs

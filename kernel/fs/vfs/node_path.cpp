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

}  // namespace

Result<uint32_t> absolute_path(Node& node, char* out, uint32_t capacity) {
  uint32_t begin = capacity - 1;
  out[begin] = '\0';
  Node& top = root();
  Node* at = &node;
  DirEntry entry;
  while (at != &top) {
    Node* parent = at->parent();
    TRY(name_in_parent(*parent, *at, entry));
    if (entry.name_length + 1u > begin) return Error::Range;
    begin -= entry.name_length;
    __builtin_memcpy(out + begin, entry.name, entry.name_length);
    out[--begin] = '/';
    at = parent;
  }
  if (begin == capacity - 1) out[--begin] = '/';
  return begin;
}

Result<uint32_t> copy_absolute_path(Node& node, char* out, uint32_t capacity) {
  auto* path = static_cast<char*>(TRY(kmalloc(kPathMax)));
  Result<uint32_t> begin = absolute_path(node, path, kPathMax);
  uint32_t n = begin ? kPathMax - 1 - begin.value() : 0;
  bool fits = begin && n <= capacity;
  if (fits) __builtin_memcpy(out, path + begin.value(), n);
  kfree(path);
  if (!begin) return begin.error();
  if (!fits) return Error::Range;
  return n;
}

}  // namespace cw::fs

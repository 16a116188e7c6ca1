// The working directory: chdir (12), fchdir (133) and getcwd (183) (Linux fs/open.c, fs/d_path.c). A
// process holds one reference on its directory (kernel/proc/process.h); fork shares it, exit drops it.
//
// getcwd has no dentry cache to read names from: it climbs `parent()` to the root and, at each level,
// finds the entry of the parent that *is* the child (same inode number, then the same node by lookup,
// since two mounted roots may share a number). A directory removed while it is the working directory
// is no longer listed by its parent: ENOENT, as Linux gives for an unlinked cwd.
#include "kernel/fs/fd_table.h"
#include "kernel/fs/vfs/name_space.h"
#include "kernel/heap.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/path_args.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"

namespace cw::syscall {

namespace {

// Makes `directory` (one reference taken over) the caller's working directory.
Result<void> set_cwd(fs::Node* directory) {
  fs::NodeRef held(directory);
  if (!held->is_directory()) return Error::NotDirectory;
  Process* self = proc::current();
  fs::Node* old = self->cwd;
  self->cwd = held.release();
  if (old) old->unref();
  return {};
}

// The name under which `parent` lists `child`, into `entry`. Errors: NotFound (not listed: removed).
Result<void> name_in_parent(fs::Node& parent, fs::Node& child, fs::DirEntry& entry) {
  uint64_t cookie = 0;
  while (TRY(parent.read_entry(cookie, entry))) {
    if (entry.inode != child.number()) continue;
    auto found = parent.lookup(StringView(entry.name, entry.name_length));
    if (!found) continue;
    bool same = found.value() == &child;
    found.value()->unref();
    if (same) return {};
  }
  return Error::NotFound;
}

// Writes the absolute path of `directory` ending at out[capacity - 1] (the NUL); the index where it
// begins. Errors: Range (longer than `capacity`), NotFound (a directory on the way was removed).
Result<uint32_t> absolute_path(fs::Node& directory, char* out, uint32_t capacity) {
  uint32_t begin = capacity - 1;
  out[begin] = '\0';
  fs::Node& root = fs::root();
  fs::Node* node = &directory;
  fs::DirEntry entry;
  while (node != &root) {
    fs::Node* parent = node->parent();
    TRY(name_in_parent(*parent, *node, entry));
    if (entry.name_length + 1u > begin) return Error::Range;
    begin -= entry.name_length;
    __builtin_memcpy(out + begin, entry.name, entry.name_length);
    out[--begin] = '/';
    node = parent;
  }
  if (begin == capacity - 1) out[--begin] = '/';
  return begin;
}

}  // namespace

int32_t sys_chdir(const Args& a) {
  auto path = UserPath::copy_in(a.a[0]);
  if (!path) return error_return(path.error());
  auto node = lookup_path(kAtFdCwd, path.value().view(), fs::Follow::Yes);
  if (!node) return error_return(node.error());
  return to_return(set_cwd(node.value()));
}

int32_t sys_fchdir(const Args& a) {
  fs::File* file = proc::current()->files.get(static_cast<int32_t>(a.a[0]));
  if (!file) return error_return(Error::BadDescriptor);
  fs::Node* node = file->node();
  if (!node) return error_return(Error::NotDirectory);
  node->ref();
  return to_return(set_cwd(node));
}

// getcwd(buf, size): the path with its NUL; the call returns its length including the NUL.
int32_t sys_getcwd(const Args& a) {
  uint32_t address = a.a[0], size = a.a[1];
  auto buffer = kmalloc(fs::kPathMax);
  if (!buffer) return error_return(buffer.error());
  char* text = static_cast<char*>(buffer.value());
  Process* self = proc::current();
  fs::NodeRef cwd;
  if (self->cwd) {
    self->cwd->ref();
    cwd = fs::NodeRef(self->cwd);
  }
  auto begin = absolute_path(cwd ? *cwd : fs::root(), text, fs::kPathMax);
  int32_t result;
  if (!begin) {
    result = error_return(begin.error() == Error::Range ? Error::NameTooLong : begin.error());
  } else {
    uint32_t length = fs::kPathMax - begin.value();  // with the NUL
    if (length > size) {
      result = error_return(Error::Range);
    } else {
      auto copied = current_space().copy_out(VirtAddr(address), text + begin.value(), length);
      result = copied ? static_cast<int32_t>(length) : error_return(copied.error());
    }
  }
  kfree(text);
  return result;
}

}  // namespace cw::syscall

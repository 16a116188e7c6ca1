#include "kernel/syscall/path_args.h"

#include "kernel/fs/vfs/name_space.h"
#include "kernel/heap.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/user_memory.h"

namespace cw::syscall {

Result<UserPath> UserPath::copy_in(uint32_t address) {
  char* text = static_cast<char*>(TRY(kmalloc(fs::kPathMax)));
  auto length = current_space().copy_string_in(text, VirtAddr(address), fs::kPathMax);
  if (!length) {
    kfree(text);
    return length.error();
  }
  return UserPath(text, length.value());
}

UserPath::~UserPath() {
  if (text_) kfree(text_);
}

Result<fs::Node*> start_directory(int32_t dirfd) {
  fs::Node* start;
  if (dirfd == kAtFdCwd) {
    Process* self = proc::current();
    start = self->cwd ? self->cwd : &fs::root();
  } else {
    fs::File* file = proc::current()->files.get(dirfd);
    if (!file) return Error::BadDescriptor;
    start = file->node();
    if (!start || !start->is_directory()) return Error::NotDirectory;
  }
  start->ref();
  return start;
}

Result<fs::Node*> lookup_path(int32_t dirfd, StringView path, fs::Follow follow, bool empty_is_dirfd) {
  if (path.empty()) {
    if (!empty_is_dirfd) return Error::NotFound;
    if (dirfd == kAtFdCwd) return start_directory(dirfd);
    fs::File* file = proc::current()->files.get(dirfd);
    if (!file) return Error::BadDescriptor;
    fs::Node* node = file->node();
    // A pipe or the console has no node: the caller uses the description's own status.
    if (!node) return Error::NotFound;
    node->ref();
    return node;
  }
  if (path[0] == '/') return fs::resolve(fs::root(), fs::root(), path, follow);
  fs::NodeRef start(TRY(start_directory(dirfd)));
  return fs::resolve(fs::root(), *start, path, follow);
}

Result<fs::ParentAndName> lookup_parent(int32_t dirfd, StringView path) {
  if (!path.empty() && path[0] == '/') return fs::resolve_parent(fs::root(), fs::root(), path);
  fs::NodeRef start(TRY(start_directory(dirfd)));
  return fs::resolve_parent(fs::root(), *start, path);
}

bool on_read_only_file_system(const fs::Node& node) {
  switch (static_cast<fs::FsDevice>(node.device())) {
    case fs::FsDevice::Root:
    case fs::FsDevice::Bin:
    case fs::FsDevice::Dev: return true;
    // Linux's /proc is not a read-only mount: root opens its files for writing, and the write fails
    // (kernel/fs/proc/snapshot_file.h).
    case fs::FsDevice::Proc:
    case fs::FsDevice::Tmp: return false;
  }
  return false;
}

}  // namespace cw::syscall

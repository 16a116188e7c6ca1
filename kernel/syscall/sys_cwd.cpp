// The working directory: chdir (12), fchdir (133) and getcwd (183) (Linux fs/open.c, fs/d_path.c). A
// process holds one reference on its directory (kernel/proc/process.h); fork shares it, exit drops it.
// getcwd names the directory with fs::absolute_path (kernel/fs/vfs/node_path.h): a directory removed
// while it is the working directory is no longer listed by its parent, ENOENT as Linux gives for an
// unlinked cwd.
#include "kernel/fs/fd_table.h"
#include "kernel/fs/vfs/name_space.h"
#include "kernel/fs/vfs/node_path.h"
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
  auto begin = fs::absolute_path(cwd ? *cwd : fs::root(), text, fs::kPathMax);
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

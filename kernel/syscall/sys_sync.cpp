// Writing back to disk: sync (36), syncfs (344), fsync (118), fdatasync (148) (Linux fs/sync.c).
//
// Nothing Clockwork keeps needs writing back: /tmp lives in memory (its pages go to swap, which dies with
// the boot: docs/vm.md "Swap writes are not flushed"), /bin is read-only, and /dev and /proc hold no data.
// So sync and syncfs have nothing to do and succeed, and fsync succeeds on what Linux's file systems
// give an fsync operation (tmpfs and read-only disk files and directories: noop_fsync) and is EINVAL on
// what they do not (pipes, the console, /dev's devices, /proc's files), as Linux's vfs_fsync_range.
#include "kernel/fs/fd_table.h"
#include "kernel/fs/vfs/node.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/syscall.h"

namespace cw::syscall {

namespace {

int32_t sync_descriptor(int32_t fd) {
  fs::File* file = proc::current()->files.get(fd);
  if (!file) return error_return(Error::BadDescriptor);
  fs::Node* node = file->node();
  if (!node) return error_return(Error::InvalidArgument);
  uint32_t device = node->device();
  bool has_fsync = device == fs::device_number(fs::FsDevice::Tmp) || device == fs::device_number(fs::FsDevice::Bin) ||
                   (node->is_directory() && device != fs::device_number(fs::FsDevice::Proc));
  return has_fsync ? 0 : error_return(Error::InvalidArgument);
}

}  // namespace

int32_t sys_sync(const Args&) { return 0; }

int32_t sys_syncfs(const Args& a) {
  if (!proc::current()->files.get(static_cast<int32_t>(a.a[0]))) return error_return(Error::BadDescriptor);
  return 0;
}

int32_t sys_fsync(const Args& a) { return sync_descriptor(static_cast<int32_t>(a.a[0])); }

}  // namespace cw::syscall

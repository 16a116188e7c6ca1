#include "kernel/fs/vfs/name_space.h"

#include "kernel/fs/bin/bin_directory.h"
#include "kernel/fs/dev/dev_directory.h"
#include "kernel/fs/proc/proc_directory.h"
#include "kernel/fs/tmpfs/tmpfs.h"
#include "kernel/fs/vfs/static_directory.h"
#include "kernel/print.h"

namespace cw::fs {

namespace {

StaticDirectory root_directory(2, device_number(FsDevice::Root));

void mount_or_report(const char* name, Result<Node*> fs_root) {
  if (!fs_root) {
    kprint("vfs: /{} is not available: {}\n", name, fs_root.error());
    return;
  }
  auto mounted = mount(name, fs_root.value());
  if (!mounted) {
    kprint("vfs: cannot mount /{}: {}\n", name, mounted.error());
    fs_root.value()->unref();
  }
}

}  // namespace

Node& root() { return root_directory; }

Result<void> mount(const char* name, Node* fs_root) { return root_directory.add(name, fs_root); }

void init_name_space() {
  mount_or_report("bin", bin::create_root(root_directory));
  mount_or_report("dev", dev::create_root(root_directory));
  mount_or_report("proc", proc::create_root(root_directory));
  mount_or_report("tmp", tmpfs::create_root(root_directory));
}

}  // namespace cw::fs

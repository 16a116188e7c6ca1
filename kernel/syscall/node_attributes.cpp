#include "kernel/syscall/node_attributes.h"

#include "kernel/fs/fd_table.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/path_args.h"

namespace cw::syscall {

Result<fs::Node*> attribute_node_at(int32_t dirfd, uint32_t path_address, bool follow, bool empty_path) {
  auto path = TRY(UserPath::copy_in(path_address));
  if (path.empty() && empty_path && dirfd != kAtFdCwd) {
    // dirfd's own file, O_PATH included (Linux's LOOKUP_EMPTY takes any descriptor).
    fs::File* file = proc::current()->files.get(dirfd);
    if (!file) return Error::BadDescriptor;
    fs::Node* node = file->node();
    if (!node) return Error::Permission;
    node->ref();
    return node;
  }
  return lookup_path(dirfd, path.view(), follow ? fs::Follow::Yes : fs::Follow::No, empty_path);
}

Result<fs::Node*> attribute_node_of(int32_t fd) {
  fs::File* file = proc::current()->files.get(fd);
  if (!file || file->path_only()) return Error::BadDescriptor;
  fs::Node* node = file->node();
  if (!node) return Error::Permission;
  node->ref();
  return node;
}

Result<void> change_node(fs::Node& node, const fs::AttributeChange& change) {
  if (on_read_only_file_system(node)) return Error::ReadOnlyFs;
  return node.change_attributes(change);
}

}  // namespace cw::syscall

#include "kernel/fs/tmpfs/tmpfs.h"

#include "kernel/fs/tmpfs/tmpfs_directory.h"

namespace cw::fs::tmpfs {

Result<Node*> create_root(Node& parent) {
  return static_cast<Node*>(TRY(TmpfsDirectory::create(01777, parent)));
}

}  // namespace cw::fs::tmpfs

// What every node of /tmp shares: a parent directory held by reference (so ".." of a removed directory
// still leads somewhere, as on Linux), whether a directory still lists it (st_nlink), an inode number
// from the file system's counter, and the file system's device number.
//
// Locking: the directory tree of /tmp (every directory's entries, every node's parent and link state) is
// guarded by one mutex, tree_lock(); a file's data by the file's own mutex (kernel/fs/tmpfs/tmpfs_file.h).
// Destructors take neither, so dropping a reference is safe with either held.
#pragma once

#include "kernel/fs/vfs/node.h"
#include "kernel/sync/mutex.h"

namespace cw::fs::tmpfs {

Mutex& tree_lock();
// A new inode number, unique in /tmp (numbers are not reused).
uint64_t next_inode();

class TmpfsNode : public Node {
public:
  // Takes a reference on `parent`.
  TmpfsNode(NodeType type, uint32_t permissions, Node& parent);
  ~TmpfsNode() override;

  Node* parent() const override { return parent_; }
  uint32_t links() const override { return linked_ ? 1 : 0; }

  // For the directories of /tmp, under tree_lock(). A rename moves the node to `parent` (the reference
  // moves); an unlink or rmdir unlinks it.
  void set_parent(Node& parent);
  bool linked() const { return linked_; }
  void set_unlinked() { linked_ = false; }

private:
  Node* parent_;
  bool linked_ = true;
};

}  // namespace cw::fs::tmpfs

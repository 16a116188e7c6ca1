// What every node of /tmp shares: a parent directory held by reference (so ".." of a removed directory
// still leads somewhere, as on Linux), whether a directory still lists it (st_nlink), an inode number
// from the file system's counter, the file system's device number, and the metadata stat reports: owner,
// group and the three times (set to the current time at creation; who updates which is Linux's rule,
// mm/shmem.c and fs/inode.c: a write or a truncate that changes the size sets mtime and ctime, a change
// to a directory's entries sets the directory's mtime and ctime and the ctime of the node that moved or
// went, chmod, chown and the utime calls set ctime; a read sets atime under Linux's default "relatime":
// only when atime is not newer than mtime or ctime, or is a day old).
//
// The metadata is guarded by turning interrupts off (updates never sleep), so status() sees a
// consistent set without taking any mutex.
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
  uint32_t links() const override { return link_count_; }
  FileStatus status() const override;
  Result<void> change_attributes(const AttributeChange& change) override;
  void mark_modified() override { stamp(kStampModified | kStampChanged); }

  // Which times stamp() sets to the current time.
  static constexpr uint32_t kStampAccessed = 1, kStampModified = 2, kStampChanged = 4;
  void stamp(uint32_t which);
  // A read: atime under relatime's rule (above).
  void note_access();

  bool removed_name(DirEntry& out) const override;

  // For the directories of /tmp, under tree_lock(). A rename moves the node to `parent` (the reference
  // moves); an unlink, an rmdir or a rename over it takes one of its names away (`name`, in `parent`),
  // link(2) adds one (files only: a directory has one name). The last name to go is kept for
  // removed_name: /proc names the node "PATH (deleted)" by it and `parent`, as Linux's d_path. Errors
  // of take_name: NoMemory (nothing changed). With hard links `parent` stays the directory of the first
  // name, even after that name goes (FIXME: Linux names a file by the dentry it was opened or mapped
  // through: "/tmp/a (deleted)" for a descriptor opened as /tmp/a once /tmp/a goes, and /tmp/d/b for
  // one opened as a remaining /tmp/d/b; with no dentries, a node removed from `parent` but listed in
  // another directory has no path here, and its /proc/PID/fd link is ENOENT).
  void set_parent(Node& parent);
  bool linked() const { return link_count_ > 0; }
  Result<void> take_name(StringView name);
  void add_link() { ++link_count_; }

private:
  // The name the last directory entry had, once none is left (owned).
  struct RemovedName {
    uint8_t length = 0;
    char text[kNameMax + 1] = {};
  };

  Node* parent_;
  RemovedName* removed_name_ = nullptr;
  uint32_t link_count_ = 1;  // directory entries naming this node (st_nlink of a file)
  uint32_t uid_ = 0;
  uint32_t gid_ = 0;
  Timestamp atime_, mtime_, ctime_;
};

}  // namespace cw::fs::tmpfs

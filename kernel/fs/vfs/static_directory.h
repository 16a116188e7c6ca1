// A directory whose entries are fixed when the kernel starts: the root (whose entries are the mount
// points /bin, /dev, /proc, /tmp), /dev, and directories of /proc. Entries are added at boot, in order,
// and never removed; the directory holds a reference on each child. Creating or removing entries is
// ReadOnlyFs (EROFS: these directories belong to the kernel, not to a writable file system).
#pragma once

#include "kernel/fs/vfs/node.h"

namespace cw::fs {

class StaticDirectory : public Node {
public:
  static constexpr uint32_t kMaxEntries = 16;

  // `parent` null: the directory is a root (its own parent) until set_parent.
  StaticDirectory(uint64_t number, uint32_t device, Node* parent = nullptr)
      : Node(NodeType::Directory, 0555, number, device), parent_(parent) {}

  // Adds `child` under `name` (a string with static storage), taking over one reference.
  // Errors: NoSpace (kMaxEntries), Exists.
  Result<void> add(const char* name, Node* child);
  // Where ".." leads (a mounted root's parent is the directory it is mounted in).
  void set_parent(Node* parent) { parent_ = parent; }

  Node* parent() const override { return parent_ ? parent_ : const_cast<StaticDirectory*>(this); }
  uint32_t links() const override;
  Result<Node*> lookup(StringView name) override;
  Result<bool> read_entry(uint64_t& cookie, DirEntry& out) override;

protected:
  bool on_heap() const override { return false; }

private:
  struct Entry {
    const char* name;
    Node* node;
  };
  Node* parent_;
  Entry entries_[kMaxEntries] = {};
  uint32_t count_ = 0;
};

}  // namespace cw::fs

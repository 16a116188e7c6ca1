// A directory of /tmp: a list of named entries, each holding a reference on its node. Entries are kept in
// the order they were made; each has a cookie from a counter that only grows, so read_entry resumes after
// the last entry returned however the directory changed meanwhile (an entry that stayed is neither
// skipped nor repeated; a renamed one may show up again under its new name, as POSIX allows).
//
// remove and rename follow rmdir(2), unlink(2) and rename(2) (Linux fs/namei.c vfs_rmdir, vfs_unlink,
// vfs_rename and their callers): see kernel/fs/vfs/node.h for the errors. A removed directory stays
// usable as a working directory or an open descriptor, empty, and nothing can be created in it (ENOENT).
#pragma once

#include "kernel/fs/tmpfs/tmpfs_node.h"

namespace cw::fs::tmpfs {

class TmpfsDirectory final : public TmpfsNode {
public:
  // An empty directory in `parent`, with one reference. Errors: NoMemory.
  static Result<TmpfsDirectory*> create(uint32_t permissions, Node& parent);
  TmpfsDirectory(uint32_t permissions, Node& parent) : TmpfsNode(NodeType::Directory, permissions, parent) {}
  ~TmpfsDirectory() override;

  // 2 ("." and the entry in the parent) plus one per subdirectory (its ".."); 0 once removed.
  uint32_t links() const override { return linked() ? 2 + subdirectories_ : 0; }
  uint64_t size() const override { return 0; }
  Result<Node*> lookup(StringView name) override;
  Result<bool> read_entry(uint64_t& cookie, DirEntry& out) override;
  Result<Node*> create(StringView name, NodeType type, uint32_t permissions, StringView target) override;
  Result<void> remove(StringView name, bool directory) override;
  Result<void> link(Node& existing, StringView name) override;
  Result<void> rename(StringView from, Node& target, StringView to) override;

private:
  struct Entry {
    Entry* next = nullptr;
    uint64_t cookie = 0;
    TmpfsNode* node = nullptr;  // one reference
    uint8_t length = 0;
    char name[kNameMax + 1] = {};

    StringView view() const { return StringView(name, length); }
  };

  // Under tree_lock().
  Entry* find(StringView name) const;
  // Appends `entry` (its node already set), giving it the next cookie.
  void append(Entry* entry);
  // Takes `entry` out of the list (not freed).
  void detach(Entry* entry);
  bool empty() const { return first_ == nullptr; }

  Entry* first_ = nullptr;
  Entry* last_ = nullptr;
  uint64_t next_cookie_ = 1;
  uint32_t subdirectories_ = 0;
};

}  // namespace cw::fs::tmpfs

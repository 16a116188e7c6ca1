// A symbolic link of /tmp: its target, kept on the kernel heap. Its size is the target's length, as
// Linux reports for a symlink.
#pragma once

#include "kernel/fs/tmpfs/tmpfs_node.h"

namespace cw::fs::tmpfs {

class TmpfsSymlink final : public TmpfsNode {
public:
  // A link to `target` (1 to PATH_MAX - 1 bytes) in `parent`, with one reference.
  // Errors: NotFound (empty target, as Linux's symlink), NameTooLong, NoMemory.
  static Result<TmpfsSymlink*> create(uint32_t permissions, Node& parent, StringView target);
  // For create: takes over `target` (kmalloc'ed, `length` bytes).
  TmpfsSymlink(uint32_t permissions, Node& parent, char* target, uint32_t length)
      : TmpfsNode(NodeType::Symlink, permissions, parent), target_(target), length_(length) {}
  ~TmpfsSymlink() override;

  uint64_t size() const override { return length_; }
  Result<uint32_t> read_link(char* out, uint32_t capacity) override;

private:
  char* target_;
  uint32_t length_;
};

}  // namespace cw::fs::tmpfs

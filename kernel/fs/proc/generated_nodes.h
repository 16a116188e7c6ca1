// The two kinds of leaf in /proc: a regular file whose text a Generator makes at open
// (kernel/fs/proc/snapshot_file.h), and a symbolic link whose target is computed when it is read
// (/proc/self, /proc/PID/exe), so that both always describe the process as it is at that moment.
//
// Both are about one process (`pid`; 0 for the system-wide files) and live in a /proc directory
// (`directory`), on which they hold a reference. Nodes made by a lookup are on the heap and go with their
// last reference; the system-wide files are static.
#pragma once

#include "kernel/fs/proc/snapshot_file.h"
#include "kernel/fs/vfs/node.h"

namespace cw::fs::proc {

class GeneratedFile final : public Node {
public:
  GeneratedFile(uint64_t number, Node& directory, Generator generate, int32_t pid, bool heap)
      : Node(NodeType::Regular, 0444, number, device_number(FsDevice::Proc)),
        directory_(directory), generate_(generate), pid_(pid), heap_(heap) {
    directory_.ref();
  }
  ~GeneratedFile() override { directory_.unref(); }

  Node* parent() const override { return &directory_; }
  // Linux reports 0 for generated files too: the size is known only once the text is made.
  uint64_t size() const override { return 0; }
  Result<File*> open(uint32_t flags) override { return open_snapshot(*this, flags, generate_, pid_); }
  // open(O_TRUNC) and truncate(2) succeed and change nothing, as Linux's proc_setattr.
  Result<void> truncate(uint64_t) override { return {}; }

protected:
  bool on_heap() const override { return heap_; }

private:
  Node& directory_;
  Generator generate_;
  int32_t pid_;
  bool heap_;
};

// Writes the target of `pid`'s link into `out` (capacity bytes, not terminated); its length.
// Errors: NotFound (the process is gone), Range (does not fit).
using LinkTarget = Result<uint32_t> (*)(int32_t pid, char* out, uint32_t capacity);

class GeneratedLink final : public Node {
public:
  GeneratedLink(uint64_t number, Node& directory, LinkTarget target, int32_t pid)
      : Node(NodeType::Symlink, 0777, number, device_number(FsDevice::Proc)),
        directory_(directory), target_(target), pid_(pid) {
    directory_.ref();
  }
  ~GeneratedLink() override { directory_.unref(); }

  Node* parent() const override { return &directory_; }
  uint64_t size() const override;
  Result<uint32_t> read_link(char* out, uint32_t capacity) override { return target_(pid_, out, capacity); }

private:
  Node& directory_;
  LinkTarget target_;
  int32_t pid_;
};

}  // namespace cw::fs::proc

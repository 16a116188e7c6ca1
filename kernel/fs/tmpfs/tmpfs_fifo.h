// A named pipe of /tmp (mknod with S_IFIFO, mkfifo): a node whose opens are ends of one pipe
// (kernel/fs/pipe.h Fifo). Its size is 0 and it holds no data of its own; the pipe's bytes live only
// while an end is open, as on Linux.
#pragma once

#include "kernel/fs/pipe.h"
#include "kernel/fs/tmpfs/tmpfs_node.h"

namespace cw::fs::tmpfs {

class TmpfsFifo final : public TmpfsNode {
public:
  // A FIFO in `parent`, with one reference. Errors: NoMemory.
  static Result<TmpfsFifo*> create(uint32_t permissions, Node& parent);
  TmpfsFifo(uint32_t permissions, Node& parent) : TmpfsNode(NodeType::Fifo, permissions, parent) {}

  Result<File*> open(uint32_t flags) override { return fifo_.open(*this, flags); }

private:
  Fifo fifo_;
};

}  // namespace cw::fs::tmpfs

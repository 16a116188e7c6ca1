// NodeFile: the open file description of a node in the name space (a regular file, a directory, a
// symlink opened with O_PATH): a position, the node, and the generic semantics of read, write, lseek,
// pread64/pwrite64 and getdents64 on top of the node's read_at / write_at / read_entry
// (kernel/fs/vfs/node.h). Devices have their own descriptions (kernel/fs/dev/).
//
// The position is guarded by a mutex, as Linux's f_pos_lock, so processes sharing a description (after
// fork or dup) each get whole reads and writes at distinct positions.
#pragma once

#include "kernel/fs/file.h"
#include "kernel/fs/vfs/node.h"
#include "kernel/sync/mutex.h"

namespace cw::fs {

class NodeFile final : public File {
public:
  // Takes over one reference on `node`. `flags`: open(2)'s (the access mode, O_APPEND, O_NONBLOCK).
  NodeFile(Node* node, uint32_t flags) : File(flags), node_(node), append_((flags & kOpenAppend) != 0) {}
  ~NodeFile() override;

  Result<uint32_t> read(uint32_t address, uint32_t length) override;
  Result<uint32_t> write(uint32_t address, uint32_t length) override;
  uint16_t ready() const override;
  FileStatus status() const override { return node_->status(); }
  Result<uint64_t> seek(int64_t offset, uint32_t whence) override;
  Result<uint32_t> read_at(uint64_t offset, uint32_t address, uint32_t length) override;
  Result<uint32_t> write_at(uint64_t offset, uint32_t address, uint32_t length) override;
  Result<uint32_t> read_directory(uint32_t address, uint32_t length) override;
  Node* node() const override { return node_; }

private:
  Node* node_;
  bool append_;
  Mutex position_lock_;
  uint64_t position_ = 0;        // bytes; for a directory, entries returned ("." and ".." count)
  uint64_t entry_cookie_ = 0;    // a directory's read_entry cookie after the last entry returned
};

// Opens `node` as open(2) does once the walk found it (the node's own open, then the status flags);
// takes over the caller's reference on `node` in every case. Errors: IsDirectory (writing a
// directory), NotDirectory (O_DIRECTORY on another kind), those of the node's open and truncate.
Result<File*> open_node(Node* node, uint32_t flags);

}  // namespace cw::fs

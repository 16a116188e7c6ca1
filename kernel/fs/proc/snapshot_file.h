// The open file of a generated /proc file: the text is made once, when the file is opened, into a
// buffer this description owns, so every read of one open file sees one consistent snapshot (as Linux's
// seq_file gives for a file read in one go; Clockwork keeps the whole text, which is at most a few KiB).
// Reading at or past the end gives 0; lseek and pread64 work on the snapshot. The files are 0444, but
// every Clockwork process is root, which Linux lets open them for writing: a write then fails as
// Linux's does for a proc file with no write method, EIO for the system-wide files (proc_reg_write
// without proc_write) and EINVAL for a process's (no FMODE_CAN_WRITE); pwrite64 is ESPIPE, as there.
#pragma once

#include "kernel/fs/file.h"
#include "kernel/fs/vfs/node.h"
#include "kernel/sync/mutex.h"
#include "lib/format.h"

namespace cw::fs::proc {

// Writes a file's text into `sink`. Runs with interrupts off (it reads the process table and the pager's
// state, which must not change meanwhile): no sleeping. Errors: NotFound (the process is gone).
using Generator = Result<void> (*)(int32_t pid, FormatSink& sink);

class SnapshotFile final : public File {
public:
  // Takes over `text` (kmalloc'd, `length` bytes) and one reference on `node`.
  // `write_error`: what write answers.
  SnapshotFile(Node* node, uint32_t flags, char* text, uint32_t length, Error write_error)
      : File(flags), node_(node), text_(text), length_(length), write_error_(write_error) {}
  ~SnapshotFile() override;

  Result<uint32_t> read(uint32_t address, uint32_t length) override;
  Result<uint32_t> write(uint32_t address, uint32_t length) override;
  uint16_t ready() const override;
  FileStatus status() const override { return node_->status(); }
  Result<uint64_t> seek(int64_t offset, uint32_t whence) override;
  Result<uint32_t> read_at(uint64_t offset, uint32_t address, uint32_t length) override;
  Node* node() const override { return node_; }

private:
  Node* node_;
  char* text_;
  uint32_t length_;
  Error write_error_;
  Mutex position_lock_;
  uint64_t position_ = 0;
};

// Generates the text for `pid` (0: a system-wide file) and opens `node` (a reference is taken) on it.
// Errors: NotFound (the process is gone), NoMemory.
Result<File*> open_snapshot(Node& node, uint32_t flags, Generator generate, int32_t pid);

}  // namespace cw::fs::proc

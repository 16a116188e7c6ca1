// One program of the image as a file of /bin: its ELF bytes, read from the system partition on each
// read (no page cache: the pages a process runs come through its ProgramImage memory object).
#pragma once

#include "kernel/fs/vfs/node.h"
#include "lib/disk_format.h"

namespace cw::fs::bin {

class ProgramFile final : public Node {
public:
  ProgramFile(const disk::ProgramEntry& entry, uint64_t number, Node& directory)
      : Node(NodeType::Regular, 0555, number, device_number(FsDevice::Bin)),
        entry_(entry),
        directory_(directory) {}

  Node* parent() const override { return &directory_; }
  uint64_t size() const override { return entry_.size; }
  Result<uint32_t> read_at(uint64_t offset, uint32_t address, uint32_t length) override;
  const disk::ProgramEntry* program() const override { return &entry_; }

protected:
  bool on_heap() const override { return false; }

private:
  const disk::ProgramEntry& entry_;
  Node& directory_;
};

}  // namespace cw::fs::bin

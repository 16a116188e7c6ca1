// One program of the image as a file of /bin: its ELF bytes, read from the system partition on each
// read (the pages a process runs come through its ProgramImage memory object). mmap of the file maps
// its ProgramFile object (mm/memory_object.h), made on the first mmap and kept for the kernel's
// lifetime, so every mapping of the file shares the pages read so far (clean: eviction drops them).
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
  mm::MemoryObject* memory_object() override;

protected:
  bool on_heap() const override { return false; }

private:
  const disk::ProgramEntry& entry_;
  Node& directory_;
  mm::MemoryObject* pages_ = nullptr;  // one reference, never dropped
};

}  // namespace cw::fs::bin

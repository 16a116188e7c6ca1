// A regular file of /tmp. Its bytes live in an anonymous memory object of its own (mm/memory_object.h),
// page i holding bytes [4096 i, 4096 (i + 1)), so they come from the pageable pool, are evicted to swap
// under memory pressure and read back on the next access, exactly as the pages of a process: a file may
// be larger than the pool. The object is marked shared (every process that opens the file sees the same
// pages) and is what mmap of the file maps (memory_object()).
//
// Reads and writes go through mm/object_io.h a page at a time: the page is brought in and pinned while
// bytes move between it and the caller's buffer (which may itself have to be faulted in). A page that was
// never written is read as zeros without taking a frame (a sparse file costs nothing for its holes).
//
// Space: a write that needs a new page is ENOSPC when free swap is down to an eighth of it plus a slot
// per pool frame, so a full /tmp never takes the swap the processes' pages need.
//
// The file's mutex serialises its reads, writes and truncates, as Linux's inode lock does for writes.
//
// execve runs the file from its pages (mm/executed_file.h): while an address space runs it, write access
// (an open for writing, a truncate by path) is TextBusy, and while it is open for writing execve of it
// is, with one count as Linux's i_writecount (guarded by turning interrupts off).
#pragma once

#include "kernel/fs/tmpfs/tmpfs_node.h"
#include "kernel/sync/mutex.h"
#include "mm/executed_file.h"

namespace cw::fs::tmpfs {

class TmpfsFile final : public TmpfsNode, public mm::ExecutedFile {
public:
  // An empty file in `parent`, with one reference. Errors: NoMemory.
  static Result<TmpfsFile*> create(uint32_t permissions, Node& parent);
  // For create: takes over one reference on `object`.
  TmpfsFile(uint32_t permissions, Node& parent, mm::MemoryObject* object)
      : TmpfsNode(NodeType::Regular, permissions, parent), object_(object) {}
  ~TmpfsFile() override;

  uint64_t size() const override { return size_; }
  Result<uint32_t> read_at(uint64_t offset, uint32_t address, uint32_t length) override;
  Result<uint32_t> write_at(uint64_t offset, uint32_t address, uint32_t length) override;
  Result<void> truncate(uint64_t size) override;
  mm::MemoryObject* memory_object() override { return object_; }
  mm::ExecutedFile* executable() override { return this; }
  Result<void> get_write_access() override;
  void put_write_access() override;

  // mm::ExecutedFile: a runner holds a reference on the file.
  mm::MemoryObject& pages() override { return *object_; }
  Result<void> add_runner() override;
  void remove_runner() override;

private:
  mm::MemoryObject* object_;  // one reference
  Mutex lock_;
  // Sets size_ and the object's page limit with it (a mapping's access past the last page is SIGBUS).
  void set_size(uint64_t size);

  uint64_t size_ = 0;
  int32_t write_count_ = 0;  // > 0: holders of write access; < 0: minus the runners
};

}  // namespace cw::fs::tmpfs

#include "kernel/fs/bin/program_file.h"

#include "kernel/arch/cpu.h"
#include "kernel/fs/program_store.h"
#include "kernel/heap.h"
#include "kernel/syscall/user_memory.h"
#include "mm/memory_object.h"

namespace cw::fs::bin {

namespace {
constexpr uint32_t kChunk = 4096;  // one bounce buffer per read, a page at a time
}

Result<uint32_t> ProgramFile::read_at(uint64_t offset, uint32_t address, uint32_t length) {
  if (offset >= entry_.size) return uint32_t{0};
  uint64_t left = entry_.size - offset;
  uint32_t total = length < left ? length : static_cast<uint32_t>(left);
  auto* buffer = static_cast<uint8_t*>(TRY(kmalloc(kChunk)));
  uint32_t done = 0;
  Result<void> status;
  while (done < total) {
    uint32_t n = total - done < kChunk ? total - done : kChunk;
    status = programs::read(entry_, static_cast<uint32_t>(offset) + done, buffer, n);
    if (status) status = syscall::current_space().copy_out(VirtAddr(address + done), buffer, n);
    if (!status) break;
    done += n;
  }
  kfree(buffer);
  // A short read is a success, as read(2) reports bytes moved before a fault; nothing moved is the error.
  if (!status && done == 0) return status.error();
  return done;
}

mm::MemoryObject* ProgramFile::memory_object() {
  cpu::InterruptGuard guard;  // memory objects change with interrupts off (mm/memory_object.h)
  if (!pages_) {
    auto object = mm::MemoryObject::create(mm::ObjectKind::ProgramFile, entry_.start);
    if (!object) return nullptr;  // no memory for the object: mmap reports the file as unmappable
    object.value()->mark_shared();
    pages_ = object.value();
  }
  return pages_;
}

}  // namespace cw::fs::bin

#include "kernel/fs/proc/snapshot_file.h"

#include "kernel/arch/cpu.h"
#include "kernel/fs/readiness.h"
#include "kernel/heap.h"
#include "kernel/sync/lock_guard.h"
#include "kernel/syscall/user_memory.h"

namespace cw::fs::proc {

namespace {

constexpr uint32_t kFirstCapacity = 4096;
// maps of 128 regions (mm/region_map.h kMaxRegions) at about 80 characters a line fits with room.
constexpr uint32_t kMaxCapacity = 64 * 1024;

}  // namespace

SnapshotFile::~SnapshotFile() {
  kfree(text_);
  node_->unref();
}

Result<uint32_t> SnapshotFile::read(uint32_t address, uint32_t length) {
  LockGuard guard(position_lock_);
  uint32_t n = TRY(read_at(position_, address, length));
  position_ += n;
  return n;
}

// Linux's proc files without a write method: the open succeeds for root (CAP_DAC_OVERRIDE, and every
// Clockwork process is root), the write fails (see the header).
Result<uint32_t> SnapshotFile::write(uint32_t, uint32_t) { return write_error_; }

uint16_t SnapshotFile::ready() const { return kPollIn; }

Result<uint64_t> SnapshotFile::seek(int64_t offset, uint32_t whence) {
  LockGuard guard(position_lock_);
  int64_t base;
  switch (whence) {
    case kSeekSet: base = 0; break;
    case kSeekCurrent: base = static_cast<int64_t>(position_); break;
    case kSeekEnd: base = length_; break;
    default: return Error::InvalidArgument;
  }
  if (offset > 0 && base > INT64_MAX - offset) return Error::Overflow;
  int64_t target = base + offset;
  if (target < 0) return Error::InvalidArgument;
  position_ = static_cast<uint64_t>(target);
  return position_;
}

Result<uint32_t> SnapshotFile::read_at(uint64_t offset, uint32_t address, uint32_t length) {
  if (offset >= length_) return uint32_t{0};
  uint64_t left = length_ - offset;
  uint32_t n = length < left ? length : static_cast<uint32_t>(left);
  TRY(syscall::current_space().copy_out(VirtAddr(address), text_ + offset, n));
  return n;
}

Result<File*> open_snapshot(Node& node, uint32_t flags, Generator generate, int32_t pid) {
  // Generate into a buffer that grows until the text fits (the sink truncates and says so).
  for (uint32_t capacity = kFirstCapacity;; capacity *= 2) {
    auto* text = static_cast<char*>(TRY(kmalloc(capacity)));
    BufferSink sink(text, capacity);
    Result<void> made = [&]() -> Result<void> {
      cpu::InterruptGuard guard;
      return generate(pid, sink);
    }();
    if (!made) {
      kfree(text);
      return made.error();
    }
    // BufferSink keeps a NUL in the last byte: a text that filled capacity - 1 may have been cut.
    if (!sink.truncated() && sink.size() + 1 < capacity) {
      node.ref();
      Error write_error = pid == 0 ? Error::Io : Error::InvalidArgument;
      auto file = try_new<SnapshotFile>(&node, flags, text, static_cast<uint32_t>(sink.size()), write_error);
      if (!file) {
        node.unref();
        kfree(text);
        return file.error();
      }
      return static_cast<File*>(file.value());
    }
    kfree(text);
    if (capacity >= kMaxCapacity) return Error::NoMemory;
  }
}

}  // namespace cw::fs::proc

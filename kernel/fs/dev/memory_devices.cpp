#include "kernel/fs/dev/memory_devices.h"

#include "kernel/fs/readiness.h"
#include "kernel/heap.h"
#include "kernel/random.h"
#include "kernel/syscall/user_memory.h"

namespace cw::fs::dev {

namespace {

enum class Kind : uint8_t { Null, Zero, Random };

constexpr uint32_t kChunk = 512;

class MemoryDeviceFile final : public File {
public:
  MemoryDeviceFile(const DeviceNode& node, Kind kind, uint32_t flags)
      : File(flags), node_(node), kind_(kind) {}

  Result<uint32_t> read(uint32_t address, uint32_t length) override { return read_at(0, address, length); }
  Result<uint32_t> write(uint32_t, uint32_t length) override { return length; }
  uint16_t ready() const override { return kPollIn | kPollOut; }
  FileStatus status() const override { return node_.status(); }
  // Linux's memory devices accept any position and ignore it (null_lseek, and pread on them works).
  Result<uint64_t> seek(int64_t, uint32_t) override { return uint64_t{0}; }
  Result<uint32_t> write_at(uint64_t, uint32_t, uint32_t length) override { return length; }

  Result<uint32_t> read_at(uint64_t, uint32_t address, uint32_t length) override {
    if (kind_ == Kind::Null) return uint32_t{0};
    uint8_t chunk[kChunk];
    if (kind_ == Kind::Zero) __builtin_memset(chunk, 0, sizeof(chunk));
    for (uint32_t done = 0; done < length;) {
      uint32_t n = length - done < kChunk ? length - done : kChunk;
      if (kind_ == Kind::Random) random::fill(chunk, n);
      auto copied = syscall::current_space().copy_out(VirtAddr(address + done), chunk, n);
      if (!copied) {
        if (done > 0) return done;
        return copied.error();
      }
      done += n;
    }
    return length;
  }

  Node* node() const override { return const_cast<DeviceNode*>(&node_); }

private:
  const DeviceNode& node_;
  Kind kind_;
};

Result<File*> make(const DeviceNode& node, Kind kind, uint32_t flags) {
  auto file = TRY(try_new<MemoryDeviceFile>(node, kind, flags));
  return static_cast<File*>(file);
}

}  // namespace

Result<File*> open_null(const DeviceNode& node, uint32_t flags) { return make(node, Kind::Null, flags); }
Result<File*> open_zero(const DeviceNode& node, uint32_t flags) { return make(node, Kind::Zero, flags); }
Result<File*> open_random(const DeviceNode& node, uint32_t flags) { return make(node, Kind::Random, flags); }

}  // namespace cw::fs::dev

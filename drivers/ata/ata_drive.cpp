#include "drivers/ata/ata_drive.h"

#include "drivers/ata/ata_regs.h"
#include "kernel/print.h"
#include "kernel/sync/lock_guard.h"
#include "lib/disk_format.h"
#include "mm/kernel_layout.h"

namespace cw::ata {

namespace {

inline constexpr uint32_t kFlushTimeoutMs = 30000;

// A command's LBA28 and LBA48 forms.
struct Op {
  StringView name, ext_name;
  uint8_t opcode, ext_opcode;
};

constexpr Op kRead{"READ SECTORS", "READ SECTORS EXT", kCmdReadSectors, kCmdReadSectorsExt};
constexpr Op kWrite{"WRITE SECTORS", "WRITE SECTORS EXT", kCmdWriteSectors, kCmdWriteSectorsExt};
constexpr Op kReadDma{"READ DMA", "READ DMA EXT", kCmdReadDma, kCmdReadDmaExt};
constexpr Op kWriteDma{"WRITE DMA", "WRITE DMA EXT", kCmdWriteDma, kCmdWriteDmaExt};
constexpr Op kFlush{"FLUSH CACHE", "FLUSH CACHE", kCmdFlushCache, kCmdFlushCache};

Command make_command(const AtaDrive& drive, const Op& op, uint64_t lba, uint32_t count) {
  Command cmd;
  cmd.who = drive.name();
  cmd.device = static_cast<uint8_t>(kDeviceBase | kDeviceLba | (drive.device() ? kDeviceSlave : 0));
  // LBA28 reaches the sectors below kLba28Limit; beyond that only the EXT form (LBA48) can.
  cmd.ext = lba + count > kLba28Limit;
  cmd.opcode = cmd.ext ? op.ext_opcode : op.opcode;
  cmd.name = cmd.ext ? op.ext_name : op.name;
  cmd.lba = lba;
  cmd.count = count;
  return cmd;
}

// True if the bus master can reach [data, data + bytes) directly: word aligned (PRD bit 0 is 0) and
// inside the kernel's direct map, where virtual and physical addresses differ by a constant, so the
// buffer is physically contiguous.
bool dma_reachable(const uint8_t* data, uint32_t bytes) {
  return (reinterpret_cast<uint32_t>(data) & 1) == 0 && in_direct_map(data, bytes);
}

}  // namespace

AtaStats& AtaStats::operator+=(const AtaStats& other) {
  sectors_read += other.sectors_read;
  sectors_written += other.sectors_written;
  commands += other.commands;
  errors += other.errors;
  timeouts += other.timeouts;
  dma_commands += other.dma_commands;
  bounced += other.bounced;
  return *this;
}

Result<void> AtaDrive::init(Channel& channel, uint8_t device, const Identity& identity, StringView name) {
  TRY(set_name(name));
  channel_ = &channel;
  device_ = device;
  identity_ = identity;
  return {};
}

void AtaDrive::count_failure(Error error) {
  if (error == Error::TimedOut)
    ++stats_.timeouts;
  else
    ++stats_.errors;
}

Result<void> AtaDrive::set_transfer(Transfer transfer) {
  if (transfer == Transfer::Dma && !dma_capable_) return fail(Error::NotSupported);
  LockGuard channel_owner(channel_->lock());  // no command is half-way through when the method changes
  transfer_ = transfer;
  return {};
}

// Precondition: the caller holds the channel lock.
Result<void> AtaDrive::dma_command(bool write, uint64_t lba, uint32_t n, PhysAddr data) {
  Command cmd = make_command(*this, write ? kWriteDma : kReadDma, lba, n);
  ++stats_.commands;
  ++stats_.dma_commands;
  Result<void> done = channel_->dma(cmd, data, !write);
  if (!done) {
    count_failure(done.error());
    if (done.error() == Error::TimedOut) {
      transfer_ = Transfer::Pio;
      dma_capable_ = false;
      kprint("{}: DMA timed out: the drive uses PIO from now on\n", name());
    }
  }
  return done;
}

// Precondition: the caller holds the channel lock.
Result<void> AtaDrive::command(uint64_t lba, uint32_t n, uint8_t* into, const uint8_t* from) {
  bool write = from != nullptr;
  const uint8_t* data = write ? from : into;
  uint32_t bytes = n * block::kSectorSize;
  if (transfer_ == Transfer::Dma && dma_reachable(data, bytes))
    return dma_command(write, lba, n, virt_to_phys(VirtAddr(reinterpret_cast<uint32_t>(data))));
  if (transfer_ == Transfer::Dma) {
    // Through the bounce frame, a page at a time.
    const BusMaster& bm = channel_->bus_master();
    for (uint32_t done = 0; done < n;) {
      uint32_t k = n - done < disk::kSectorsPerPage ? n - done : disk::kSectorsPerPage;
      uint32_t offset = done * block::kSectorSize;
      if (write) __builtin_memcpy(bm.bounce_bytes, from + offset, k * block::kSectorSize);
      ++stats_.bounced;
      TRY(dma_command(write, lba + done, k, bm.bounce));
      if (!write) __builtin_memcpy(into + offset, bm.bounce_bytes, k * block::kSectorSize);
      done += k;
    }
    return {};
  }
  Command cmd = make_command(*this, write ? kWrite : kRead, lba, n);
  ++stats_.commands;
  Result<void> done = write ? channel_->pio_out(cmd, from) : channel_->pio_in(cmd, into);
  if (!done) count_failure(done.error());
  return done;
}

Result<void> AtaDrive::do_read(uint64_t lba, uint32_t count, void* buffer) {
  LockGuard channel_owner(channel_->lock());
  auto* out = static_cast<uint8_t*>(buffer);
  while (count > 0) {
    uint32_t n = count < kMaxSectorsPerCommand ? count : kMaxSectorsPerCommand;
    TRY(command(lba, n, out, nullptr));
    stats_.sectors_read += n;
    lba += n;
    count -= n;
    out += n * block::kSectorSize;
  }
  return {};
}

Result<void> AtaDrive::do_write(uint64_t lba, uint32_t count, const void* buffer, block::Durability durability) {
  LockGuard channel_owner(channel_->lock());  // held through the flush
  const auto* in = static_cast<const uint8_t*>(buffer);
  while (count > 0) {
    uint32_t n = count < kMaxSectorsPerCommand ? count : kMaxSectorsPerCommand;
    TRY(command(lba, n, nullptr, in));
    stats_.sectors_written += n;
    lba += n;
    count -= n;
    in += n * block::kSectorSize;
  }
  if (durability == block::Durability::ThisBoot) return {};
  return flush();
}

// Precondition: the caller holds the channel lock.
Result<void> AtaDrive::flush() {
  // FLUSH CACHE EXT for devices with 48-bit addressing (it covers the whole capacity), else FLUSH CACHE.
  bool ext = identity_.lba48 && identity_.flush_cache_ext;
  if (!ext && !identity_.flush_cache) return {};  // no volatile cache to flush, or no way to: nothing to do
  Command cmd = make_command(*this, kFlush, 0, 0);  // no parameters: the LBA28 task file of zeros
  if (ext) {
    cmd.opcode = kCmdFlushCacheExt;
    cmd.name = "FLUSH CACHE EXT";
  }
  ++stats_.commands;
  Result<void> done = channel_->non_data(cmd, kFlushTimeoutMs);
  if (!done) count_failure(done.error());
  return done;
}

}  // namespace cw::ata

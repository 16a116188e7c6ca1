#include "drivers/ata/ata_drive.h"

#include "drivers/ata/ata_regs.h"
#include "kernel/sync/lock_guard.h"

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

}  // namespace

AtaStats& AtaStats::operator+=(const AtaStats& other) {
  sectors_read += other.sectors_read;
  sectors_written += other.sectors_written;
  commands += other.commands;
  errors += other.errors;
  timeouts += other.timeouts;
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

Result<void> AtaDrive::do_read(uint64_t lba, uint32_t count, void* buffer) {
  LockGuard channel_owner(channel_->lock());
  auto* out = static_cast<uint8_t*>(buffer);
  while (count > 0) {
    uint32_t n = count < kMaxSectorsPerCommand ? count : kMaxSectorsPerCommand;
    Command cmd = make_command(*this, kRead, lba, n);
    ++stats_.commands;
    Result<void> done = channel_->pio_in(cmd, out);
    if (!done) {
      count_failure(done.error());
      return done;
    }
    stats_.sectors_read += n;
    lba += n;
    count -= n;
    out += n * block::kSectorSize;
  }
  return {};
}

Result<void> AtaDrive::do_write(uint64_t lba, uint32_t count, const void* buffer) {
  LockGuard channel_owner(channel_->lock());  // held through the flush
  const auto* in = static_cast<const uint8_t*>(buffer);
  while (count > 0) {
    uint32_t n = count < kMaxSectorsPerCommand ? count : kMaxSectorsPerCommand;
    Command cmd = make_command(*this, kWrite, lba, n);
    ++stats_.commands;
    Result<void> done = channel_->pio_out(cmd, in);
    if (!done) {
      count_failure(done.error());
      return done;
    }
    stats_.sectors_written += n;
    lba += n;
    count -= n;
    in += n * block::kSectorSize;
  }
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

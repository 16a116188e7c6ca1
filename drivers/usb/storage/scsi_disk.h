// ScsiDisk: the SCSI block commands (SBC-3) over a Bulk-Only transport, for one logical unit.
//
// start() brings the unit up: INQUIRY (a direct-access device is required), TEST UNIT READY retried while
// the unit is becoming ready or reports a UNIT ATTENTION (at most kReadyAttempts, kReadyPollMs apart),
// READ CAPACITY(10), and READ CAPACITY(16) when the 10-byte answer is 0xFFFFFFFF. Only 512-byte blocks
// are supported; other sizes are refused with a message. READ(10)/WRITE(10) address 2^32 blocks, so a
// larger unit is used up to that size.
//
// Every command that ends with CHECK CONDITION (CSW status 1) is followed by REQUEST SENSE; a UNIT
// ATTENTION is retried (kAttentionRetries), other sense is printed with its key and ASC/ASCQ and turned
// into a cw::Error (sense.h). Reads and writes are split into commands of at most kMaxTransferBlocks;
// a command that moves less than asked (residue, short packet) fails with Io. write() ends with
// SYNCHRONIZE CACHE(10) unless told not to (BlockDevice: data on the medium, or only for this boot); a
// device that refuses that command as an
// ILLEGAL REQUEST has no cache to flush and is not asked again.
//
// Not thread-safe: UsbDisk serializes. Must live in the direct map (its buffers go to the controller).
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/usb/core/usb_environment.h"
#include "drivers/usb/storage/bot_transport.h"
#include "drivers/usb/storage/scsi_commands.h"
#include "drivers/usb/storage/sense.h"
#include "lib/result.h"

namespace cw::usb::storage {

inline constexpr uint32_t kBlockSize = 512;
inline constexpr uint32_t kMaxTransferBlocks = 128;  // 64 KiB per READ(10)/WRITE(10)
inline constexpr uint32_t kReadyAttempts = 50;
inline constexpr uint32_t kReadyPollMs = 100;
inline constexpr uint32_t kAttentionRetries = 3;

class ScsiDisk {
public:
  constexpr ScsiDisk() = default;
  ScsiDisk(const ScsiDisk&) = delete;
  ScsiDisk& operator=(const ScsiDisk&) = delete;

  void init(Environment& env, BotTransport& transport, uint8_t lun, const char* name);
  // Errors: NotImplemented (not a direct-access device, block size not 512), NoDevice (no medium,
  // capacity 0), TimedOut (never became ready), and those of the commands.
  Result<void> start();

  uint64_t blocks() const { return blocks_; }
  const scsi::InquiryData& inquiry() const { return inquiry_; }

  // Preconditions: start() succeeded, [lba, lba + count) lies inside blocks(), count >= 1.
  Result<void> read(uint32_t lba, uint32_t count, void* buffer);
  Result<void> write(uint32_t lba, uint32_t count, const void* buffer, bool flush_after = true);

private:
  // One command; CHECK CONDITION -> REQUEST SENSE, UNIT ATTENTION retried. `length` must be moved in full.
  Result<void> run(const scsi::Cdb& cdb, Direction direction, void* data, uint32_t length, const char* what);
  Result<Sense> request_sense();
  Result<void> wait_ready();
  Result<void> read_capacity();
  Result<void> flush();
  // READ(10) or WRITE(10) commands of at most kMaxTransferBlocks each.
  Result<void> transfer(Direction direction, uint32_t lba, uint32_t count, uint8_t* bytes);

  Environment* env_ = nullptr;
  BotTransport* transport_ = nullptr;
  const char* name_ = "";
  uint8_t lun_ = 0;
  uint64_t blocks_ = 0;
  bool cache_flush_ = true;
  scsi::InquiryData inquiry_;
  // INQUIRY, sense and capacity answers (the largest is INQUIRY's 36 bytes).
  uint8_t buffer_[scsi::kInquiryLength] = {};
};

}  // namespace cw::usb::storage

// UsbDisk: a USB mass-storage logical unit (Bulk-Only transport, SCSI block commands) as a
// block::BlockDevice. Requests are serialized by a Lock (the kernel's is a Mutex): one SCSI command at a
// time per disk (BOT 5.3: the transport carries one command at a time). Lives in static storage, in the
// direct map, like every buffer handed to the HostController; the callers' buffers must be in the
// direct map too (all kernel memory but the 0xF0000000 window is, mm/kernel_layout.h).
#pragma once

#include <cstdint>

#include "drivers/block/block_device.h"
#include "drivers/usb/core/usb_environment.h"
#include "drivers/usb/storage/bot_transport.h"
#include "drivers/usb/storage/scsi_disk.h"
#include "lib/string_view.h"

namespace cw::usb::storage {

class UsbDisk final : public block::BlockDevice {
public:
  constexpr UsbDisk() = default;

  // Names the disk, sets up the transport, asks GET MAX LUN and brings LUN `lun` up (ScsiDisk::start).
  // On failure the disk has sector_count() 0 and may be started again for another device.
  Result<void> start(Environment& env, Lock& lock, HostController& hc, Device& device, uint8_t interface,
                     const BulkPair& endpoints, uint8_t lun, StringView name);

  uint64_t sector_count() const override { return sectors_; }
  const scsi::InquiryData& inquiry() const { return scsi_.inquiry(); }
  const BotStats& stats() const { return transport_.stats(); }
  uint8_t max_lun() const { return max_lun_; }

protected:
  Result<void> do_read(uint64_t lba, uint32_t count, void* buffer) override;
  Result<void> do_write(uint64_t lba, uint32_t count, const void* buffer, block::Durability durability) override;

private:
  BotTransport transport_;
  ScsiDisk scsi_;
  Lock* lock_ = nullptr;
  uint64_t sectors_ = 0;
  uint8_t max_lun_ = 0;
};

}  // namespace cw::usb::storage

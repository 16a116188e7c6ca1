#include "drivers/usb/storage/usb_disk.h"

namespace cw::usb::storage {

Result<void> UsbDisk::start(Environment& env, Lock& lock, HostController& hc, Device& device, uint8_t interface,
                            const BulkPair& endpoints, uint8_t lun, StringView name) {
  sectors_ = 0;
  TRY(set_name(name));
  lock_ = &lock;
  ScopedLock guard(lock);
  // The name's storage is this BlockDevice's, NUL-terminated: safe to hand on as a C string.
  const char* text = this->name().data();
  transport_.init(env, hc, device, interface, endpoints, text);
  max_lun_ = TRY(transport_.get_max_lun());
  scsi_.init(env, transport_, lun, text);
  TRY(scsi_.start());
  sectors_ = scsi_.blocks();
  return {};
}

// BlockDevice::read/write checked the range against sector_count() <= 2^32, so the LBA fits 32 bits.
Result<void> UsbDisk::do_read(uint64_t lba, uint32_t count, void* buffer) {
  ScopedLock guard(*lock_);
  return scsi_.read(static_cast<uint32_t>(lba), count, buffer);
}

Result<void> UsbDisk::do_write(uint64_t lba, uint32_t count, const void* buffer, block::Durability durability) {
  ScopedLock guard(*lock_);
  return scsi_.write(static_cast<uint32_t>(lba), count, buffer, durability == block::Durability::OnMedium);
}

}  // namespace cw::usb::storage

// The mass-storage class driver: takes a device with an interface of class 0x08, subclass 0x06 (SCSI
// transparent command set), protocol 0x50 (Bulk-Only Transport) (USB MSC Overview 1.4, 2 and 3), finds
// its bulk IN and OUT endpoints, asks GET MAX LUN, brings LUN 0 up as a UsbDisk, registers it in the
// BlockRegistry as "usb<n>" and each partition of its MBR as "usb<n>p<slot>" (drivers/block/
// block_registry.h), and prints one line per disk and partition. A disk whose partition table is missing
// or invalid stays registered without partitions. Only LUN 0 is used; further LUNs are reported.
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/block/block_device.h"
#include "drivers/block/block_registry.h"
#include "drivers/block/partition_table.h"
#include "drivers/usb/core/class_driver.h"
#include "drivers/usb/core/usb_environment.h"
#include "drivers/usb/storage/usb_disk.h"

namespace cw::usb::storage {

inline constexpr size_t kMaxDisks = 4;
inline constexpr uint8_t kSubclassScsi = 0x06;
inline constexpr uint8_t kProtocolBulkOnly = 0x50;

class MassStorageDriver final : public ClassDriver {
public:
  // `locks[i]` serializes disk i; all must outlive the driver.
  MassStorageDriver(block::BlockRegistry& registry, Lock* const (&locks)[kMaxDisks])
      : registry_(registry), locks_(locks) {}

  const char* name() const override { return "mass storage"; }
  bool matches(const UsbDevice& device, const Configuration& config) const override;
  Result<void> prepare(Bus& bus, UsbDevice& device, const Configuration& config) override;
  Result<void> attach(Bus& bus, UsbDevice& device, const Configuration& config) override;

  size_t disk_count() const { return count_; }
  UsbDisk& disk(size_t i) { return disks_[i]; }

private:
  void register_disk(Environment& env, UsbDisk& disk);

  block::BlockRegistry& registry_;
  Lock* const (&locks_)[kMaxDisks];
  UsbDisk disks_[kMaxDisks];
  block::Partition partitions_[kMaxDisks][block::PartitionTable::kMaxEntries];
  size_t count_ = 0;
};

}  // namespace cw::usb::storage

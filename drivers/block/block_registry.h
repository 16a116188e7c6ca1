// BlockRegistry: the kernel's table of block devices by name, fixed capacity, no allocation.
//
// Drivers register whole disks under "<driver><n>" ("ata0".."ata3"; a USB driver would use "usb0", ...)
// and each partition of a disk under "<disk>p<slot>" ("ata0p1" for MBR slot 1). Devices are never
// unregistered: they live in the drivers' static storage for the life of the kernel. The registry does
// not own the devices.
//
// Registration happens at boot, before other threads use the registry; lookups afterwards only read, so
// no lock is needed as long as nothing registers later (hot-plug would need one).
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/block/block_device.h"
#include "drivers/block/partition_table.h"
#include "lib/result.h"
#include "lib/string_view.h"

namespace cw::block {

class BlockRegistry {
public:
  static constexpr size_t kCapacity = 24;  // 4 ATA disks with 4 partitions each, and room for USB

  constexpr BlockRegistry() = default;
  BlockRegistry(const BlockRegistry&) = delete;
  BlockRegistry& operator=(const BlockRegistry&) = delete;

  // Adds a whole disk, or a partition (which is also remembered as a Partition for find_partition).
  // Errors: InvalidArgument if the device has no name; Exists if the name is taken; NoSpace if full.
  Result<void> add(BlockDevice& device);
  Result<void> add(Partition& partition);

  size_t size() const { return size_; }
  BlockDevice& operator[](size_t i) const { return *entries_[i].device; }
  // nullptr if i is a whole disk.
  Partition* partition_at(size_t i) const { return entries_[i].partition; }

  BlockDevice* find(StringView name) const;
  // The first registered partition of type `type`, on `disk` if it is not nullptr. Registration order
  // makes "first" mean the lowest-numbered disk, then the lowest slot.
  Partition* find_partition(uint8_t type, const BlockDevice* disk = nullptr) const;

private:
  struct Entry {
    BlockDevice* device = nullptr;
    Partition* partition = nullptr;
  };
  Result<void> add_entry(BlockDevice& device, Partition* partition);

  Entry entries_[kCapacity];
  size_t size_ = 0;
};

// The kernel's registry (drivers register into it at boot).
BlockRegistry& block_registry();

// Reads `disk`'s partition table, attaches one Partition from `storage` per used entry, named
// "<disk name>p<slot>", and adds each to `registry`; `storage` must have kMaxEntries unattached elements.
// The disk itself is not added. Returns the table. Errors: those of PartitionTable::read; NameTooLong if
// "<disk>p<slot>" does not fit kNameMax; those of Partition::attach and BlockRegistry::add (the
// partitions added before the failure stay registered).
Result<PartitionTable> register_partitions(BlockRegistry& registry, BlockDevice& disk,
                                           Partition (&storage)[PartitionTable::kMaxEntries]);

}  // namespace cw::block

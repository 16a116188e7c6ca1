// Reading the MBR partition table of a disk (the IBM PC layout; the UEFI spec 2.10 section 5.2.1
// "Legacy Master Boot Record" restates it; the structures are in lib/disk_format.h).
//
// Only the four primary entries are used. Extended partitions (types 0x05, 0x0F, 0x85) are returned as
// ordinary entries and not followed; a GPT disk (a protective 0xEE entry) is reported as NotImplemented.
// The table is accepted only if it is self-consistent, because the kernel writes swap pages into one of
// its partitions and a bad table could point that at the system partition or past the disk:
//   * bytes 510-511 hold 0x55 0xAA                                     else NotFound (no partition table)
//   * every status byte is 0x00 or 0x80                                else InvalidArgument (not an MBR)
//   * an entry with type 0 or sector count 0 is empty and ignored
//   * a used entry starts after sector 0 and ends inside the disk     else Range
//   * no two used entries overlap                                      else InvalidArgument
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/block/block_device.h"
#include "lib/disk_format.h"
#include "lib/result.h"

namespace cw::block {

struct PartitionInfo {
  uint8_t index = 0;   // 1-4: the slot in the table (partition "p<index>")
  uint8_t type = 0;    // the type byte (disk::kPartitionTypeSystem, disk::kPartitionTypeSwap, ...)
  bool active = false; // status 0x80
  uint32_t first = 0;  // first LBA on the disk
  uint32_t count = 0;  // sectors, >= 1
};

class PartitionTable {
public:
  static constexpr size_t kMaxEntries = disk::kMbrPartitionCount;

  // The used entries, in slot order.
  size_t size() const { return size_; }
  const PartitionInfo& operator[](size_t i) const { return entries_[i]; }
  // The first used entry of type `type`, or nullptr.
  const PartitionInfo* find_type(uint8_t type) const;

  // Parses a 512-byte sector 0 of a disk of `disk_sectors` sectors (see the rules above).
  static Result<PartitionTable> parse(const uint8_t* sector0, uint64_t disk_sectors);
  // Reads sector 0 of `disk` and parses it. Errors: those of parse() and of disk.read().
  static Result<PartitionTable> read(BlockDevice& disk);

private:
  PartitionInfo entries_[kMaxEntries];
  size_t size_ = 0;
};

// A description of an error from PartitionTable::parse/read for boot messages, e.g. "no MBR signature".
const char* describe_table_error(Error error);

}  // namespace cw::block

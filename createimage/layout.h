// Where every piece of the image goes, computed from sizes alone (so it can be tested with sizes far too
// large to build). See lib/disk_format.h for the format this implements.
//
//   LBA 0                       MBR
//   LBA kPartitionAlignSectors  system partition: superblock, directory, then the kernel and each
//                               program on its own 4 KiB (8-sector) boundary; the partition is padded to
//                               the next 1 MiB boundary so the swap partition starts aligned
//   after it                    swap partition, swap_sectors long; the image ends there
#pragma once

#include <cstdint>
#include <vector>

namespace cw::image {

// A run of sectors inside the system partition (start is relative to the partition's first LBA).
struct Extent {
  uint32_t start = 0;
  uint32_t sectors = 0;
};

struct Layout {
  uint32_t system_lba = 0;      // first LBA of partition 1
  uint32_t system_sectors = 0;  // length of partition 1 (up to the swap partition)
  uint32_t swap_lba = 0;        // first LBA of partition 2, 1 MiB aligned
  uint32_t swap_sectors = 0;
  uint32_t total_sectors = 0;   // image size in sectors
  Extent superblock;
  Extent directory;             // sectors may be 0 when there are no programs
  Extent kernel;
  std::vector<Extent> programs;  // parallel to program_bytes
};

// Places the pieces. kernel_bytes is the flat kernel size, program_bytes each program's file size,
// swap_sectors the swap partition size (a positive multiple of a page). Throws ImageError if any sector
// number or the image size does not fit in 32 bits.
Layout plan_layout(uint32_t kernel_bytes, const std::vector<uint32_t>& program_bytes, uint32_t swap_sectors);

}  // namespace cw::image

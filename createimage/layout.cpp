#include "createimage/layout.h"

#include <limits>
#include <string>

#include "createimage/errors.h"
#include "lib/disk_format.h"

namespace cw::image {

namespace {

// All arithmetic is 64-bit and checked once per result: inputs are below 2^32, so no intermediate
// value here can overflow 64 bits.
constexpr uint64_t align_up(uint64_t value, uint64_t align) { return (value + align - 1) / align * align; }
constexpr uint64_t sectors_for(uint64_t bytes) { return (bytes + disk::kSectorSize - 1) / disk::kSectorSize; }

uint32_t fit(uint64_t value, const char* what) {
  if (value > std::numeric_limits<uint32_t>::max()) {
    throw ImageError(std::string("image too large: ") + what + " at sector " + std::to_string(value) +
                     " does not fit the 32-bit sector numbers of the disk format");
  }
  return static_cast<uint32_t>(value);
}

}  // namespace

Layout plan_layout(uint32_t kernel_bytes, const std::vector<uint32_t>& program_bytes, uint32_t swap_sectors) {
  Layout layout;
  layout.system_lba = disk::kPartitionAlignSectors;
  layout.superblock = Extent{0, 1};
  layout.directory = Extent{1, fit(sectors_for(uint64_t{program_bytes.size()} * sizeof(disk::ProgramEntry)),
                                   "the program directory")};

  uint64_t next = align_up(layout.directory.start + uint64_t{layout.directory.sectors}, disk::kSectorsPerPage);
  const auto place = [&](uint32_t bytes, const char* what) {
    const uint64_t sectors = sectors_for(bytes);
    // The end must fit too: the superblock and directory store start and count, and the LBA of the last
    // sector is system_lba + start + sectors - 1.
    fit(layout.system_lba + next + sectors, what);
    const Extent extent{static_cast<uint32_t>(next), static_cast<uint32_t>(sectors)};
    next = align_up(next + sectors, disk::kSectorsPerPage);
    return extent;
  };
  layout.kernel = place(kernel_bytes, "the kernel");
  for (uint32_t bytes : program_bytes) layout.programs.push_back(place(bytes, "a program"));

  const uint64_t swap_lba = align_up(layout.system_lba + next, disk::kPartitionAlignSectors);
  layout.swap_lba = fit(swap_lba, "the swap partition");
  layout.system_sectors = layout.swap_lba - layout.system_lba;
  layout.swap_sectors = swap_sectors;
  layout.total_sectors = fit(swap_lba + swap_sectors, "the end of the swap partition");
  return layout;
}

}  // namespace cw::image

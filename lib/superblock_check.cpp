#include "lib/superblock_check.h"

#include "lib/crc32.h"

namespace cw::disk {

namespace {

constexpr uint64_t directory_sectors(uint32_t count) {
  return (uint64_t{count} * sizeof(ProgramEntry) + kSectorSize - 1) / kSectorSize;
}

}  // namespace

const char* superblock_bad_field(const Superblock& sb) {
  if (sb.magic != kSuperblockMagic) return "magic";
  if (sb.version != kFormatVersion) return "version";
  if (sb.superblock_size != sizeof(Superblock)) return "superblock_size";
  // Sector 0 is the superblock; everything else must lie inside the partition the superblock describes
  // (the bootblock also holds partition_sectors against the MBR's partition entry).
  if (sb.partition_sectors < 2) return "partition_sectors";
  if (sb.kernel_sectors == 0 || sb.kernel_sectors > kKernelMaxSectors) return "kernel_sectors";
  if (sb.kernel_start == 0 || sb.kernel_start % kSectorsPerPage != 0 ||
      uint64_t{sb.kernel_start} + sb.kernel_sectors > sb.partition_sectors)
    return "kernel_start";
  if (sb.kernel_load != kKernelLoadAddress) return "kernel_load";
  const uint32_t kernel_bytes = sb.kernel_sectors * kSectorSize;
  // The entry point must be inside the image the bootblock copies.
  if (sb.kernel_entry < sb.kernel_load || sb.kernel_entry - sb.kernel_load >= kernel_bytes) return "kernel_entry";
  // Memory covers the flat image (whose last sector may be partly padding) and ends below the boot mapping.
  if (sb.kernel_memsz <= kernel_bytes - kSectorSize || sb.kernel_memsz > kKernelMemoryEnd - sb.kernel_load)
    return "kernel_memsz";
  if (sb.progdir_count > kMaxPrograms) return "progdir_count";
  if (sb.progdir_start == 0 || sb.progdir_start + directory_sectors(sb.progdir_count) > sb.partition_sectors)
    return "progdir_start";
  for (uint32_t word : sb.reserved)
    if (word != 0) return "reserved";
  bool terminated = false;
  for (char c : sb.cmdline) terminated = terminated || c == '\0';
  if (!terminated) return "cmdline";
  return nullptr;
}

bool superblock_checksum_ok(const Superblock& sb, const void* kernel) {
  return crc32(kernel, size_t{sb.kernel_sectors} * kSectorSize) == sb.kernel_checksum;
}

}  // namespace cw::disk

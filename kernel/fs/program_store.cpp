#include "kernel/fs/program_store.h"

#include "drivers/block/block_registry.h"
#include "kernel/heap.h"
#include "kernel/print.h"

namespace cw::programs {

namespace {

block::Partition* system = nullptr;
disk::ProgramEntry* directory = nullptr;
size_t entries = 0;

bool same_superblock(const disk::Superblock& a, const disk::Superblock& b) {
  return __builtin_memcmp(&a, &b, sizeof(a)) == 0;
}

// A partition of type 0x7F at the LBA the bootblock used, holding the superblock it read.
Result<block::Partition*> find_boot_partition(const BootParams& params) {
  auto& registry = block::block_registry();
  disk::Superblock sb;
  for (size_t i = 0; i < registry.size(); ++i) {
    block::Partition* p = registry.partition_at(i);
    if (!p || p->type() != disk::kPartitionTypeSystem || p->first_sector() != params.partition_lba) continue;
    if (!p->read(0, 1, &sb)) continue;
    if (same_superblock(sb, params.superblock)) return p;
  }
  return Error::NoDevice;
}

bool valid_entry(const disk::ProgramEntry& e, uint64_t partition_sectors) {
  if (e.name[0] == '\0' || e.name[disk::kProgramNameMax - 1] != '\0') return false;
  uint64_t end = e.start + (static_cast<uint64_t>(e.size) + disk::kSectorSize - 1) / disk::kSectorSize;
  return e.start % disk::kSectorsPerPage == 0 && end <= partition_sectors;
}

}  // namespace

Result<void> init(const BootParams& params) {
  system = TRY(find_boot_partition(params));
  // read_boot_params checked every field against sb.partition_sectors; here that size meets the disk's.
  const disk::Superblock& sb = params.superblock;
  if (sb.partition_sectors > system->sector_count()) {
    kprint("programs: superblock partition_sectors {} exceeds {} ({} sectors)\n", sb.partition_sectors,
           system->name(), system->sector_count());
    return Error::BadExecutable;
  }
  uint32_t sectors = div_round_up(sb.progdir_count * sizeof(disk::ProgramEntry), disk::kSectorSize);
  if (sectors == 0) return {};
  void* buffer = TRY(kmalloc(sectors * disk::kSectorSize));
  directory = static_cast<disk::ProgramEntry*>(buffer);
  TRY(system->read(sb.progdir_start, sectors, directory));
  for (uint32_t i = 0; i < sb.progdir_count; ++i) {
    if (!valid_entry(directory[i], system->sector_count())) {
      kprint("programs: directory entry {} is malformed; ignoring the rest\n", i);
      break;
    }
    ++entries;
  }
  kprint("programs: {} in the program directory on {}\n", entries, system->name());
  return {};
}

size_t count() { return entries; }
const disk::ProgramEntry& at(size_t index) { return directory[index]; }

const disk::ProgramEntry* find_by_start(uint32_t start) {
  for (size_t i = 0; i < entries; ++i)
    if (directory[i].start == start) return &directory[i];
  return nullptr;
}

const disk::ProgramEntry* find(StringView name) {
  for (size_t i = 0; i < entries; ++i)
    if (StringView(directory[i].name) == name) return &directory[i];
  return nullptr;
}

Result<void> read(const disk::ProgramEntry& program, uint32_t offset, void* buffer, uint32_t length) {
  if (offset > program.size || length > program.size - offset) return Error::Range;
  if (length == 0) return {};
  // Read the whole sectors covering the range into a bounce buffer, then copy the bytes asked for.
  uint32_t first = offset / disk::kSectorSize;
  uint32_t last = (offset + length - 1) / disk::kSectorSize;
  uint32_t sectors = last - first + 1;
  void* bounce = TRY(kmalloc(sectors * disk::kSectorSize));
  auto status = system->read(program.start + first, sectors, bounce);
  if (status) {
    __builtin_memcpy(buffer, static_cast<uint8_t*>(bounce) + offset % disk::kSectorSize, length);
  }
  kfree(bounce);
  return status;
}

block::Partition* system_partition() { return system; }

}  // namespace cw::programs

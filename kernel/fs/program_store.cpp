#include "kernel/fs/program_store.h"

#include "drivers/block/block_registry.h"
#include "kernel/heap.h"
#include "kernel/print.h"
#include "kernel/sync/lock_guard.h"
#include "kernel/sync/mutex.h"

namespace cw::programs {

namespace {

block::Partition* system = nullptr;
disk::ProgramEntry* directory = nullptr;
size_t entries = 0;

// Reads of program files bounce through this buffer, never through the kernel heap: a page fault that
// loads a page of a program must not fail because another process has run the heap out (it would be
// killed for someone else's exhaustion). A page plus one sector covers any page-sized piece at any
// offset in one read; longer reads go in pieces. The mutex serialises the readers (each may wait for the
// disk).
constexpr uint32_t kBounceSectors = disk::kSectorsPerPage + 1;
alignas(16) uint8_t bounce[kBounceSectors * disk::kSectorSize];
Mutex bounce_lock;

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
  // Read the whole sectors covering each piece of the range into the bounce buffer, then copy the bytes
  // asked for.
  LockGuard guard(bounce_lock);
  auto* out = static_cast<uint8_t*>(buffer);
  while (length > 0) {
    const uint32_t skip = offset % disk::kSectorSize;
    const uint32_t piece = length < sizeof(bounce) - skip ? length : static_cast<uint32_t>(sizeof(bounce)) - skip;
    const uint32_t sectors = div_round_up(skip + piece, disk::kSectorSize);
    TRY(system->read(program.start + offset / disk::kSectorSize, sectors, bounce));
    __builtin_memcpy(out, bounce + skip, piece);
    out += piece;
    offset += piece;
    length -= piece;
  }
  return {};
}

block::Partition* system_partition() { return system; }

}  // namespace cw::programs

#include "drivers/block/partition_table.h"

namespace cw::block {

namespace {

inline constexpr uint8_t kPartitionTypeGptProtective = 0xEE;  // UEFI 2.10 section 5.2.3

uint16_t load_le16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }

disk::MbrPartitionEntry load_entry(const uint8_t* sector0, size_t slot) {
  disk::MbrPartitionEntry entry;
  __builtin_memcpy(&entry, sector0 + disk::kMbrPartitionTableOffset + slot * sizeof(entry), sizeof(entry));
  return entry;
}

bool overlaps(const PartitionInfo& a, const PartitionInfo& b) {
  uint64_t a_end = uint64_t{a.first} + a.count;
  uint64_t b_end = uint64_t{b.first} + b.count;
  return a.first < b_end && b.first < a_end;
}

}  // namespace

const PartitionInfo* PartitionTable::find_type(uint8_t type) const {
  for (size_t i = 0; i < size_; ++i)
    if (entries_[i].type == type) return &entries_[i];
  return nullptr;
}

Result<PartitionTable> PartitionTable::parse(const uint8_t* sector0, uint64_t disk_sectors) {
  if (sector0 == nullptr) return fail(Error::InvalidArgument);
  if (load_le16(sector0 + disk::kMbrBootSignatureOffset) != disk::kMbrBootSignature)
    return fail(Error::NotFound);

  PartitionTable table;
  for (size_t slot = 0; slot < kMaxEntries; ++slot) {
    disk::MbrPartitionEntry raw = load_entry(sector0, slot);
    if (raw.status != 0 && raw.status != disk::kPartitionActive) return fail(Error::InvalidArgument);
    if (raw.type == 0 || raw.sector_count == 0) continue;
    if (raw.type == kPartitionTypeGptProtective) return fail(Error::NotImplemented);
    // 64-bit sum: an entry near the 32-bit limit must not wrap into range.
    if (raw.lba_first == 0 || uint64_t{raw.lba_first} + raw.sector_count > disk_sectors)
      return fail(Error::Range);
    PartitionInfo info;
    info.index = static_cast<uint8_t>(slot + 1);
    info.type = raw.type;
    info.active = raw.status == disk::kPartitionActive;
    info.first = raw.lba_first;
    info.count = raw.sector_count;
    for (size_t i = 0; i < table.size_; ++i)
      if (overlaps(table.entries_[i], info)) return fail(Error::InvalidArgument);
    table.entries_[table.size_++] = info;
  }
  return table;
}

Result<PartitionTable> PartitionTable::read(BlockDevice& disk) {
  uint8_t sector0[kSectorSize];
  TRY(disk.read(0, 1, sector0));
  return parse(sector0, disk.sector_count());
}

const char* describe_table_error(Error error) {
  switch (error) {
    case Error::NotFound: return "no MBR signature";
    case Error::InvalidArgument: return "not a valid MBR (bad status byte or overlapping partitions)";
    case Error::Range: return "a partition lies outside the disk";
    case Error::NotImplemented: return "GPT partitioning is not supported";
    default: return error_string(error);
  }
}

}  // namespace cw::block

#include "drivers/block/block_registry.h"

#include "lib/format.h"

namespace cw::block {

namespace {

constinit BlockRegistry g_registry;

}  // namespace

BlockRegistry& block_registry() { return g_registry; }

Result<void> BlockRegistry::add(BlockDevice& device) { return add_entry(device, nullptr); }

Result<void> BlockRegistry::add(Partition& partition) { return add_entry(partition, &partition); }

Result<void> BlockRegistry::add_entry(BlockDevice& device, Partition* partition) {
  if (device.name().empty()) return fail(Error::InvalidArgument);
  if (find(device.name()) != nullptr) return fail(Error::Exists);
  if (size_ == kCapacity) return fail(Error::NoSpace);
  entries_[size_++] = Entry{&device, partition};
  return {};
}

BlockDevice* BlockRegistry::find(StringView name) const {
  for (size_t i = 0; i < size_; ++i)
    if (entries_[i].device->name() == name) return entries_[i].device;
  return nullptr;
}

Partition* BlockRegistry::find_partition(uint8_t type, const BlockDevice* disk) const {
  for (size_t i = 0; i < size_; ++i) {
    Partition* p = entries_[i].partition;
    if (p != nullptr && p->type() == type && (disk == nullptr || p->parent() == disk)) return p;
  }
  return nullptr;
}

Result<PartitionTable> register_partitions(BlockRegistry& registry, BlockDevice& disk,
                                           Partition (&storage)[PartitionTable::kMaxEntries]) {
  PartitionTable table = TRY(PartitionTable::read(disk));
  for (size_t i = 0; i < table.size(); ++i) {
    const PartitionInfo& info = table[i];
    char name[kNameMax];
    BufferSink sink(name, sizeof name);
    format(sink, "{}p{}", disk.name(), info.index);
    if (sink.truncated()) return fail(Error::NameTooLong);
    Partition& partition = storage[i];
    TRY(partition.attach(disk, info.first, info.count, info.type, info.index, sink.view()));
    TRY(registry.add(partition));
  }
  return table;
}

}  // namespace cw::block

#include "drivers/usb/storage/mass_storage_driver.h"

#include "drivers/usb/core/descriptors.h"
#include "drivers/usb/core/usb_bus.h"

namespace cw::usb::storage {

namespace {

uint64_t mib(uint64_t sectors) { return sectors / (1024 * 1024 / block::kSectorSize); }

const InterfaceInfo* bulk_only_interface(const Configuration& config) {
  return find_interface(config, kClassMassStorage, kSubclassScsi, kProtocolBulkOnly);
}

}  // namespace

bool MassStorageDriver::matches(const UsbDevice&, const Configuration& config) const {
  return bulk_only_interface(config) != nullptr;
}

Result<void> MassStorageDriver::prepare(Bus&, UsbDevice&, const Configuration& config) {
  // Refuse before configuring a device whose interface has no bulk pair, or when every disk is in use.
  if (count_ == kMaxDisks) return fail(Error::NoSpace);
  TRY(find_bulk_endpoints(config, *bulk_only_interface(config)));
  return {};
}

Result<void> MassStorageDriver::attach(Bus& bus, UsbDevice& device, const Configuration& config) {
  Environment& env = bus.env();
  if (count_ == kMaxDisks) return fail(Error::NoSpace);
  const InterfaceInfo& interface = *bulk_only_interface(config);
  BulkPair endpoints = TRY(find_bulk_endpoints(config, interface));
  UsbDisk& disk = disks_[count_];
  char name[block::kNameMax];
  format_to(name, sizeof name, "usb{}", count_);

  TRY(disk.start(env, *locks_[count_], *device.controller, device.device, interface.number, endpoints, 0, name));
  ++count_;
  format(env.log(), "{}: \"{} {}\", {} sectors ({} MiB){}\n", disk.name(), disk.inquiry().vendor,
         disk.inquiry().product, disk.sector_count(), mib(disk.sector_count()),
         disk.inquiry().removable ? ", removable" : "");
  if (disk.max_lun() != 0)
    format(env.log(), "{}: LUNs 1-{} not used (only LUN 0 is)\n", disk.name(), disk.max_lun());
  register_disk(env, disk);
  return {};
}

void MassStorageDriver::register_disk(Environment& env, UsbDisk& disk) {
  if (Result<void> added = registry_.add(disk); !added) {
    format(env.log(), "{}: not registered: {}\n", disk.name(), added.error());
    return;
  }
  size_t index = static_cast<size_t>(&disk - disks_);
  Result<block::PartitionTable> table = block::register_partitions(registry_, disk, partitions_[index]);
  if (!table) {
    format(env.log(), "{}: no partitions: {}\n", disk.name(), block::describe_table_error(table.error()));
    return;
  }
  for (const block::Partition& p : partitions_[index]) {
    if (p.parent() == nullptr) continue;
    format(env.log(), "{}: type {:#04x}, sectors {}-{} ({} MiB)\n", p.name(), p.type(), p.first_sector(),
           p.first_sector() + p.sector_count() - 1, mib(p.sector_count()));
  }
}

}  // namespace cw::usb::storage

#include "drivers/ahci/ahci.h"

#include "drivers/ahci/ahci_disk.h"
#include "drivers/ahci/ahci_regs.h"
#include "drivers/block/block_registry.h"
#include "drivers/pci/pci.h"
#include "kernel/print.h"
#include "lib/format.h"

namespace cw::ahci {

namespace {

inline constexpr size_t kMaxDisks = 4;

constinit AhciDisk g_disks[kMaxDisks];
constinit block::Partition g_partitions[kMaxDisks][block::PartitionTable::kMaxEntries];

uint64_t mib(uint64_t sectors) { return sectors / (1024 * 1024 / block::kSectorSize); }

void register_disk(AhciDisk& disk, block::Partition (&partitions)[block::PartitionTable::kMaxEntries]) {
  if (Result<void> added = block::block_registry().add(disk); !added) {
    kprint("{}: not registered: {}\n", disk.name(), added.error());
    return;
  }
  Result<block::PartitionTable> table = block::register_partitions(block::block_registry(), disk, partitions);
  if (!table) {
    kprint("{}: no partitions: {}\n", disk.name(), block::describe_table_error(table.error()));
    return;
  }
  for (const block::Partition& p : partitions) {
    if (p.parent() == nullptr) continue;
    kprint("{}: type {:#04x}, sectors {}-{} ({} MiB)\n", p.name(), p.type(), p.first_sector(),
           p.first_sector() + p.sector_count() - 1, mib(p.sector_count()));
  }
}

}  // namespace

void init() {
  const pci::PciFunction* hba = pci::functions().find(pci::kAhciController);
  if (hba == nullptr) return;
  Result<VirtAddr> abar = pci::map_bar(*hba, kAbar);
  if (!abar) {
    kprint("ahci: {:04x}:{:04x}: cannot map BAR5: {}\n", hba->vendor, hba->device, abar.error());
    return;
  }
  pci::enable_bus_master(*hba);
  auto* regs = reinterpret_cast<volatile uint32_t*>(abar.value().get());
  regs[kRegGhc / 4] = regs[kRegGhc / 4] | kGhcAhciEnable;
  uint32_t implemented = regs[kRegPortsImplemented / 4];
  kprint("ahci: HBA {:04x}:{:04x} at {:02x}:{:02x}.{}, ports {:#x}\n", hba->vendor, hba->device,
         hba->address.bus, hba->address.device, hba->address.function, implemented);
  size_t count = 0;
  for (uint32_t port = 0; port < kMaxPorts && count < kMaxDisks; ++port) {
    if ((implemented & (1u << port)) == 0) continue;
    char name[block::kNameMax];
    format_to(name, sizeof name, "ahci{}", count);
    AhciDisk& disk = g_disks[count];
    Result<void> up = disk.init(abar.value(), port, name);
    if (!up) {
      if (up.error() != Error::NoDevice) kprint("ahci: port {}: unusable: {}\n", port, up.error());
      continue;
    }
    const ata::Identity& id = disk.identity();
    kprint("{}: port {}: \"{}\", {} sectors ({} MiB), DMA\n", disk.name(), port, id.model_view(), id.sectors,
           mib(id.sectors));
    register_disk(disk, g_partitions[count]);
    ++count;
  }
}

}  // namespace cw::ahci

#include "drivers/ahci/ahci.h"

#include "drivers/ahci/ahci_disk.h"
#include "drivers/ahci/ahci_regs.h"
#include "drivers/block/block_registry.h"
#include "drivers/pci/pci.h"
#include "kernel/arch/trap.h"
#include "kernel/print.h"
#include "lib/format.h"

namespace cw::ahci {

namespace {

inline constexpr size_t kMaxDisks = 4;

constinit AhciDisk g_disks[kMaxDisks];
size_t g_count = 0;
volatile uint32_t* g_regs = nullptr;
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

// The HBA's INTx handler (AHCI 1.3.1 section 10.7.2): each port's PxIS is cleared before the HBA's IS.
bool hba_irq(void*) {
  uint32_t pending = g_regs[kRegIs / 4];
  if (pending == 0 || pending == 0xFFFFFFFF) return false;  // not ours (the line is shared)
  for (size_t i = 0; i < g_count; ++i)
    if ((pending & (1u << g_disks[i].port())) != 0) g_disks[i].handle_irq();
  g_regs[kRegIs / 4] = pending;
  return true;
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
  kprint("ahci: HBA {:04x}:{:04x} at {:02x}:{:02x}.{}, ports {:#x}, irq {}\n", hba->vendor, hba->device,
         hba->address.bus, hba->address.device, hba->address.function, implemented, hba->legacy_irq());
  g_regs = regs;
  size_t& count = g_count;
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
    ++count;
  }
  // Commands complete by interrupt from here on, where firmware routed one; the disks poll otherwise.
  int irq = hba->legacy_irq();
  if (irq >= 0 && count > 0) {
    trap::add_shared_irq_handler(static_cast<unsigned>(irq), hba_irq, nullptr);
    for (size_t i = 0; i < count; ++i) g_disks[i].enable_interrupts();
    regs[kRegGhc / 4] = regs[kRegGhc / 4] | kGhcInterruptEnable;
  } else if (count > 0) {
    kprint("ahci: no interrupt line routed: commands are polled\n");
  }
  for (size_t i = 0; i < count; ++i) register_disk(g_disks[i], g_partitions[i]);
}

}  // namespace cw::ahci

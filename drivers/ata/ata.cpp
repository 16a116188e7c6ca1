#include "drivers/ata/ata.h"

#include "drivers/ata/ata_regs.h"
#include "drivers/ata/bus_master.h"
#include "drivers/ata/transfer_choice.h"
#include "drivers/block/block_registry.h"
#include "kernel/arch/cpu.h"
#include "kernel/arch/trap.h"
#include "kernel/panic.h"
#include "kernel/print.h"
#include "lib/format.h"

namespace cw::ata {

namespace {

constinit Channel g_channels[2] = {
    Channel(0, kPrimaryCommandBase, kPrimaryControlBase, kPrimaryIrq),
    Channel(1, kSecondaryCommandBase, kSecondaryControlBase, kSecondaryIrq),
};
constinit AtaDrive g_drives[kMaxDrives];
constinit bool g_present[kMaxDrives] = {};
constinit block::Partition g_partitions[kMaxDrives][block::PartitionTable::kMaxEntries];
bool g_initialized = false;

void primary_irq(TrapFrame&) { g_channels[0].handle_irq(); }
void secondary_irq(TrapFrame&) { g_channels[1].handle_irq(); }

// SET FEATURES is answered at once: it moves no data and does not touch the medium.
inline constexpr uint32_t kSetFeaturesTimeoutMs = 1000;

uint64_t mib(uint64_t sectors) { return sectors / (1024 * 1024 / block::kSectorSize); }

// Probes one position; on success initializes g_drives[index] and returns true.
bool probe(size_t index) {
  Channel& channel = g_channels[index / 2];
  uint8_t device = static_cast<uint8_t>(index % 2);
  char name[block::kNameMax];
  format_to(name, sizeof name, "ata{}", index);
  const char* position = device == 0 ? "master" : "slave";

  uint16_t words[kIdentifyWords];
  Probe found = channel.identify(device, words);
  switch (found.result) {
    case ProbeResult::Absent:
      kprint("{}: {} {}: none ({})\n", name, channel.name(), position, found.detail);
      return false;
    case ProbeResult::Atapi:
      kprint("{}: {} {}: ATAPI device, skipped\n", name, channel.name(), position);
      return false;
    case ProbeResult::NotAta:
      kprint("{}: {} {}: not an ATA disk ({}), skipped\n", name, channel.name(), position, found.detail);
      return false;
    case ProbeResult::Ata:
      break;
  }
  Result<Identity> identity = parse_identify(words);
  if (!identity) {
    kprint("{}: {} {}: unusable IDENTIFY data ({}), skipped\n", name, channel.name(), position,
           identity.error());
    return false;
  }
  const Identity& id = identity.value();
  if (!g_drives[index].init(channel, device, id, name)) PANIC("ata: bad device name {}", name);
  kprint("{}: {} {}: \"{}\", {} sectors ({} MiB), LBA{}{}\n", name, channel.name(), position,
         id.model_view(), id.sectors, mib(id.sectors), id.lba48 ? "48" : "28",
         id.flush_cache || id.flush_cache_ext ? ", write cache flush" : "");
  return true;
}

// Sets up the transfer method of a probed drive (interrupts already on: SET FEATURES completes by IRQ).
void choose_method(size_t index, const ControllerState& controller, bool force_pio) {
  AtaDrive& drive = g_drives[index];
  TransferChoice choice = choose_transfer(drive.identity(), controller, force_pio);
  if (choice.transfer == Transfer::Dma && choice.set_mode != 0) {
    Command cmd;
    cmd.who = drive.name();
    cmd.name = "SET FEATURES (transfer mode)";
    cmd.opcode = kCmdSetFeatures;
    cmd.features = kFeatureSetTransferMode;
    cmd.device = static_cast<uint8_t>(kDeviceBase | (drive.device() ? kDeviceSlave : 0));
    cmd.count = choice.set_mode;
    if (!drive.channel()->non_data(cmd, kSetFeaturesTimeoutMs)) {
      kprint("{}: PIO (the drive refused multiword DMA mode {})\n", drive.name(), choice.mode);
      return;
    }
  }
  if (choice.transfer == Transfer::Pio) {
    kprint("{}: PIO ({})\n", drive.name(), choice.reason);
    return;
  }
  drive.enable_dma();
  kprint("{}: bus-master DMA, {} DMA mode {}{}\n", drive.name(), choice.ultra ? "Ultra" : "multiword",
         choice.mode, choice.set_mode != 0 ? " (selected now)" : "");
}

void register_disk(size_t index) {
  AtaDrive& drive = g_drives[index];
  if (Result<void> added = block::block_registry().add(drive); !added) {
    kprint("{}: not registered: {}\n", drive.name(), added.error());
    return;
  }
  Result<block::PartitionTable> table =
      block::register_partitions(block::block_registry(), drive, g_partitions[index]);
  if (!table) {
    kprint("{}: no partitions: {}\n", drive.name(), block::describe_table_error(table.error()));
    return;
  }
  for (const block::Partition& p : g_partitions[index]) {
    if (p.parent() == nullptr) continue;
    kprint("{}: type {:#04x}, sectors {}-{} ({} MiB)\n", p.name(), p.type(), p.first_sector(),
           p.first_sector() + p.sector_count() - 1, mib(p.sector_count()));
  }
}

}  // namespace

void ata_init(bool force_pio) {
  CW_ASSERT(!g_initialized);
  CW_ASSERT(cpu::interrupts_enabled());  // the probe's timeouts are measured in PIT ticks
  g_initialized = true;
  uint64_t start = now_ms();

  // Probe by polling, with the devices' interrupts off and no handler installed.
  for (Channel& channel : g_channels) channel.set_interrupts(false);
  for (size_t i = 0; i < kMaxDrives; ++i) g_present[i] = probe(i);
  kprint("ata: probe took {} ms\n", now_ms() - start);

  // From here on every command is interrupt-driven.
  for (Channel& channel : g_channels) {
    size_t first = channel.index() * 2u;
    if (!g_present[first] && !g_present[first + 1]) continue;
    trap::set_irq_handler(channel.irq(), channel.index() == 0 ? primary_irq : secondary_irq);
    channel.set_interrupts(true);
  }
  ControllerState controller[2];
  BusMaster bus_master[2];
  const bool wanted[2] = {g_present[0] || g_present[1], g_present[2] || g_present[3]};
  find_bus_master(wanted, controller, bus_master);
  for (Channel& channel : g_channels) {
    if (bus_master[channel.index()].present()) channel.attach_bus_master(bus_master[channel.index()]);
  }
  for (size_t i = 0; i < kMaxDrives; ++i)
    if (g_present[i]) choose_method(i, controller[i / 2], force_pio);
  for (size_t i = 0; i < kMaxDrives; ++i)
    if (g_present[i]) register_disk(i);
}

AtaDrive* ata_drive(size_t index) {
  return index < kMaxDrives && g_present[index] ? &g_drives[index] : nullptr;
}

AtaDrive* ata_drive_of(const block::BlockDevice& device) {
  const block::BlockDevice* disk = &device;
  block::BlockRegistry& registry = block::block_registry();
  for (size_t i = 0; i < registry.size(); ++i)
    if (&registry[i] == &device && registry.partition_at(i) != nullptr) disk = registry.partition_at(i)->parent();
  for (size_t i = 0; i < kMaxDrives; ++i)
    if (g_present[i] && &g_drives[i] == disk) return &g_drives[i];
  return nullptr;
}

AtaStats ata_stats() {
  AtaStats total;
  for (size_t i = 0; i < kMaxDrives; ++i)
    if (g_present[i]) total += g_drives[i].stats();
  return total;
}

const ChannelStats& ata_channel_stats(size_t channel) {
  CW_ASSERT(channel < 2);
  return g_channels[channel].stats();
}

void ata_print_stats() {
  for (size_t i = 0; i < kMaxDrives; ++i) {
    if (!g_present[i]) continue;
    const AtaStats& s = g_drives[i].stats();
    kprint("{}: {} sectors read, {} written, {} commands, {} errors, {} timeouts\n", g_drives[i].name(),
           s.sectors_read, s.sectors_written, s.commands, s.errors, s.timeouts);
    kprint("{}: {}, {} DMA commands, {} through the bounce frame\n", g_drives[i].name(),
           g_drives[i].transfer() == Transfer::Dma ? "DMA" : "PIO", s.dma_commands, s.bounced);
  }
  for (const Channel& channel : g_channels) {
    const ChannelStats& s = channel.stats();
    kprint("ata: {} channel (IRQ {}): {} interrupts, {} unexpected, {} resets\n", channel.name(),
           channel.irq(), s.interrupts, s.unexpected_interrupts, s.resets);
    kprint("ata: {} channel: {} bus-master errors\n", channel.name(), s.dma_errors);
  }
}

}  // namespace cw::ata

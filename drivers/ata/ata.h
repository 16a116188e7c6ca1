// The ATA disk driver (PIO and bus-master DMA, docs/ata.md): the public face.
//
// ata_init() probes the four legacy positions (primary/secondary channel, device 0/1) with IDENTIFY
// DEVICE, registers each ATA hard disk in block::block_registry() as "ata<2 * channel + device>" and each
// partition of its MBR as "ata<n>p<slot>", installs the IRQ 14/15 handlers for channels that have a disk,
// and prints one line per position and per partition. ATAPI devices (CD-ROMs) and devices with other than
// 512-byte logical sectors are reported and skipped. A disk whose partition table is missing or invalid
// is still registered, without partitions.
//
// Preconditions: the PIC, PIT and scheduler are initialized (sched::init: requests take a Mutex) and
// interrupts are enabled, and the kernel frame allocator is up (the bus-master PRD tables). The kernel
// heap is not needed: drives and partitions live in static storage.
// Call it once.
//
// Data commands use bus-master DMA on the PIIX-style IDE controller found on the PCI bus
// (drivers/ata/bus_master.h) for each drive that can (drivers/ata/transfer_choice.h), PIO otherwise, and
// PIO everywhere with `force_pio` (the `ata=pio` boot option). One line per drive says which and why.
//
// Requests go through the BlockDevice interface (drivers/block/block_device.h), from thread context with
// interrupts enabled. They wait for the disk in IrqCompletion (drivers/ata/ata_wait.h) and run one at a
// time per channel under the channel's Mutex (drivers/ata/ata_channel.h); any thread may issue them.
#pragma once

#include <cstddef>

#include "drivers/ata/ata_channel.h"
#include "drivers/ata/ata_drive.h"

namespace cw::ata {

inline constexpr size_t kMaxDrives = 4;

void ata_init(bool force_pio);

// The disk at position `index` (2 * channel + device), or nullptr if there is none.
AtaDrive* ata_drive(size_t index);

// The ATA drive that `device` is, or that holds `device` as a partition; nullptr for any other device.
AtaDrive* ata_drive_of(const block::BlockDevice& device);

// Counters summed over every disk, and per channel.
AtaStats ata_stats();
const ChannelStats& ata_channel_stats(size_t channel);

// Prints the counters of every disk and channel.
void ata_print_stats();

}  // namespace cw::ata

// The AHCI driver's public face: ahci::init() finds the first AHCI HBA on the PCI bus (class 01:06:01),
// maps its registers (BAR5), turns AHCI mode on, and registers each port with an ATA disk as
// "ahci<n>" in block::block_registry(), with its MBR partitions "ahci<n>p<slot>", printing one line
// each. A disk behind AHCI is a BlockDevice like an IDE one: the system and swap partitions may be on it
// (QEMU -machine q35 boots from its AHCI disk). docs/ata.md.
//
// Preconditions as for ata::ata_init(): PCI enumerated, scheduler, timer and interrupts up, kernel
// frames available. Call once.
#pragma once

namespace cw::ahci {

void init();

}  // namespace cw::ahci

// The bus-master half of a PCI IDE controller (SFF-8038i rev 1.0; PIIX4 datasheet sections 3.3 and
// 5.7.4): found on the PCI bus by class 01:01, its registers at the I/O range of BAR4, eight ports per
// channel. The task-file half stays at the legacy ports (drivers/ata/ata_regs.h), so only a channel in
// compatibility mode is driven by DMA.
//
// Each channel with bus mastering gets two 4 KiB kernel frames, direct-mapped: one holds the PRD table
// (page aligned, so it crosses no 64 KiB boundary), the other is the bounce buffer for requests whose
// buffer DMA cannot reach (odd address, or outside the kernel's direct map of physical memory).
#pragma once

#include <cstdint>

#include "drivers/ata/prd_table.h"
#include "drivers/ata/transfer_choice.h"
#include "lib/types.h"

namespace cw::ata {

// PRD entries per channel: a command moves at most 128 KiB, which touches at most three 64 KiB blocks.
inline constexpr uint32_t kPrdCapacity = 8;

struct BusMaster {
  uint16_t base = 0;              // I/O base of this channel's bus-master registers; 0 when absent
  PhysAddr prd_table;             // physical address of the PRD table frame
  PrdEntry* prd = nullptr;        // the same frame through the direct map
  PhysAddr bounce;                // the bounce frame
  uint8_t* bounce_bytes = nullptr;

  bool present() const { return base != 0; }
};

// Finds the first IDE controller with bus mastering, enables it as a PCI bus master, and fills, per
// channel (0 primary, 1 secondary), what choose_transfer() needs and the registers and frames of each
// channel that can do DMA. Frames are taken only for the channels `wanted` (those with a disk). Prints
// one line about the controller. A channel has no bus master when there is no such controller, it is in
// native-PCI mode, it is the second channel of a simplex controller, BAR4 is not an I/O range, or its
// frames cannot be allocated (each says which).
void find_bus_master(const bool (&wanted)[2], ControllerState (&state)[2], BusMaster (&bus_master)[2]);

}  // namespace cw::ata

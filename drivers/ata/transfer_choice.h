// Whether a drive's data commands use bus-master DMA or PIO, decided from its IDENTIFY data, the
// controller and the boot option. Hardware-independent: part of the core, host-tested.
//
// DMA is used when every one of these holds, otherwise PIO, with the first reason that failed:
//   * the boot option does not force PIO (`ata=pio`);
//   * the channel has a bus-master IDE controller (PCI class 01:01, programming interface bit 7, the
//     channel in compatibility mode, and not the second channel of a simplex controller);
//   * the drive supports DMA (IDENTIFY word 49 bit 8) and a multiword or Ultra DMA mode (words 63, 88).
// A mode the firmware already selected (word 63 bits 10:8, word 88 bits 14:8) is kept. When none is
// selected the driver selects the highest multiword DMA mode with SET FEATURES "set transfer mode"
// (ATA/ATAPI-6 8.37.10, subcommand 03h, count 20h | mode): multiword DMA needs no controller timing
// beyond what firmware programs for the PIO modes, Ultra DMA would (PIIX4 datasheet 5.7.3, UDMACTL).
// FIXME: the PIIX timing registers (IDETIM, SIDETIM, UDMACTL) are left as firmware set them, so on real
// hardware the selected DMA mode may run at the PIO timings; emulators ignore timings.
#pragma once

#include <cstdint>

#include "drivers/ata/ata_identify.h"
#include "lib/string_view.h"

namespace cw::ata {

enum class Transfer : uint8_t { Pio, Dma };

struct TransferChoice {
  Transfer transfer = Transfer::Pio;
  // For DMA: the mode the drive runs, ultra or multiword, and its number.
  bool ultra = false;
  uint8_t mode = 0;
  // For DMA: the SET FEATURES sector count that selects `mode` (0x20 | mode), or 0 if it is selected.
  uint8_t set_mode = 0;
  StringView reason;  // why PIO (empty for DMA)
};

struct ControllerState {
  bool present = false;        // a bus-master IDE controller drives this channel
  StringView absent_reason;    // why not, when !present
};

TransferChoice choose_transfer(const Identity& drive, const ControllerState& controller, bool force_pio);

// The SET FEATURES subcommand and the sector-count base of a multiword DMA mode (ATA/ATAPI-6 table 44).
inline constexpr uint8_t kFeatureSetTransferMode = 0x03;
inline constexpr uint8_t kTransferModeMultiwordDma = 0x20;

}  // namespace cw::ata

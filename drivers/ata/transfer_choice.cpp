#include "drivers/ata/transfer_choice.h"

namespace cw::ata {

namespace {

// The number of the highest set bit of a non-zero mode mask.
uint8_t highest(uint8_t mask) {
  uint8_t n = 0;
  while (mask >>= 1) ++n;
  return n;
}

TransferChoice pio(StringView reason) {
  TransferChoice c;
  c.reason = reason;
  return c;
}

}  // namespace

TransferChoice choose_transfer(const Identity& drive, const ControllerState& controller, bool force_pio) {
  if (force_pio) return pio("ata=pio");
  if (!controller.present) return pio(controller.absent_reason);
  if (!drive.dma) return pio("drive without DMA (IDENTIFY word 49)");
  TransferChoice c;
  c.transfer = Transfer::Dma;
  if ((drive.udma_selected & drive.udma_supported) != 0) {
    c.ultra = true;
    c.mode = highest(drive.udma_selected & drive.udma_supported);
    return c;
  }
  if ((drive.mwdma_selected & drive.mwdma_supported) != 0) {
    c.mode = highest(drive.mwdma_selected & drive.mwdma_supported);
    return c;
  }
  if (drive.mwdma_supported == 0) return pio("drive without a multiword DMA mode (IDENTIFY word 63)");
  c.mode = highest(drive.mwdma_supported);
  c.set_mode = static_cast<uint8_t>(kTransferModeMultiwordDma | c.mode);
  return c;
}

}  // namespace cw::ata

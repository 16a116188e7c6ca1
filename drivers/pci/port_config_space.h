// Configuration mechanism #1: CONFIG_ADDRESS at port 0xCF8, CONFIG_DATA at 0xCFC (PCI Local Bus
// Specification 3.0 section 3.2.2.3.2), the ConfigSpace every PC chipset since the mid-1990s provides.
#pragma once

#include "drivers/pci/config_space.h"

namespace cw::pci {

class PortConfigSpace final : public ConfigSpace {
public:
  // Whether the chipset implements mechanism #1: CONFIG_ADDRESS must hold a value written to it.
  static bool present();

  // Each access writes CONFIG_ADDRESS then moves CONFIG_DATA with interrupts off, so an interrupt
  // handler's own configuration access cannot land between the two.
  uint32_t read32(PciAddress function, uint8_t offset) override;
  void write32(PciAddress function, uint8_t offset, uint32_t value) override;
};

}  // namespace cw::pci

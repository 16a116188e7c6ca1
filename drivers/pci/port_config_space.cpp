#include "drivers/pci/port_config_space.h"

#include "kernel/arch/cpu.h"

namespace cw::pci {

namespace {

inline constexpr uint16_t kConfigAddress = 0xCF8;
inline constexpr uint16_t kConfigData = 0xCFC;

}  // namespace

bool PortConfigSpace::present() {
  cpu::InterruptGuard guard;
  uint32_t saved = cpu::inl(kConfigAddress);
  cpu::outl(kConfigAddress, 0x80000000);
  bool holds = cpu::inl(kConfigAddress) == 0x80000000;
  cpu::outl(kConfigAddress, saved);
  return holds;
}

uint32_t PortConfigSpace::read32(PciAddress function, uint8_t offset) {
  cpu::InterruptGuard guard;
  cpu::outl(kConfigAddress, config_address(function, offset));
  return cpu::inl(kConfigData);
}

void PortConfigSpace::write32(PciAddress function, uint8_t offset, uint32_t value) {
  cpu::InterruptGuard guard;
  cpu::outl(kConfigAddress, config_address(function, offset));
  cpu::outl(kConfigData, value);
}

}  // namespace cw::pci

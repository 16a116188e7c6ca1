// ConfigSpace: the narrow interface through which everything PCI reads and writes configuration space.
// The kernel implements it with configuration mechanism #1 (port_config_space.h); host tests with a
// fake that models devices, BAR size masks and bridges. Byte and word accesses are built from dword
// accesses, so an implementation only moves aligned dwords.
#pragma once

#include <cstdint>

#include "drivers/pci/pci_address.h"

namespace cw::pci {

class ConfigSpace {
public:
  // `offset` is a multiple of 4 below 256. A function that does not exist reads as 0xFFFFFFFF.
  virtual uint32_t read32(PciAddress function, uint8_t offset) = 0;
  virtual void write32(PciAddress function, uint8_t offset, uint32_t value) = 0;

  uint16_t read16(PciAddress function, uint8_t offset) {
    return static_cast<uint16_t>(read32(function, offset & 0xFC) >> ((offset & 2) * 8));
  }
  uint8_t read8(PciAddress function, uint8_t offset) {
    return static_cast<uint8_t>(read32(function, offset & 0xFC) >> ((offset & 3) * 8));
  }
  // Read-modify-write of the enclosing dword. Precondition: offset is even.
  void write16(PciAddress function, uint8_t offset, uint16_t value) {
    uint32_t shift = (offset & 2) * 8;
    uint32_t dword = read32(function, offset & 0xFC);
    dword = (dword & ~(0xFFFFu << shift)) | (static_cast<uint32_t>(value) << shift);
    write32(function, offset & 0xFC, dword);
  }

protected:
  ~ConfigSpace() = default;
};

}  // namespace cw::pci

// A PCI function's location (bus, device, function) and its configuration-mechanism-#1 address
// (PCI Local Bus Specification 3.0 section 3.2.2.3.2: CONFIG_ADDRESS at port 0xCF8). Pure arithmetic,
// shared by the kernel and the host tests.
#pragma once

#include <cstdint>

namespace cw::pci {

inline constexpr uint32_t kBuses = 256;
inline constexpr uint32_t kDevicesPerBus = 32;
inline constexpr uint32_t kFunctionsPerDevice = 8;

struct PciAddress {
  uint8_t bus = 0;
  uint8_t device = 0;    // 0-31
  uint8_t function = 0;  // 0-7

  constexpr bool operator==(const PciAddress&) const = default;
};

// CONFIG_ADDRESS for the dword at `offset` (rounded down to a multiple of 4): bit 31 enable, bits 23-16
// bus, 15-11 device, 10-8 function, 7-2 register.
constexpr uint32_t config_address(PciAddress a, uint8_t offset) {
  return (1u << 31) | (static_cast<uint32_t>(a.bus) << 16) | (static_cast<uint32_t>(a.device & 0x1F) << 11) |
         (static_cast<uint32_t>(a.function & 0x7) << 8) | (offset & 0xFCu);
}

static_assert(config_address({0, 0, 0}, 0) == 0x80000000u);
static_assert(config_address({0, 1, 2}, 0x3E) == 0x80000A3Cu);
static_assert(config_address({0xFF, 31, 7}, 0xFF) == 0x80FFFFFCu);

}  // namespace cw::pci

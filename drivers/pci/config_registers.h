// Configuration-space registers of the common header and of header types 0 (devices) and 1 (PCI-to-PCI
// bridges) (PCI Local Bus Specification 3.0 section 6.1, figure 6-1; PCI-to-PCI Bridge Architecture
// Specification 1.2 section 3.2).
#pragma once

#include <cstdint>

namespace cw::pci::reg {

inline constexpr uint8_t kVendorId = 0x00;
inline constexpr uint8_t kDeviceId = 0x02;
inline constexpr uint8_t kCommand = 0x04;
inline constexpr uint8_t kStatus = 0x06;
inline constexpr uint8_t kRevision = 0x08;
inline constexpr uint8_t kProgIf = 0x09;
inline constexpr uint8_t kSubclass = 0x0A;
inline constexpr uint8_t kClass = 0x0B;
inline constexpr uint8_t kHeaderType = 0x0E;
inline constexpr uint8_t kBar0 = 0x10;
inline constexpr uint8_t kSecondaryBus = 0x19;  // header type 1
inline constexpr uint8_t kCapabilities = 0x34;
inline constexpr uint8_t kInterruptLine = 0x3C;
inline constexpr uint8_t kInterruptPin = 0x3D;

inline constexpr uint16_t kNoVendor = 0xFFFF;  // what an absent function reads as

// Header type register: bits 6-0 the layout, bit 7 "multi-function device".
inline constexpr uint8_t kHeaderLayoutMask = 0x7F;
inline constexpr uint8_t kHeaderMultiFunction = 0x80;
inline constexpr uint8_t kHeaderDevice = 0x00;
inline constexpr uint8_t kHeaderBridge = 0x01;

// Command register bits (section 6.2.2).
inline constexpr uint16_t kCommandIoSpace = 1u << 0;
inline constexpr uint16_t kCommandMemorySpace = 1u << 1;
inline constexpr uint16_t kCommandBusMaster = 1u << 2;
inline constexpr uint16_t kCommandInterruptDisable = 1u << 10;

// Status register: bit 4 "capabilities list".
inline constexpr uint16_t kStatusCapabilities = 1u << 4;

// Base address registers per header layout.
inline constexpr unsigned kDeviceBars = 6;
inline constexpr unsigned kBridgeBars = 2;

}  // namespace cw::pci::reg

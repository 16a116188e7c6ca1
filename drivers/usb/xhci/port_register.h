// PORTSC (xHCI 1.2 section 5.4.8): decoding, and values to write back without side effects.
//
// PORTSC mixes read-only, read-write, RW1S and RW1C bits. Writing back what was read would clear every
// pending change bit, and writing 1 to PED *disables* the port. port_neutral() keeps only the bits that
// must be written back as read (PP, the port indicator, the wake enables) so a write changes nothing
// but what the caller ORs in (PR, WPR, or a change bit to acknowledge it). Hardware-independent.
#pragma once

#include <cstdint>

#include "drivers/usb/core/host_controller.h"

namespace cw::xhci {

inline constexpr uint32_t kPortConnected = 1u << 0;   // CCS
inline constexpr uint32_t kPortEnabled = 1u << 1;     // PED (RW1C: writing 1 disables)
inline constexpr uint32_t kPortOverCurrent = 1u << 3; // OCA
inline constexpr uint32_t kPortReset = 1u << 4;       // PR (RW1S)
inline constexpr uint32_t kPortPower = 1u << 9;       // PP
inline constexpr uint32_t kPortIndicator = 3u << 14;  // PIC
inline constexpr uint32_t kPortConnectChange = 1u << 17;   // CSC
inline constexpr uint32_t kPortEnableChange = 1u << 18;    // PEC
inline constexpr uint32_t kPortWarmResetChange = 1u << 19; // WRC
inline constexpr uint32_t kPortOverCurrentChange = 1u << 20;
inline constexpr uint32_t kPortResetChange = 1u << 21;     // PRC
inline constexpr uint32_t kPortLinkChange = 1u << 22;      // PLC
inline constexpr uint32_t kPortConfigErrorChange = 1u << 23;
inline constexpr uint32_t kPortWakeEnables = 7u << 25;     // WCE, WDE, WOE
inline constexpr uint32_t kPortWarmReset = 1u << 31;       // WPR (RW1S, USB3 ports)
inline constexpr uint32_t kPortChangeBits = kPortConnectChange | kPortEnableChange | kPortWarmResetChange |
                                            kPortOverCurrentChange | kPortResetChange | kPortLinkChange |
                                            kPortConfigErrorChange;

constexpr uint32_t port_neutral(uint32_t portsc) { return portsc & (kPortPower | kPortIndicator | kPortWakeEnables); }
// Port Speed, bits 13:10: a PSIV (supported_protocol.h), 0 when nothing is attached.
constexpr uint8_t port_speed_id(uint32_t portsc) { return static_cast<uint8_t>((portsc >> 10) & 0xF); }
// Port Link State, bits 8:5 (0 U0, 5 RxDetect, 7 Polling, ...).
constexpr uint8_t port_link_state(uint32_t portsc) { return static_cast<uint8_t>((portsc >> 5) & 0xF); }

}  // namespace cw::xhci

// The Supported Protocol extended capability (xHCI 1.2 section 7.2): which root ports speak USB 2 and
// which USB 3, and the Protocol Speed ID (PSIV) values their PORTSC Port Speed field reports.
// Hardware-independent: parsed from the capability's dwords as read from the registers.
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/usb/core/usb_spec.h"
#include "lib/result.h"

namespace cw::xhci {

inline constexpr size_t kMaxPsi = 15;  // PSIC is 4 bits

struct SupportedProtocol {
  uint8_t major = 0;        // 2 or 3 (dword 0 bits 31:24)
  uint8_t minor = 0;        // BCD, dword 0 bits 23:16
  uint8_t first_port = 0;   // Compatible Port Offset, 1-based (dword 2 bits 7:0)
  uint8_t port_count = 0;   // Compatible Port Count (dword 2 bits 15:8)
  uint8_t slot_type = 0;    // Protocol Slot Type (dword 3 bits 4:0), for Enable Slot
  uint8_t psi_count = 0;    // PSIC: 0 means the default PSIVs of table 7-13
  uint32_t psi[kMaxPsi] = {};

  bool covers(uint8_t port) const { return port >= first_port && port < first_port + port_count; }
};

// `dwords`: the capability from its header on, at least 4 + PSIC entries (`count` of them). Protocol if
// the name string is not "USB " or the PSI entries do not fit.
Result<SupportedProtocol> parse_supported_protocol(const uint32_t* dwords, size_t count);

// The usb::Speed of Port Speed value `psiv` on a port of `protocol`: from its PSI table (bit rate
// PSIM * 1000^PSIE), or the default mapping 1 full, 2 low, 3 high, 4 super (table 7-13) when it has none.
// NotFound for a value neither defines.
Result<usb::Speed> speed_from_psiv(const SupportedProtocol& protocol, uint8_t psiv);

// The inverse, for the slot context of a device behind a hub (whose speed comes from the hub, not a
// PORTSC): the PSIV that means `speed` on `protocol`'s ports.
Result<uint8_t> psiv_for_speed(const SupportedProtocol& protocol, usb::Speed speed);

}  // namespace cw::xhci

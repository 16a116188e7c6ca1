// Where a device hangs in the tree of hubs: the DeviceLocation of a hub's child, and the printable port
// path ("1", "1.3", "1.3.2": root port, then each hub's port).
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/usb/core/host_controller.h"
#include "lib/format.h"

namespace cw::usb {

// Tiers, counted as DeviceLocation::tier does (1 on a root port). USB 2.0 4.1.1 allows at most 5 hubs
// between the root hub and a device (7 tiers counting the root hub and the device), and the xHCI route
// string has room for exactly 5 (xHCI 1.2 8.9): a hub may sit at tier 1-5, a device at tier 1-6.
inline constexpr uint8_t kMaxHubTier = 5;
inline constexpr uint8_t kMaxDeviceTier = kMaxHubTier + 1;

// The location of the device on port `port` (1-based) of `hub`, whose own location, speed, address,
// slot and bDeviceProtocol are given. Route: the hub's route with `port` (15 for ports above 15, xHCI 1.2
// 8.9) in the 4-bit field of the hub's tier. Transaction translator (USB 2.0 11.14, 11.17): a high-speed
// hub is its children's TT (multi-TT when its bDeviceProtocol is 2, 11.23.1); a full- or low-speed hub
// passes on the TT it is itself behind, since that is where its children's split transactions go.
// Precondition: hub.location.tier <= kMaxHubTier.
DeviceLocation child_location(const Device& hub, uint8_t hub_protocol, uint8_t port);

// Writes "<root port>[.<hub port>...]", e.g. "1.3".
void format_port_path(FormatSink& sink, const DeviceLocation& location);

// A port path in a buffer, for messages: "uhci0 port 1.3".
struct PortName {
  char text[48];
};
PortName port_name(const char* controller, const DeviceLocation& location);

}  // namespace cw::usb

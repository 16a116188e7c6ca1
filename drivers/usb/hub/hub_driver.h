// The hub class driver (USB 2.0 chapter 11): at attach it powers every downstream port, waits for power
// to be good, and resets and enumerates the device on each connected port (11.5.1, 11.24.2), recursing
// through the Bus into hubs on those ports; hubs deeper than kMaxHubTier are refused. A port that fails
// is reported and skipped. Ports are enumerated once, at boot: status-change polling through the hub's
// interrupt endpoint (11.12.1) is not done, so a device plugged in later is not seen.
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/usb/core/class_driver.h"
#include "drivers/usb/core/descriptors.h"
#include "drivers/usb/hub/hub_port_status.h"

namespace cw::usb::hub {

// The ports of a hub the driver uses: the xHCI route string has 4 bits per tier (xHCI 1.2 8.9).
inline constexpr uint8_t kMaxHubPorts = 15;
inline constexpr size_t kMaxHubs = 8;
// How long a port reset may take before the hub reports C_PORT_RESET (USB 2.0 7.1.7.5 TDRST is 10-20 ms
// for a hub port; generous for slow hubs), and how often the status is polled meanwhile.
inline constexpr uint32_t kPortResetTimeoutMs = 500;
inline constexpr uint32_t kPortResetPollMs = 10;

class HubDriver final : public ClassDriver {
public:
  const char* name() const override { return "hub"; }
  // Device class 9 (USB 2.0 11.23.1), or an interface of class 9 (some hubs declare it there only).
  bool matches(const UsbDevice& device, const Configuration& config) const override;
  // Refuses a hub deeper than kMaxHubTier; reads and checks the hub descriptor (type 0x29, or 0x2A for
  // a SuperSpeed hub) and sets is_hub and hub_ports. A USB 3 hub gets SET_HUB_DEPTH in attach, once
  // configured (USB 3.2 10.16.2.9).
  Result<void> prepare(Bus& bus, UsbDevice& device, const Configuration& config) override;
  Result<void> attach(Bus& bus, UsbDevice& device, const Configuration& config) override;

  size_t hub_count() const { return count_; }

private:
  struct Hub {
    UsbDevice* device = nullptr;
    HubDescriptor descriptor;
    uint8_t status[4] = {};  // GET_STATUS(port) answer; in static storage for the controller
  };

  Hub* find(const UsbDevice& device);
  Result<HubPortStatus> port_status(Hub& hub, uint8_t port);
  Result<void> port_feature(Hub& hub, uint8_t request, uint16_t feature, uint8_t port);
  Result<Speed> reset_port(Bus& bus, Hub& hub, uint8_t port);
  void enumerate_port(Bus& bus, Hub& hub, uint8_t port);

  Hub hubs_[kMaxHubs];
  size_t count_ = 0;
  uint8_t descriptor_buffer_[kHubDescriptorMaxSize] = {};
};

}  // namespace cw::usb::hub

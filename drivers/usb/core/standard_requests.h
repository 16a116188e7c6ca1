// The chapter-9 requests the core and the class drivers send on endpoint 0 (USB 2.0 9.4), as thin
// wrappers over HostController::control with the time limit kControlTimeoutMs.
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/usb/core/host_controller.h"
#include "lib/result.h"

namespace cw::usb {

constexpr SetupPacket make_setup(uint8_t request_type, uint8_t request, uint16_t value, uint16_t index,
                                 uint16_t length) {
  return SetupPacket{request_type, request, value, index, length};
}

// GET_DESCRIPTOR (9.4.3) of a standard descriptor: wValue type << 8 | index. Returns the bytes received.
Result<size_t> get_descriptor(HostController& hc, Device& device, uint8_t type, uint8_t index, void* data,
                              uint16_t length);

// SET_CONFIGURATION (9.4.7).
Result<void> set_configuration(HostController& hc, Device& device, uint8_t value);

// CLEAR_FEATURE(ENDPOINT_HALT) to `endpoint` (9.4.1, 9.4.5), then HostController::reset_endpoint so the
// controller's toggle matches the device's reset one (9.4.5: the toggle goes to DATA0).
Result<void> clear_endpoint_halt(HostController& hc, Device& device, const Endpoint& endpoint);

// The wIndex that names an endpoint (9.3.4, figure 9-2): number, bit 7 set for IN.
constexpr uint16_t endpoint_index(const Endpoint& endpoint) {
  return static_cast<uint16_t>(endpoint.number | (endpoint.direction == Direction::In ? 0x80 : 0));
}

}  // namespace cw::usb

// Addressing a device that answers at the default address (USB 2.0 9.1.2, 9.4.6), for host controllers
// that do it with ordinary control transfers (UHCI, EHCI; xHCI's Address Device command does it in the
// controller): read the first 8 bytes of the device descriptor for bMaxPacketSize0 (9.6.1), check them,
// then SET_ADDRESS. The caller allocates the address, sleeps the recovery time (kSetAddressRecoveryMs)
// afterwards and frees the address on failure. Hardware-independent.
#pragma once

#include <cstdint>

#include "drivers/usb/core/host_controller.h"
#include "drivers/usb/core/usb_spec.h"
#include "lib/result.h"

namespace cw::usb {

// Endpoint 0's packet sizes a device of `speed` may declare (USB 2.0 5.5.3).
constexpr bool valid_max_packet0(Speed speed, uint8_t size) {
  if (speed == Speed::High) return size == 64;
  if (speed == Speed::Low) return size == 8;
  return size == 8 || size == 16 || size == 32 || size == 64;
}

struct DefaultAddressing {
  uint8_t max_packet0 = 0;
  // For the caller's report of a refused descriptor.
  size_t descriptor_bytes = 0;
  uint8_t descriptor_type = 0;
};

// `control(max_packet, setup, buffer)` runs one control transfer to the default address with endpoint 0
// packets of `max_packet` bytes and returns the bytes of its data stage; `scratch` holds at least 8
// bytes. `first_packet` is the packet size of the descriptor read: 64 at high speed, else 8, which every
// device accepts. Errors: the transfers'; Protocol for a bad descriptor (`out` then says what came).
template <typename Control>
Result<void> address_at_default(Speed speed, uint8_t address, uint16_t first_packet, uint8_t* scratch,
                                Control&& control, DefaultAddressing& out) {
  SetupPacket get{kRequestIn | kTypeStandard | kRecipientDevice, kGetDescriptor,
                  static_cast<uint16_t>(kDescriptorDevice << 8), 0, 8};
  out.descriptor_bytes = TRY(control(first_packet, get, scratch));
  out.descriptor_type = scratch[1];
  out.max_packet0 = scratch[7];
  if (out.descriptor_bytes < 8 || out.descriptor_type != kDescriptorDevice || !valid_max_packet0(speed, out.max_packet0))
    return Error::Protocol;
  SetupPacket set{kRequestOut | kTypeStandard | kRecipientDevice, kSetAddress, address, 0, 0};
  TRY(control(out.max_packet0, set, nullptr));
  return {};
}

}  // namespace cw::usb

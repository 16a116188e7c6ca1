// A host controller's USB addresses and, per address, the endpoints of the device's configuration and
// their data toggles: the bookkeeping of controllers that keep toggles in software between transfers
// (UHCI, and EHCI for its bulk queue heads). Not synchronized: the controller's lock covers it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/usb/core/host_controller.h"
#include "lib/result.h"

namespace cw::usb {

class AddressBook {
public:
  // The lowest free address 1-127, now taken; 0 when all are.
  uint8_t allocate();
  // Frees `address` with its endpoints and toggles; 0 and addresses above 127 are ignored.
  void release(uint8_t address);

  // The endpoints of `address`'s configuration, replacing the old ones, every one at DATA0 (USB 2.0
  // 9.1.1.5). InvalidArgument (and nothing changes) for an address 0 or above 127, an endpoint number
  // outside 1-15, or a max packet size of 0 or above `max_packet_limit`.
  Result<void> configure(uint8_t address, const Endpoint* endpoints, size_t count, uint16_t max_packet_limit);

  // Whether `e` belongs to `address`'s configuration (false for a bad address or endpoint number).
  bool configured(uint8_t address, const Endpoint& e) const;
  // The toggle `e` expects next (true: DATA1), for a configured endpoint.
  bool toggle(uint8_t address, const Endpoint& e) const;
  void set_toggle(uint8_t address, const Endpoint& e, bool data1);
  // reset_endpoint's bookkeeping: `e` back to DATA0; InvalidArgument if it is not configured.
  Result<void> reset_toggle(uint8_t address, const Endpoint& e);

private:
  static bool valid(uint8_t address) { return address != kDefaultAddress && address <= kMaxAddress; }

  uint32_t used_[4] = {};                         // bit a % 32 of word a / 32: address a is taken
  uint16_t configured_[kMaxAddress + 1][2] = {};  // per address and direction, bit n: endpoint n
  uint16_t toggles_[kMaxAddress + 1][2] = {};
};

}  // namespace cw::usb

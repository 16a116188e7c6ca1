#include "drivers/usb/core/address_book.h"

namespace cw::usb {

uint8_t AddressBook::allocate() {
  for (uint8_t a = 1; a <= kMaxAddress; ++a) {
    if (used_[a / 32] & (1u << (a % 32))) continue;
    used_[a / 32] |= 1u << (a % 32);
    return a;
  }
  return 0;
}

void AddressBook::release(uint8_t address) {
  if (!valid(address)) return;
  used_[address / 32] &= ~(1u << (address % 32));
  configured_[address][0] = configured_[address][1] = 0;
  toggles_[address][0] = toggles_[address][1] = 0;
}

Result<void> AddressBook::configure(uint8_t address, const Endpoint* endpoints, size_t count,
                                    uint16_t max_packet_limit) {
  if (!valid(address) || (count != 0 && endpoints == nullptr)) return Error::InvalidArgument;
  for (size_t i = 0; i < count; ++i) {
    const Endpoint& e = endpoints[i];
    if (e.number < 1 || e.number > 15 || e.max_packet == 0 || e.max_packet > max_packet_limit)
      return Error::InvalidArgument;
  }
  configured_[address][0] = configured_[address][1] = 0;
  toggles_[address][0] = toggles_[address][1] = 0;
  for (size_t i = 0; i < count; ++i)
    configured_[address][static_cast<int>(endpoints[i].direction)] |=
        static_cast<uint16_t>(1u << endpoints[i].number);
  return {};
}

bool AddressBook::configured(uint8_t address, const Endpoint& e) const {
  if (!valid(address) || e.number < 1 || e.number > 15) return false;
  return (configured_[address][static_cast<int>(e.direction)] & (1u << e.number)) != 0;
}

bool AddressBook::toggle(uint8_t address, const Endpoint& e) const {
  if (!configured(address, e)) return false;
  return (toggles_[address][static_cast<int>(e.direction)] & (1u << e.number)) != 0;
}

void AddressBook::set_toggle(uint8_t address, const Endpoint& e, bool data1) {
  if (!configured(address, e)) return;
  uint16_t& bits = toggles_[address][static_cast<int>(e.direction)];
  bits = static_cast<uint16_t>(data1 ? (bits | (1u << e.number)) : (bits & ~(1u << e.number)));
}

Result<void> AddressBook::reset_toggle(uint8_t address, const Endpoint& e) {
  if (!configured(address, e)) return Error::InvalidArgument;
  set_toggle(address, e, false);
  return {};
}

}  // namespace cw::usb

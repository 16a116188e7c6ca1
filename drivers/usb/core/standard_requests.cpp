#include "drivers/usb/core/standard_requests.h"

namespace cw::usb {

Result<size_t> get_descriptor(HostController& hc, Device& device, uint8_t type, uint8_t index, void* data,
                              uint16_t length) {
  SetupPacket setup = make_setup(kRequestIn | kTypeStandard | kRecipientDevice, kGetDescriptor,
                                 static_cast<uint16_t>(type << 8 | index), 0, length);
  size_t got = TRY(hc.control(device, setup, data, kControlTimeoutMs));
  if (got > length) return fail(Error::Overflow);  // a controller must not report more than asked
  return got;
}

Result<void> set_configuration(HostController& hc, Device& device, uint8_t value) {
  SetupPacket setup = make_setup(kRequestOut | kTypeStandard | kRecipientDevice, kSetConfiguration, value, 0, 0);
  TRY(hc.control(device, setup, nullptr, kControlTimeoutMs));
  return {};
}

Result<void> clear_endpoint_halt(HostController& hc, Device& device, const Endpoint& endpoint) {
  SetupPacket setup = make_setup(kRequestOut | kTypeStandard | kRecipientEndpoint, kClearFeature,
                                 kFeatureEndpointHalt, endpoint_index(endpoint), 0);
  TRY(hc.control(device, setup, nullptr, kControlTimeoutMs));
  return hc.reset_endpoint(device, endpoint);
}

}  // namespace cw::usb

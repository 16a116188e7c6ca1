#include "drivers/usb/core/location.h"

namespace cw::usb {

namespace {
constexpr uint8_t kMultiTtProtocol = 2;  // USB 2.0 11.23.1: hub bDeviceProtocol 2 = multiple TTs
constexpr uint32_t kRoutePortMax = 15;
}  // namespace

DeviceLocation child_location(const Device& hub, uint8_t hub_protocol, uint8_t port) {
  const DeviceLocation& up = hub.location;
  DeviceLocation child;
  child.root_port = up.root_port;
  uint32_t field = port > kRoutePortMax ? kRoutePortMax : port;
  child.route = up.route | field << (4 * (up.tier - 1));
  child.tier = static_cast<uint8_t>(up.tier + 1);
  if (hub.speed == Speed::High || hub.speed == Speed::Super || up.hub_address == 0) {
    child.hub_address = hub.address;
    child.hub_port = port;
    child.hub_speed = hub.speed;
    child.hub_slot = hub.slot;
    child.hub_multi_tt = hub.speed == Speed::High && hub_protocol == kMultiTtProtocol;
  } else {
    // A full/low-speed hub behind another hub: its children use the TT the hub itself goes through.
    child.hub_address = up.hub_address;
    child.hub_port = up.hub_port;
    child.hub_speed = up.hub_speed;
    child.hub_slot = up.hub_slot;
    child.hub_multi_tt = up.hub_multi_tt;
  }
  return child;
}

void format_port_path(FormatSink& sink, const DeviceLocation& location) {
  format(sink, "{}", location.root_port);
  for (uint8_t tier = 1; tier < location.tier; ++tier) format(sink, ".{}", (location.route >> (4 * (tier - 1))) & 0xF);
}

PortName port_name(const char* controller, const DeviceLocation& location) {
  PortName name;
  BufferSink sink(name.text, sizeof name.text);
  format(sink, "{} port ", controller);
  format_port_path(sink, location);
  return name;
}

}  // namespace cw::usb

#include "drivers/usb/hub/hub_driver.h"

#include "drivers/usb/core/location.h"
#include "drivers/usb/core/standard_requests.h"
#include "drivers/usb/core/usb_bus.h"

namespace cw::usb::hub {

namespace {

constexpr uint8_t kPortRequestOut = kRequestOut | kTypeClass | kRecipientOther;
constexpr uint8_t kPortRequestIn = kRequestIn | kTypeClass | kRecipientOther;

PortName name_of(const UsbDevice& hub) { return port_name(hub.controller->name(), hub.device.location); }

}  // namespace

bool HubDriver::matches(const UsbDevice& device, const Configuration& config) const {
  if (device.descriptor.device_class == kClassHub) return true;
  for (size_t i = 0; i < config.interface_count; ++i)
    if (config.interfaces[i].interface_class == kClassHub) return true;
  return false;
}

HubDriver::Hub* HubDriver::find(const UsbDevice& device) {
  for (size_t i = 0; i < count_; ++i)
    if (hubs_[i].device == &device) return &hubs_[i];
  return nullptr;
}

Result<void> HubDriver::prepare(Bus& bus, UsbDevice& device, const Configuration&) {
  PortName where = name_of(device);
  if (device.device.location.tier > kMaxHubTier) {
    format(bus.env().log(), "usb: {}: hub deeper than {} tiers, not used\n", where.text, kMaxHubTier);
    return fail(Error::Range);
  }
  Hub* hub = find(device);  // a table entry reused after a failed enumeration keeps its record
  if (hub == nullptr && count_ == kMaxHubs) {
    format(bus.env().log(), "usb: {}: more than {} hubs, not used\n", where.text, kMaxHubs);
    return fail(Error::NoSpace);
  }
  bool super = device.device.speed == Speed::Super;
  uint8_t type = super ? kDescriptorSuperSpeedHub : kDescriptorHub;
  // GET_DESCRIPTOR(hub) is a class request to the device (11.24.2.5).
  SetupPacket setup = make_setup(kRequestIn | kTypeClass | kRecipientDevice, kGetDescriptor,
                                 static_cast<uint16_t>(type << 8), 0, kHubDescriptorMaxSize);
  size_t got = TRY(device.controller->control(device.device, setup, descriptor_buffer_, kControlTimeoutMs));
  if (got > sizeof descriptor_buffer_) return fail(Error::Overflow);
  Diagnostic why;
  Result<HubDescriptor> descriptor = parse_hub_descriptor(descriptor_buffer_, got, type, why);
  if (!descriptor) {
    format(bus.env().log(), "usb: {}: bad hub descriptor: {} (byte {})\n", where.text, why.what, why.offset);
    return fail(descriptor.error());
  }
  if (hub == nullptr) hub = &hubs_[count_++];
  hub->device = &device;
  hub->descriptor = descriptor.value();
  uint8_t ports = hub->descriptor.ports;
  if (ports > kMaxHubPorts) {
    format(bus.env().log(), "usb: {}: hub has {} ports, using the first {}\n", where.text, ports, kMaxHubPorts);
    ports = kMaxHubPorts;
  }
  device.device.is_hub = true;
  device.device.hub_ports = ports;
  return {};
}

Result<HubPortStatus> HubDriver::port_status(Hub& hub, uint8_t port) {
  UsbDevice& d = *hub.device;
  SetupPacket setup = make_setup(kPortRequestIn, kGetStatus, 0, port, sizeof hub.status);
  size_t got = TRY(d.controller->control(d.device, setup, hub.status, kControlTimeoutMs));
  if (got != sizeof hub.status) return fail(Error::Protocol);  // 11.24.2.7: exactly 4 bytes
  HubPortStatus s;
  s.status = static_cast<uint16_t>(hub.status[0] | hub.status[1] << 8);
  s.change = static_cast<uint16_t>(hub.status[2] | hub.status[3] << 8);
  return s;
}

Result<void> HubDriver::port_feature(Hub& hub, uint8_t request, uint16_t feature, uint8_t port) {
  UsbDevice& d = *hub.device;
  SetupPacket setup = make_setup(kPortRequestOut, request, feature, port, 0);
  TRY(d.controller->control(d.device, setup, nullptr, kControlTimeoutMs));
  return {};
}

// SET_FEATURE(PORT_RESET), wait for C_PORT_RESET, acknowledge it and the connection change (11.24.2.13,
// 11.24.2.7.2); the port must then be connected and enabled.
Result<Speed> HubDriver::reset_port(Bus& bus, Hub& hub, uint8_t port) {
  TRY(port_feature(hub, kSetFeature, kPortReset, port));
  HubPortStatus s;
  for (uint32_t waited = 0;; waited += kPortResetPollMs) {
    bus.env().sleep_ms(kPortResetPollMs);
    s = TRY(port_status(hub, port));
    if (s.reset_done()) break;
    if (waited >= kPortResetTimeoutMs) return fail(Error::TimedOut);
  }
  TRY(port_feature(hub, kClearFeature, kCPortReset, port));
  TRY(port_feature(hub, kClearFeature, kCPortConnection, port));
  if (!s.connected()) return fail(Error::NoDevice);
  if (!s.enabled()) return fail(Error::Io);
  return s.speed(hub.descriptor.super_speed);
}

void HubDriver::enumerate_port(Bus& bus, Hub& hub, uint8_t port) {
  UsbDevice& d = *hub.device;
  DeviceLocation location = child_location(d.device, d.descriptor.device_protocol, port);
  PortName where = port_name(d.controller->name(), location);
  Result<HubPortStatus> status = port_status(hub, port);
  if (!status) {
    format(bus.env().log(), "usb: {}: GET_STATUS failed: {}\n", where.text, status.error());
    return;
  }
  if (status.value().over_current()) {
    format(bus.env().log(), "usb: {}: over-current, port not used\n", where.text);
    return;
  }
  if (!status.value().connected()) return;
  bus.env().sleep_ms(kDebounceMs);  // 7.1.7.3: let the connection settle before the reset
  Result<Speed> speed = reset_port(bus, hub, port);
  if (!speed) {
    format(bus.env().log(), "usb: {}: port reset failed: {}\n", where.text, speed.error());
    return;
  }
  bus.env().sleep_ms(kResetRecoveryMs);
  (void)bus.enumerate_device(*d.controller, location, speed.value());  // failures are printed there
}

Result<void> HubDriver::attach(Bus& bus, UsbDevice& device, const Configuration&) {
  Hub* hub = find(device);
  if (hub == nullptr) return fail(Error::InvalidArgument);  // attach without a successful prepare
  HostController& hc = *device.controller;
  if (hub->descriptor.super_speed) {
    // USB 3.2 10.16.2.9: the hub's depth (0 on a root port) selects its route-string field.
    SetupPacket setup = make_setup(kRequestOut | kTypeClass | kRecipientDevice, kSetHubDepth,
                                   static_cast<uint16_t>(device.device.location.tier - 1), 0, 0);
    TRY(hc.control(device.device, setup, nullptr, kControlTimeoutMs));
  }
  uint8_t ports = device.device.hub_ports;
  for (uint8_t port = 1; port <= ports; ++port) TRY(port_feature(*hub, kSetFeature, kPortPower, port));
  // 11.23.2.1: bPwrOn2PwrGood * 2 ms from power-on until power is good on the port.
  bus.env().sleep_ms(hub->descriptor.power_on_to_good_ms);
  for (uint8_t port = 1; port <= ports; ++port) enumerate_port(bus, *hub, port);
  return {};
}

}  // namespace cw::usb::hub

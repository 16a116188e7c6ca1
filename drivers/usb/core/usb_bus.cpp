#include "drivers/usb/core/usb_bus.h"

#include "drivers/usb/core/location.h"
#include "drivers/usb/core/standard_requests.h"

namespace cw::usb {

namespace {

// The class triple a device is listed by: the device's own, or its first interface's when the device
// defers to its interfaces (bDeviceClass 0, 9.6.1).
struct ClassTriple {
  uint8_t cls, subclass, protocol;
};
ClassTriple class_of(const UsbDevice& entry, const Configuration& config) {
  const DeviceDescriptor& d = entry.descriptor;
  if (d.device_class != 0 || config.interface_count == 0) return {d.device_class, d.device_subclass, d.device_protocol};
  const InterfaceInfo& i = config.interfaces[0];
  return {i.interface_class, i.interface_subclass, i.interface_protocol};
}

}  // namespace

Result<UsbDevice*> Bus::enumerate_root_port(HostController& hc, uint8_t port) {
  DeviceLocation location;
  location.root_port = port;
  PortName where = port_name(hc.name(), location);
  if (!hc.port_status(port).connected) return fail(Error::NoDevice);
  env_.sleep_ms(kDebounceMs);
  if (!hc.port_status(port).connected) {
    format(env_.log(), "usb: {}: connection did not settle\n", where.text);
    return fail(Error::NoDevice);
  }
  Result<Speed> speed = hc.reset_port(port);
  if (!speed) {
    if (speed.error() == Error::NotFound)
      format(env_.log(), "usb: {}: handed to the companion controller\n", where.text);
    else
      format(env_.log(), "usb: {}: port reset failed: {}\n", where.text, speed.error());
    return fail(speed.error());
  }
  env_.sleep_ms(kResetRecoveryMs);
  return enumerate_device(hc, location, speed.value());
}

Result<UsbDevice*> Bus::enumerate_device(HostController& hc, const DeviceLocation& location, Speed speed) {
  PortName where = port_name(hc.name(), location);
  if (location.tier > kMaxDeviceTier) {
    format(env_.log(), "usb: {}: deeper than {} tiers, ignored\n", where.text, kMaxDeviceTier);
    return fail(Error::Range);
  }
  Device fresh;
  fresh.location = location;
  fresh.speed = speed;
  UsbDevice* entry = table_.allocate(hc, fresh);
  if (entry == nullptr) {
    format(env_.log(), "usb: {}: device table full ({} devices), ignored\n", where.text, table_.capacity());
    return fail(Error::NoSpace);
  }
  if (Result<void> addressed = hc.address_device(entry->device); !addressed) {
    format(env_.log(), "usb: {}: cannot address the device: {}\n", where.text, addressed.error());
    table_.free(*entry);
    return fail(addressed.error());
  }
  env_.sleep_ms(kSetAddressRecoveryMs);

  Configuration config;
  ClassDriver* driver = nullptr;
  Result<void> ready = read_descriptors(*entry, config, where.text);
  if (ready) {
    for (size_t i = 0; i < driver_count_ && driver == nullptr; ++i)
      if (drivers_[i]->matches(*entry, config)) driver = drivers_[i];
    if (driver != nullptr) ready = configure(*entry, *driver, config, where.text);
  }
  if (!ready) {
    hc.release_device(entry->device);
    table_.free(*entry);
    return fail(ready.error());
  }
  if (driver == nullptr) {
    entry->state = DeviceState::NoDriver;
    print_line(*entry, config, where.text);
    hc.release_device(entry->device);
    return entry;
  }
  entry->driver = driver->name();
  entry->state = DeviceState::Attached;
  print_line(*entry, config, where.text);
  if (Result<void> attached = driver->attach(*this, *entry, config); !attached) {
    format(env_.log(), "usb: {}: {} failed: {}\n", where.text, driver->name(), attached.error());
    entry->state = DeviceState::Failed;
    hc.release_device(entry->device);
  }
  return entry;
}

Unexpected<Error> Bus::refused(const char* descriptor, const Diagnostic& why, const char* where) {
  format(env_.log(), "usb: {}: bad {} descriptor: {} (byte {})\n", where, descriptor, why.what, why.offset);
  return fail(Error::Protocol);  // what every parser returns for a refused descriptor
}

Result<size_t> Bus::fetch(UsbDevice& entry, uint8_t type, uint16_t length, const char* where) {
  Result<size_t> got = get_descriptor(*entry.controller, entry.device, type, 0, buffer_, length);
  if (!got)
    format(env_.log(), "usb: {}: GET_DESCRIPTOR({}, {} bytes) failed: {}\n", where,
           type == kDescriptorDevice ? "device" : "configuration", length, got.error());
  return got;
}

Result<void> Bus::read_descriptors(UsbDevice& entry, Configuration& config, const char* where) {
  Diagnostic why;
  size_t got = TRY(fetch(entry, kDescriptorDevice, kDeviceDescriptorSize, where));
  Result<DeviceDescriptor> device = parse_device_descriptor(buffer_, got, why);
  if (!device) {
    return refused("device", why, where);
  }
  entry.descriptor = device.value();

  // Configuration index 0 (the first, "configuration 1"): its header, then all of it (9.4.3).
  got = TRY(fetch(entry, kDescriptorConfiguration, kConfigurationHeaderSize, where));
  Result<ConfigurationHeader> header = parse_configuration_header(buffer_, got, why);
  if (!header) {
    return refused("configuration", why, where);
  }
  uint16_t total = header.value().total_length;
  if (total > kMaxConfigurationBytes) {
    format(env_.log(), "usb: {}: configuration of {} bytes exceeds the {}-byte limit\n", where, total,
           kMaxConfigurationBytes);
    return fail(Error::TooBig);
  }
  got = TRY(fetch(entry, kDescriptorConfiguration, total, where));
  Result<Configuration> parsed = parse_configuration(buffer_, got, why);
  if (!parsed) {
    return refused("configuration", why, where);
  }
  config = parsed.value();
  return {};
}

Result<void> Bus::configure(UsbDevice& entry, ClassDriver& driver, const Configuration& config, const char* where) {
  HostController& hc = *entry.controller;
  if (Result<void> prepared = driver.prepare(*this, entry, config); !prepared) {
    format(env_.log(), "usb: {}: {} refused the device: {}\n", where, driver.name(), prepared.error());
    return prepared;
  }
  if (Result<void> r = hc.configure_endpoints(entry.device, config.endpoints, config.endpoint_count); !r) {
    format(env_.log(), "usb: {}: configuring the endpoints failed: {}\n", where, r.error());
    return r;
  }
  if (Result<void> r = set_configuration(hc, entry.device, config.header.value); !r) {
    format(env_.log(), "usb: {}: SET_CONFIGURATION({}) failed: {}\n", where, config.header.value, r.error());
    return r;
  }
  return {};
}

void Bus::print_line(const UsbDevice& entry, const Configuration& config, const char* where) {
  const DeviceDescriptor& d = entry.descriptor;
  FormatSink& log = env_.log();
  format(log, "usb: {}: {:04x}:{:04x} ", where, d.vendor, d.product);
  if (entry.driver != nullptr) {
    format(log, "{}", entry.driver);
  } else {
    ClassTriple c = class_of(entry, config);
    format(log, "no driver (class {:02x}/{:02x}/{:02x})", c.cls, c.subclass, c.protocol);
  }
  format(log, " ({} speed, address {})\n", speed_name(entry.device.speed), entry.device.address);
}

size_t Bus::enumerate_controller(HostController& hc) {
  size_t listed = 0;
  for (unsigned port = 1; port <= hc.root_ports(); ++port)
    if (enumerate_root_port(hc, static_cast<uint8_t>(port))) ++listed;
  return listed;
}

size_t Bus::enumerate_all(const ControllerRegistry& registry) {
  size_t listed = 0;
  for (size_t i = 0; i < registry.size(); ++i) listed += enumerate_controller(registry[i]);
  return listed;
}

}  // namespace cw::usb

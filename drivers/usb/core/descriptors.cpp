#include "drivers/usb/core/descriptors.h"

#include "drivers/usb/core/byte_order.h"

namespace cw::usb {

namespace {

Unexpected<Error> refuse(Diagnostic& why, const char* what, size_t offset) {
  why.what = what;
  why.offset = offset;
  return fail(Error::Protocol);
}

// Endpoint descriptor fields (9.6.6, table 9-13).
constexpr uint8_t kEndpointNumberMask = 0x0F;
constexpr uint8_t kEndpointReservedMask = 0x70;
constexpr uint8_t kEndpointInBit = 0x80;
constexpr uint8_t kTransferTypeMask = 0x03;
constexpr uint8_t kTransferBulk = 2;
constexpr uint8_t kTransferInterrupt = 3;
constexpr uint16_t kMaxPacketMask = 0x07FF;  // bits 12-11 are high-bandwidth transactions per microframe

// Walking state of parse_configuration: the alternate setting whose endpoints are being read.
struct Walk {
  Configuration config;
  bool in_interface = false;
  bool alternate0 = false;
  uint8_t declared_endpoints = 0;
  uint8_t seen_endpoints = 0;
  size_t interface_offset = 0;
};

Result<void> close_interface(Walk& walk, Diagnostic& why) {
  if (walk.in_interface && walk.seen_endpoints != walk.declared_endpoints)
    return refuse(why, "interface has not the bNumEndpoints it declares", walk.interface_offset);
  return {};
}

Result<void> add_interface(Walk& walk, const uint8_t* d, size_t offset, Diagnostic& why) {
  if (d[0] < kInterfaceDescriptorSize) return refuse(why, "interface descriptor bLength < 9", offset);
  TRY(close_interface(walk, why));
  walk.in_interface = true;
  walk.interface_offset = offset;
  walk.declared_endpoints = d[4];
  walk.seen_endpoints = 0;
  walk.alternate0 = d[3] == 0;
  if (!walk.alternate0) return {};
  Configuration& c = walk.config;
  for (size_t i = 0; i < c.interface_count; ++i)
    if (c.interfaces[i].number == d[2]) return refuse(why, "interface number repeats", offset);
  if (c.interface_count == kMaxInterfaces) return refuse(why, "more interfaces than supported (8)", offset);
  InterfaceInfo& info = c.interfaces[c.interface_count++];
  info.number = d[2];
  info.interface_class = d[5];
  info.interface_subclass = d[6];
  info.interface_protocol = d[7];
  info.first_endpoint = static_cast<uint8_t>(c.endpoint_count);
  info.endpoint_count = 0;
  return {};
}

Result<void> add_endpoint(Walk& walk, const uint8_t* d, size_t offset, Diagnostic& why) {
  if (d[0] < kEndpointDescriptorSize) return refuse(why, "endpoint descriptor bLength < 7", offset);
  if (!walk.in_interface) return refuse(why, "endpoint descriptor outside an interface", offset);
  ++walk.seen_endpoints;
  uint8_t address = d[2];
  uint8_t number = address & kEndpointNumberMask;
  if (number == 0) return refuse(why, "endpoint number 0 in a configuration", offset);
  if (address & kEndpointReservedMask) return refuse(why, "endpoint address reserved bits set", offset);
  uint8_t type = d[3] & kTransferTypeMask;
  uint16_t max_packet = le16(d + 4) & kMaxPacketMask;
  if (type != kTransferBulk && type != kTransferInterrupt) return {};  // isochronous/control: not used
  if (max_packet == 0) return refuse(why, "endpoint wMaxPacketSize 0", offset);
  if (type == kTransferInterrupt && d[6] == 0) return refuse(why, "interrupt endpoint bInterval 0", offset);
  if (!walk.alternate0) return {};
  Configuration& c = walk.config;
  Endpoint ep;
  ep.number = number;
  ep.direction = (address & kEndpointInBit) ? Direction::In : Direction::Out;
  ep.kind = type == kTransferBulk ? TransferKind::Bulk : TransferKind::Interrupt;
  ep.max_packet = max_packet;
  ep.interval = d[6];
  for (size_t i = 0; i < c.endpoint_count; ++i)
    if (c.endpoints[i].number == ep.number && c.endpoints[i].direction == ep.direction)
      return refuse(why, "endpoint address repeats", offset);
  if (c.endpoint_count == kMaxConfigEndpoints) return refuse(why, "too many endpoints", offset);
  c.endpoints[c.endpoint_count++] = ep;
  ++c.interfaces[c.interface_count - 1].endpoint_count;
  return {};
}

}  // namespace

Result<DeviceDescriptor> parse_device_descriptor(const uint8_t* data, size_t length, Diagnostic& why) {
  if (length < kDeviceDescriptorSize) return refuse(why, "device descriptor shorter than 18 bytes", length);
  if (data[0] < kDeviceDescriptorSize) return refuse(why, "device descriptor bLength < 18", 0);
  if (data[1] != kDescriptorDevice) return refuse(why, "not a device descriptor", 1);
  DeviceDescriptor d;
  d.usb_version = le16(data + 2);
  d.device_class = data[4];
  d.device_subclass = data[5];
  d.device_protocol = data[6];
  uint8_t mps = data[7];
  if (d.usb_version >= 0x0300 && mps == 9) {
    d.max_packet0 = 512;
  } else if (mps == 8 || mps == 16 || mps == 32 || mps == 64) {
    d.max_packet0 = mps;
  } else {
    return refuse(why, "bMaxPacketSize0 not 8, 16, 32 or 64", 7);
  }
  d.vendor = le16(data + 8);
  d.product = le16(data + 10);
  d.device_version = le16(data + 12);
  d.configurations = data[17];
  if (d.configurations == 0) return refuse(why, "bNumConfigurations 0", 17);
  return d;
}

Result<ConfigurationHeader> parse_configuration_header(const uint8_t* data, size_t length, Diagnostic& why) {
  if (length < kConfigurationHeaderSize) return refuse(why, "configuration descriptor shorter than 9 bytes", length);
  if (data[0] < kConfigurationHeaderSize) return refuse(why, "configuration descriptor bLength < 9", 0);
  if (data[1] != kDescriptorConfiguration) return refuse(why, "not a configuration descriptor", 1);
  ConfigurationHeader h;
  h.total_length = le16(data + 2);
  h.interfaces = data[4];
  h.value = data[5];
  h.attributes = data[7];
  h.max_power = data[8];
  if (h.total_length < data[0]) return refuse(why, "wTotalLength smaller than bLength", 2);
  if (h.interfaces == 0) return refuse(why, "bNumInterfaces 0", 4);
  return h;
}

Result<Configuration> parse_configuration(const uint8_t* data, size_t length, Diagnostic& why) {
  ConfigurationHeader header = TRY(parse_configuration_header(data, length, why));
  if (header.total_length > length) return refuse(why, "wTotalLength larger than what was read", 2);
  Walk walk;
  walk.config.header = header;
  size_t end = header.total_length;
  for (size_t offset = data[0]; offset < end;) {
    if (end - offset < 2) return refuse(why, "descriptor header truncated", offset);
    const uint8_t* d = data + offset;
    if (d[0] == 0) return refuse(why, "zero-length descriptor", offset);
    if (d[0] < 2) return refuse(why, "descriptor bLength < 2", offset);
    if (d[0] > end - offset) return refuse(why, "descriptor runs past wTotalLength", offset);
    if (d[1] == kDescriptorInterface) TRY(add_interface(walk, d, offset, why));
    else if (d[1] == kDescriptorEndpoint) TRY(add_endpoint(walk, d, offset, why));
    offset += d[0];  // class-specific and other descriptors are skipped by bLength
  }
  TRY(close_interface(walk, why));
  if (walk.config.interface_count != header.interfaces)
    return refuse(why, "number of interfaces is not bNumInterfaces", 4);
  return walk.config;
}

const InterfaceInfo* find_interface(const Configuration& config, uint8_t interface_class, uint8_t subclass,
                                    uint8_t protocol) {
  for (size_t i = 0; i < config.interface_count; ++i) {
    const InterfaceInfo& info = config.interfaces[i];
    if (info.interface_class == interface_class && info.interface_subclass == subclass &&
        info.interface_protocol == protocol)
      return &info;
  }
  return nullptr;
}

Result<BulkPair> find_bulk_endpoints(const Configuration& config, const InterfaceInfo& interface) {
  bool have_in = false;
  bool have_out = false;
  BulkPair pair;
  for (size_t i = interface.first_endpoint; i < size_t{interface.first_endpoint} + interface.endpoint_count; ++i) {
    const Endpoint& ep = config.endpoints[i];
    if (ep.kind != TransferKind::Bulk) continue;
    if (ep.direction == Direction::In && !have_in) {
      pair.in = ep;
      have_in = true;
    } else if (ep.direction == Direction::Out && !have_out) {
      pair.out = ep;
      have_out = true;
    }
  }
  if (!have_in || !have_out) return fail(Error::NotFound);
  return pair;
}

Result<HubDescriptor> parse_hub_descriptor(const uint8_t* data, size_t length, uint8_t type, Diagnostic& why) {
  bool super = type == kDescriptorSuperSpeedHub;
  size_t fixed = super ? 12 : 7;  // USB 3.2 table 10-3 / USB 2.0 table 11-13
  if (length < fixed) return refuse(why, "hub descriptor truncated", length);
  if (data[0] < fixed) return refuse(why, "hub descriptor bLength too small", 0);
  if (data[0] > length) return refuse(why, "hub descriptor bLength runs past what was read", 0);
  if (data[1] != type) return refuse(why, "not a hub descriptor", 1);
  HubDescriptor h;
  h.super_speed = super;
  h.ports = data[2];
  h.characteristics = le16(data + 3);
  h.power_on_to_good_ms = uint32_t{data[5]} * 2;
  h.control_current = data[6];
  if (h.ports == 0) return refuse(why, "hub with bNbrPorts 0", 2);
  if (super && h.ports > 15) return refuse(why, "SuperSpeed hub with more than 15 ports", 2);
  if (!super) {
    size_t bitmap = (size_t{h.ports} + 1 + 7) / 8;  // DeviceRemovable: bit 0 reserved, one bit per port
    if (data[0] < fixed + bitmap) return refuse(why, "hub descriptor too short for its DeviceRemovable", 0);
  }
  return h;
}

}  // namespace cw::usb

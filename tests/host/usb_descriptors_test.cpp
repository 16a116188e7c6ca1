// Host tests for drivers/usb/core/descriptors and location: well-formed descriptors parse to the right
// fields, and every malformed input is refused with Protocol and a reason, never read past its buffer.
#include <gtest/gtest.h>

#include <string>

#include "drivers/usb/core/descriptors.h"
#include "drivers/usb/core/location.h"
#include "tests/host/usb_fakes.h"

namespace cw::usb {
namespace {

using test::Bytes;
using test::operator+;
using test::configuration;
using test::endpoint_descriptor;
using test::interface_descriptor;

Bytes storage_body() {
  return interface_descriptor(0, 0, 2, 8, 6, 0x50) + endpoint_descriptor(0x81, 2, 512) +
         endpoint_descriptor(0x02, 2, 512);
}

Result<Configuration> parse(const Bytes& b, Diagnostic& why) { return parse_configuration(b.data(), b.size(), why); }

void expect_refused(const Bytes& b, const std::string& reason) {
  Diagnostic why;
  Result<Configuration> r = parse(b, why);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), Error::Protocol);
  EXPECT_EQ(std::string(why.what), reason);
}

TEST(UsbDeviceDescriptor, ParsesFields) {
  Bytes b = test::device_descriptor(0x46f4, 0x0001, 9, 0, 2, 64);
  Diagnostic why;
  Result<DeviceDescriptor> d = parse_device_descriptor(b.data(), b.size(), why);
  ASSERT_TRUE(d);
  EXPECT_EQ(d.value().vendor, 0x46f4);
  EXPECT_EQ(d.value().product, 0x0001);
  EXPECT_EQ(d.value().device_class, 9);
  EXPECT_EQ(d.value().device_protocol, 2);
  EXPECT_EQ(d.value().max_packet0, 64);
  EXPECT_EQ(d.value().usb_version, 0x0200);
  EXPECT_EQ(d.value().configurations, 1);
}

TEST(UsbDeviceDescriptor, RefusesMalformed) {
  Bytes good = test::device_descriptor(1, 2, 0, 0, 0, 8);
  Diagnostic why;
  EXPECT_FALSE(parse_device_descriptor(good.data(), 17, why));
  EXPECT_STREQ(why.what, "device descriptor shorter than 18 bytes");
  Bytes b = good;
  b[0] = 17;
  EXPECT_FALSE(parse_device_descriptor(b.data(), b.size(), why));
  EXPECT_STREQ(why.what, "device descriptor bLength < 18");
  b = good;
  b[1] = 2;
  EXPECT_FALSE(parse_device_descriptor(b.data(), b.size(), why));
  EXPECT_STREQ(why.what, "not a device descriptor");
  for (uint8_t mps : {0, 7, 9, 63, 128}) {
    b = good;
    b[7] = mps;
    EXPECT_FALSE(parse_device_descriptor(b.data(), b.size(), why)) << int{mps};
    EXPECT_EQ(why.offset, 7u);
  }
  b = good;
  b[17] = 0;
  EXPECT_FALSE(parse_device_descriptor(b.data(), b.size(), why));
  EXPECT_STREQ(why.what, "bNumConfigurations 0");
}

TEST(UsbDeviceDescriptor, SuperSpeedMaxPacketIsAnExponent) {
  Bytes b = test::device_descriptor(1, 2, 0, 0, 0, 9);
  b[2] = 0x00;
  b[3] = 0x03;  // bcdUSB 3.0
  Diagnostic why;
  Result<DeviceDescriptor> d = parse_device_descriptor(b.data(), b.size(), why);
  ASSERT_TRUE(d);
  EXPECT_EQ(d.value().max_packet0, 512);
}

TEST(UsbConfiguration, WalksInterfacesEndpointsAndSkipsClassDescriptors) {
  Bytes hid_class = {9, 0x21, 0x11, 0x01, 0, 1, 0x22, 50, 0};  // a class-specific descriptor to skip
  Bytes body = interface_descriptor(0, 0, 1, 3, 1, 2) + hid_class + endpoint_descriptor(0x83, 3, 8, 10) +
               interface_descriptor(1, 0, 2, 8, 6, 0x50) + endpoint_descriptor(0x81, 2, 64) +
               endpoint_descriptor(0x02, 2, 64) + interface_descriptor(1, 1, 1, 8, 6, 0x50) +
               endpoint_descriptor(0x85, 2, 64);
  Bytes b = configuration(2, body, 3);
  Diagnostic why;
  Result<Configuration> r = parse(b, why);
  ASSERT_TRUE(r) << why.what;
  const Configuration& c = r.value();
  EXPECT_EQ(c.header.value, 3);
  ASSERT_EQ(c.interface_count, 2u);
  ASSERT_EQ(c.endpoint_count, 3u);  // alternate setting 1's endpoint is not kept
  EXPECT_EQ(c.endpoints[0].kind, TransferKind::Interrupt);
  EXPECT_EQ(c.endpoints[0].interval, 10);
  EXPECT_EQ(c.endpoints[0].number, 3);
  const InterfaceInfo* storage = find_interface(c, 8, 6, 0x50);
  ASSERT_NE(storage, nullptr);
  EXPECT_EQ(storage->number, 1);
  EXPECT_EQ(find_interface(c, 8, 6, 0x62), nullptr);
  Result<BulkPair> pair = find_bulk_endpoints(c, *storage);
  ASSERT_TRUE(pair);
  EXPECT_EQ(pair.value().in.number, 1);
  EXPECT_EQ(pair.value().in.direction, Direction::In);
  EXPECT_EQ(pair.value().out.number, 2);
  EXPECT_EQ(pair.value().out.direction, Direction::Out);
  EXPECT_EQ(pair.value().out.max_packet, 64);
  EXPECT_FALSE(find_bulk_endpoints(c, c.interfaces[0]));  // interrupt only
}

TEST(UsbConfiguration, RefusesLengthErrors) {
  Bytes good = configuration(1, storage_body());
  Diagnostic why;
  EXPECT_TRUE(parse(good, why));
  // wTotalLength larger than what was read.
  EXPECT_FALSE(parse_configuration(good.data(), good.size() - 1, why));
  EXPECT_STREQ(why.what, "wTotalLength larger than what was read");
  Bytes b = good;
  b[0] = 8;
  expect_refused(b, "configuration descriptor bLength < 9");
  b = good;
  b[2] = 5;
  b[3] = 0;
  expect_refused(b, "wTotalLength smaller than bLength");
  b = good;
  b[9 + 9] = 0;  // first endpoint's bLength 0: would loop forever
  expect_refused(b, "zero-length descriptor");
  b = good;
  b[9 + 9] = 1;
  expect_refused(b, "descriptor bLength < 2");
  b = good;
  b[9 + 9 + 7] = 200;  // last endpoint runs past the end
  expect_refused(b, "descriptor runs past wTotalLength");
  b = good + Bytes{5};
  b[2] = static_cast<uint8_t>(b.size());
  expect_refused(b, "descriptor header truncated");
  b = good;
  b[9] = 8;  // interface bLength 8
  expect_refused(b, "interface descriptor bLength < 9");
  b = configuration(1, interface_descriptor(0, 0, 1, 8, 6, 0x50) + Bytes{6, kDescriptorEndpoint, 0x81, 2, 64, 0});
  expect_refused(b, "endpoint descriptor bLength < 7");
  Bytes short_header = {9, 2, 0x20};
  EXPECT_FALSE(parse_configuration(short_header.data(), short_header.size(), why));
  EXPECT_STREQ(why.what, "configuration descriptor shorter than 9 bytes");
}

TEST(UsbConfiguration, RefusesBadEndpoints) {
  auto with_endpoint = [](Bytes ep) { return configuration(1, interface_descriptor(0, 0, 1, 8, 6, 0x50) + ep); };
  expect_refused(with_endpoint(endpoint_descriptor(0x80, 2, 64)), "endpoint number 0 in a configuration");
  expect_refused(with_endpoint(endpoint_descriptor(0x00, 2, 64)), "endpoint number 0 in a configuration");
  expect_refused(with_endpoint(endpoint_descriptor(0x91, 2, 64)), "endpoint address reserved bits set");
  expect_refused(with_endpoint(endpoint_descriptor(0x81, 2, 0)), "endpoint wMaxPacketSize 0");
  expect_refused(with_endpoint(endpoint_descriptor(0x81, 2, 0x1800)), "endpoint wMaxPacketSize 0");
  expect_refused(with_endpoint(endpoint_descriptor(0x81, 3, 8, 0)), "interrupt endpoint bInterval 0");
  expect_refused(configuration(1, endpoint_descriptor(0x81, 2, 64)), "endpoint descriptor outside an interface");
  expect_refused(configuration(1, interface_descriptor(0, 0, 2, 8, 6, 0x50) + endpoint_descriptor(0x81, 2, 64) +
                                      endpoint_descriptor(0x81, 2, 64)),
                 "endpoint address repeats");
  // An isochronous endpoint with wMaxPacketSize 0 (a zero-bandwidth setting) is legal and not kept.
  Diagnostic why;
  Result<Configuration> iso = parse(with_endpoint(endpoint_descriptor(0x81, 1, 0, 1)), why);
  ASSERT_TRUE(iso) << why.what;
  EXPECT_EQ(iso.value().endpoint_count, 0u);
}

TEST(UsbConfiguration, RefusesInconsistentCounts) {
  expect_refused(configuration(1, interface_descriptor(0, 0, 3, 8, 6, 0x50) + endpoint_descriptor(0x81, 2, 64)),
                 "interface has not the bNumEndpoints it declares");
  expect_refused(configuration(2, storage_body()), "number of interfaces is not bNumInterfaces");
  expect_refused(configuration(2, storage_body() + storage_body()), "interface number repeats");
  expect_refused(configuration(0, storage_body()), "bNumInterfaces 0");
  Bytes many;
  for (uint8_t i = 0; i < 9; ++i) many = many + interface_descriptor(i, 0, 0, 0xFF, 0, 0);
  expect_refused(configuration(9, many), "more interfaces than supported (8)");
}

TEST(UsbConfiguration, NeverReadsPastTheBufferWhateverTheBytes) {
  // Every truncation and every single-byte corruption of a good blob either parses or is refused;
  // the sanitizer build catches a read outside the buffer.
  Bytes good = configuration(1, storage_body());
  Diagnostic why;
  for (size_t n = 0; n < good.size(); ++n) {
    Bytes cut(good.begin(), good.begin() + static_cast<long>(n));
    EXPECT_FALSE(parse_configuration(cut.data(), cut.size(), why)) << n;
  }
  for (size_t i = 0; i < good.size(); ++i)
    for (int v : {0, 1, 2, 7, 9, 0x7F, 0xFF}) {
      Bytes b = good;
      b[i] = static_cast<uint8_t>(v);
      Result<Configuration> r = parse(b, why);
      if (r) {
        EXPECT_LE(r.value().endpoint_count, kMaxConfigEndpoints);
      } else {
        EXPECT_EQ(r.error(), Error::Protocol);
      }
    }
}

TEST(UsbHubDescriptor, ParsesAndChecks) {
  Bytes b = {9, 0x29, 4, 0x09, 0x00, 50, 100, 0x00, 0xFF};
  Diagnostic why;
  Result<HubDescriptor> h = parse_hub_descriptor(b.data(), b.size(), kDescriptorHub, why);
  ASSERT_TRUE(h);
  EXPECT_EQ(h.value().ports, 4);
  EXPECT_EQ(h.value().power_on_to_good_ms, 100u);
  EXPECT_TRUE(h.value().individual_power());
  EXPECT_FALSE(h.value().compound());
  EXPECT_EQ(h.value().control_current, 100);

  EXPECT_FALSE(parse_hub_descriptor(b.data(), 6, kDescriptorHub, why));
  EXPECT_STREQ(why.what, "hub descriptor truncated");
  Bytes x = b;
  x[0] = 12;
  EXPECT_FALSE(parse_hub_descriptor(x.data(), x.size(), kDescriptorHub, why));
  EXPECT_STREQ(why.what, "hub descriptor bLength runs past what was read");
  x = b;
  x[0] = 6;
  EXPECT_FALSE(parse_hub_descriptor(x.data(), x.size(), kDescriptorHub, why));
  x = b;
  x[2] = 0;
  EXPECT_FALSE(parse_hub_descriptor(x.data(), x.size(), kDescriptorHub, why));
  EXPECT_STREQ(why.what, "hub with bNbrPorts 0");
  x = b;
  x[2] = 8;  // 8 ports need a 2-byte DeviceRemovable: bLength 9 is too short
  x[0] = 7;
  EXPECT_FALSE(parse_hub_descriptor(x.data(), x.size(), kDescriptorHub, why));
  EXPECT_STREQ(why.what, "hub descriptor too short for its DeviceRemovable");
  x = b;
  x[1] = 0x2A;
  EXPECT_FALSE(parse_hub_descriptor(x.data(), x.size(), kDescriptorHub, why));
  EXPECT_STREQ(why.what, "not a hub descriptor");
  Bytes ss = {12, 0x2A, 4, 0, 0, 10, 0, 0, 0, 0, 0, 0};
  ASSERT_TRUE(parse_hub_descriptor(ss.data(), ss.size(), kDescriptorSuperSpeedHub, why));
  ss[2] = 16;
  EXPECT_FALSE(parse_hub_descriptor(ss.data(), ss.size(), kDescriptorSuperSpeedHub, why));
}

TEST(UsbLocation, ChildOfRootHubAndDeeper) {
  Device hub;
  hub.location.root_port = 2;
  hub.speed = Speed::High;
  hub.address = 5;
  hub.slot = 9;
  DeviceLocation c = child_location(hub, 2, 3);
  EXPECT_EQ(c.root_port, 2);
  EXPECT_EQ(c.tier, 2);
  EXPECT_EQ(c.route, 0x3u);
  EXPECT_EQ(c.hub_address, 5);
  EXPECT_EQ(c.hub_port, 3);
  EXPECT_EQ(c.hub_speed, Speed::High);
  EXPECT_EQ(c.hub_slot, 9u);
  EXPECT_TRUE(c.hub_multi_tt);

  // A full-speed hub behind that high-speed hub: its children use the high-speed hub's TT.
  Device fs_hub;
  fs_hub.location = c;
  fs_hub.speed = Speed::Full;
  fs_hub.address = 6;
  DeviceLocation g = child_location(fs_hub, 0, 20);  // port > 15 is 15 in the route string
  EXPECT_EQ(g.tier, 3);
  EXPECT_EQ(g.route, 0xF3u);
  EXPECT_EQ(g.hub_address, 5);
  EXPECT_EQ(g.hub_port, 3);
  EXPECT_EQ(g.hub_slot, 9u);
  EXPECT_EQ(g.hub_speed, Speed::High);

  EXPECT_STREQ(port_name("xhci0", g).text, "xhci0 port 2.3.15");
  EXPECT_STREQ(port_name("uhci0", hub.location).text, "uhci0 port 2");
  Device single;
  single.speed = Speed::High;
  single.address = 1;
  single.location.root_port = 1;
  EXPECT_FALSE(child_location(single, 1, 1).hub_multi_tt);
}

}  // namespace
}  // namespace cw::usb

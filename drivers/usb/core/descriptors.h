// Parsing of the standard descriptors a device returns (USB 2.0 9.6) and of the hub descriptor (USB 2.0
// 11.23.2.1; USB 3.2 10.15.2.1). Everything a device sends is hostile until checked: every parser takes
// the bytes actually received, checks every length and field it uses, and on the first violation returns
// Error::Protocol with `why` saying what was wrong (for the core to print). Nothing here trusts bLength or
// wTotalLength, and no input makes a parser loop or read outside [data, data + length).
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/usb/core/host_controller.h"
#include "lib/result.h"

namespace cw::usb {

// What a parser refused, and where (byte offset into the buffer it was given).
struct Diagnostic {
  const char* what = "";
  size_t offset = 0;
};

// Standard device descriptor (9.6.1, table 9-8), the fields the core uses.
struct DeviceDescriptor {
  uint16_t usb_version = 0;  // bcdUSB
  uint8_t device_class = 0;
  uint8_t device_subclass = 0;
  uint8_t device_protocol = 0;  // for a hub: 1 single TT, 2 multiple TTs (11.23.1)
  uint16_t max_packet0 = 0;     // in bytes (a USB 3 device's exponent already expanded)
  uint16_t vendor = 0;
  uint16_t product = 0;
  uint16_t device_version = 0;
  uint8_t configurations = 0;
};

inline constexpr size_t kDeviceDescriptorSize = 18;
inline constexpr size_t kConfigurationHeaderSize = 9;
inline constexpr size_t kInterfaceDescriptorSize = 9;
inline constexpr size_t kEndpointDescriptorSize = 7;

// Checks bLength >= 18 within `length`, bDescriptorType 1, bMaxPacketSize0 one of 8/16/32/64 (or 9,
// meaning 512, for bcdUSB >= 3.0: USB 3.2 9.6.1) and bNumConfigurations >= 1.
Result<DeviceDescriptor> parse_device_descriptor(const uint8_t* data, size_t length, Diagnostic& why);

// The 9-byte configuration descriptor header (9.6.3): enough to learn how much to read.
struct ConfigurationHeader {
  uint16_t total_length = 0;  // wTotalLength, >= 9
  uint8_t interfaces = 0;     // bNumInterfaces
  uint8_t value = 0;          // bConfigurationValue, the argument of SET_CONFIGURATION
  uint8_t attributes = 0;
  uint8_t max_power = 0;      // bMaxPower, in 2 mA units (8 mA for SuperSpeed)
};

Result<ConfigurationHeader> parse_configuration_header(const uint8_t* data, size_t length, Diagnostic& why);

// An interface with its alternate setting 0 (9.6.5): the setting a device is in after SET_CONFIGURATION
// (9.1.1.5). Its endpoints are Configuration::endpoints[first_endpoint, first_endpoint + endpoint_count).
struct InterfaceInfo {
  uint8_t number = 0;
  uint8_t interface_class = 0;
  uint8_t interface_subclass = 0;
  uint8_t interface_protocol = 0;
  uint8_t first_endpoint = 0;
  uint8_t endpoint_count = 0;
};

inline constexpr size_t kMaxInterfaces = 8;
inline constexpr size_t kMaxConfigEndpoints = 30;  // 15 IN and 15 OUT endpoint numbers (9.6.6)

// A whole configuration: the header and the bulk and interrupt endpoints of every interface's alternate
// setting 0. Isochronous and control endpoints and other alternate settings are checked but not kept.
struct Configuration {
  ConfigurationHeader header;
  InterfaceInfo interfaces[kMaxInterfaces];
  size_t interface_count = 0;
  Endpoint endpoints[kMaxConfigEndpoints];
  size_t endpoint_count = 0;
};

// Walks the wTotalLength bytes of a configuration (9.6.3, 9.6.5, 9.6.6): `length` is what was received
// and must be at least wTotalLength. Every descriptor inside needs bLength >= 2 and must end inside
// wTotalLength; interface descriptors need bLength >= 9, endpoint descriptors bLength >= 7, an interface
// before them, an endpoint number 1-15 with the reserved address bits clear, and (bulk, interrupt) a
// non-zero wMaxPacketSize; an interrupt endpoint a non-zero bInterval. Each alternate setting must have
// the bNumEndpoints it declares, no endpoint address may repeat in alternate setting 0, and the number of
// interfaces must be bNumInterfaces. Class-specific and unknown descriptors are skipped by bLength.
Result<Configuration> parse_configuration(const uint8_t* data, size_t length, Diagnostic& why);

// The first interface (alternate setting 0) with this class, subclass and protocol, or nullptr.
const InterfaceInfo* find_interface(const Configuration& config, uint8_t interface_class, uint8_t subclass,
                                    uint8_t protocol);

struct BulkPair {
  Endpoint in;
  Endpoint out;
};
// The first bulk IN and first bulk OUT endpoint of `interface`. NotFound if either is missing.
Result<BulkPair> find_bulk_endpoints(const Configuration& config, const InterfaceInfo& interface);

// The hub descriptor (USB 2.0 11.23.2.1, type 0x29; USB 3.2 10.15.2.1, type 0x2A).
struct HubDescriptor {
  uint8_t ports = 0;               // bNbrPorts, >= 1
  uint16_t characteristics = 0;    // wHubCharacteristics
  uint32_t power_on_to_good_ms = 0;  // bPwrOn2PwrGood * 2
  uint8_t control_current = 0;     // bHubContrCurrent (mA)
  bool super_speed = false;        // a USB 3 hub descriptor

  // wHubCharacteristics bits 1-0 (11.23.2.1): 00 ganged, 01 individual port power switching.
  bool individual_power() const { return (characteristics & 0x3) == 0x1; }
  bool compound() const { return (characteristics & 0x4) != 0; }
};

inline constexpr size_t kHubDescriptorMaxSize = 71;  // 7 + 2 * 32 bytes of bitmaps for 255 ports

// `type` is kDescriptorHub or kDescriptorSuperSpeedHub, whichever was asked for. Checks bLength >= 7 (USB
// 3: 12) within `length`, the type, bNbrPorts >= 1 (USB 3: <= 15), and that bLength holds the
// DeviceRemovable bitmap of ceil((bNbrPorts + 1) / 8) bytes (USB 3: 2 bytes).
Result<HubDescriptor> parse_hub_descriptor(const uint8_t* data, size_t length, uint8_t type, Diagnostic& why);

}  // namespace cw::usb

// The USB 2.0 framework constants every part of the stack shares (Universal Serial Bus Specification
// Revision 2.0, chapter 9): the setup packet, standard requests, descriptor types, feature selectors.
// Pure data, shared by the kernel and the host tests.
#pragma once

#include <cstdint>

namespace cw::usb {

enum class Speed : uint8_t { Low, Full, High, Super };

// "low", "full", "high", "super".
constexpr const char* speed_name(Speed s) {
  switch (s) {
    case Speed::Low: return "low";
    case Speed::Full: return "full";
    case Speed::High: return "high";
    case Speed::Super: return "super";
  }
  return "?";
}

enum class Direction : uint8_t { Out, In };

// The 8-byte SETUP packet of a control transfer (USB 2.0 9.3, table 9-2), little-endian on the wire.
struct [[gnu::packed]] SetupPacket {
  uint8_t request_type;  // bmRequestType: bit 7 direction (1 = IN), bits 6-5 type, bits 4-0 recipient
  uint8_t request;       // bRequest
  uint16_t value;        // wValue
  uint16_t index;        // wIndex
  uint16_t length;       // wLength: bytes of the data stage

  constexpr Direction direction() const { return (request_type & 0x80) ? Direction::In : Direction::Out; }
};
static_assert(sizeof(SetupPacket) == 8);

// bmRequestType fields (table 9-2).
inline constexpr uint8_t kRequestIn = 0x80;
inline constexpr uint8_t kRequestOut = 0x00;
inline constexpr uint8_t kTypeStandard = 0x00;
inline constexpr uint8_t kTypeClass = 0x20;
inline constexpr uint8_t kTypeVendor = 0x40;
inline constexpr uint8_t kRecipientDevice = 0x00;
inline constexpr uint8_t kRecipientInterface = 0x01;
inline constexpr uint8_t kRecipientEndpoint = 0x02;
inline constexpr uint8_t kRecipientOther = 0x03;  // a hub's port

// Standard requests (table 9-4).
inline constexpr uint8_t kGetStatus = 0;
inline constexpr uint8_t kClearFeature = 1;
inline constexpr uint8_t kSetFeature = 3;
inline constexpr uint8_t kSetAddress = 5;
inline constexpr uint8_t kGetDescriptor = 6;
inline constexpr uint8_t kGetConfiguration = 8;
inline constexpr uint8_t kSetConfiguration = 9;

// Descriptor types (table 9-5), and the class-specific hub descriptors (USB 2.0 11.23.2.1; USB 3.0 10.13.2.1).
inline constexpr uint8_t kDescriptorDevice = 1;
inline constexpr uint8_t kDescriptorConfiguration = 2;
inline constexpr uint8_t kDescriptorString = 3;
inline constexpr uint8_t kDescriptorInterface = 4;
inline constexpr uint8_t kDescriptorEndpoint = 5;
inline constexpr uint8_t kDescriptorHub = 0x29;
inline constexpr uint8_t kDescriptorSuperSpeedHub = 0x2A;

// Feature selectors (table 9-6).
inline constexpr uint16_t kFeatureEndpointHalt = 0;

// Class codes (USB-IF defined class codes).
inline constexpr uint8_t kClassMassStorage = 0x08;
inline constexpr uint8_t kClassHub = 0x09;

// Addresses a device may have (9.4.6): 0 is the default address of a device not yet addressed.
inline constexpr uint8_t kDefaultAddress = 0;
inline constexpr uint8_t kMaxAddress = 127;

// Timing (USB 2.0 7.1.7.3 and 7.1.7.5; 9.2.6.3): root port reset held at least 50 ms, 10 ms recovery
// after reset, 2 ms after SET_ADDRESS, 100 ms for a connection to settle (debounce).
inline constexpr uint32_t kPortResetMs = 50;
inline constexpr uint32_t kResetRecoveryMs = 10;
inline constexpr uint32_t kSetAddressRecoveryMs = 2;
inline constexpr uint32_t kDebounceMs = 100;

// Time limits the stack puts on transfers: 5 s for control (9.2.6.4 allows a device up to 5 s for a
// request with a data stage), bulk limits are the class driver's.
inline constexpr uint32_t kControlTimeoutMs = 5000;

}  // namespace cw::usb

// Device, endpoint and input contexts (xHCI 1.2 section 6.2): layout and field encoding.
// Hardware-independent: contexts are arrays of little-endian dwords that the driver fills in memory.
//
// Layout (6.2.1, 6.2.5): a device context is the slot context followed by 31 endpoint contexts, indexed
// by the Device Context Index (DCI): 1 for the control endpoint 0, 2 * number + direction (IN = 1) for
// the others. An input context puts the Input Control Context first, so every entry sits one context
// further. A context is 32 bytes, or 64 when HCCPARAMS1.CSZ is set (the upper half is reserved).
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/usb/core/host_controller.h"

namespace cw::xhci {

inline constexpr uint8_t kMaxDci = 31;

// DCI of endpoint `number` (0-15) in `dir` (4.5.1); endpoint 0 is 1 in either direction.
constexpr uint8_t dci(uint8_t number, usb::Direction dir) {
  return number == 0 ? 1 : static_cast<uint8_t>(2 * number + (dir == usb::Direction::In ? 1 : 0));
}

class ContextLayout {
public:
  // `csz`: HCCPARAMS1.CSZ (5.3.6).
  explicit constexpr ContextLayout(bool csz) : size_(csz ? 64 : 32) {}
  constexpr size_t context_bytes() const { return size_; }
  // Bytes of a whole device context (32 entries) and input context (33).
  constexpr size_t device_context_bytes() const { return 32 * size_; }
  constexpr size_t input_context_bytes() const { return 33 * size_; }
  // Byte offsets of the entries.
  constexpr size_t device_slot() const { return 0; }
  constexpr size_t device_endpoint(uint8_t dci) const { return dci * size_; }
  constexpr size_t input_control() const { return 0; }
  constexpr size_t input_slot() const { return size_; }
  constexpr size_t input_endpoint(uint8_t dci) const { return (1 + dci) * size_; }

private:
  size_t size_;
};

// Slot context fields the driver sets (table 6-4 ... 6-7).
struct SlotFields {
  uint32_t route = 0;           // 20 bits
  uint8_t speed_id = 0;         // the port's Protocol Speed ID (PSIV)
  bool multi_tt = false;
  bool hub = false;
  uint8_t context_entries = 1;  // the highest valid DCI
  uint8_t root_port = 0;
  uint8_t hub_ports = 0;        // for a hub: Number of Ports
  uint8_t tt_hub_slot = 0;      // for a LS/FS device behind a HS hub: the hub's slot and port
  uint8_t tt_port = 0;
};
// Writes the 8 dwords of a slot context (the rest of a 64-byte context is left as it is).
void encode_slot_context(const SlotFields& fields, uint32_t* context);

// Slot context read back from an output device context (table 6-7, 6-8).
constexpr uint8_t slot_device_address(const uint32_t* context) { return static_cast<uint8_t>(context[3]); }
constexpr uint8_t slot_state(const uint32_t* context) { return static_cast<uint8_t>(context[3] >> 27); }
inline constexpr uint8_t kSlotStateAddressed = 2;
inline constexpr uint8_t kSlotStateConfigured = 3;

// Endpoint Type (table 6-9, bits 5:3 of dword 1).
enum class EndpointType : uint8_t {
  IsochOut = 1, BulkOut = 2, InterruptOut = 3, Control = 4, IsochIn = 5, BulkIn = 6, InterruptIn = 7,
};
EndpointType endpoint_type(usb::TransferKind kind, usb::Direction dir);

struct EndpointFields {
  EndpointType type = EndpointType::Control;
  uint16_t max_packet = 0;
  uint8_t max_burst = 0;
  uint8_t interval = 0;      // the xHCI exponent (interval_exponent())
  uint8_t error_count = 3;   // CErr: retries of a transaction error (4.10.2.7)
  uint64_t dequeue = 0;      // TR Dequeue Pointer, 16-byte aligned
  bool dcs = true;           // Dequeue Cycle State
  uint16_t average_trb_length = 0;
  uint32_t max_esit_payload = 0;
};
// Writes the 5 defined dwords of an endpoint context (table 6-10).
void encode_endpoint_context(const EndpointFields& fields, uint32_t* context);
// Endpoint State, dword 0 bits 2:0 (table 6-10): 0 disabled, 1 running, 2 halted, 3 stopped, 4 error.
constexpr uint8_t endpoint_state(const uint32_t* context) { return static_cast<uint8_t>(context[0] & 7); }
inline constexpr uint8_t kEndpointRunning = 1;
inline constexpr uint8_t kEndpointHalted = 2;
inline constexpr uint8_t kEndpointStopped = 3;

// The Interval field (6.2.3.6): the service period is 2^Interval * 125 us. A full- or low-speed
// interrupt endpoint's bInterval counts frames (1 ms, rounded down to a power of two); high- and
// super-speed bInterval is already an exponent plus one (USB 2.0 9.6.6). Bulk and control: 0.
uint8_t interval_exponent(usb::Speed speed, usb::TransferKind kind, uint8_t b_interval);

// Endpoint 0's max packet size before the device descriptor is read (4.3.3): 8 LS, 64 FS/HS, 512 SS.
uint16_t default_max_packet0(usb::Speed speed);
// bMaxPacketSize0 of a device descriptor: 8/16/32/64 below super speed, the exponent 9 (512) at super
// speed (USB 3.2 9.6.1). Protocol for a value the speed does not allow.
Result<uint16_t> max_packet0_from_descriptor(usb::Speed speed, uint8_t b_max_packet0);

// The route string of a device on port `port` of a hub whose own route is `hub_route` and which sits at
// `hub_tier` (1: on a root port) (8.9: 4 bits per tier below the root, ports above 15 saturate).
// InvalidArgument past the 5 hub tiers a route string describes.
Result<uint32_t> child_route(uint32_t hub_route, uint8_t hub_tier, uint8_t port);

// Input Control Context (6.2.5.1): drop flags dword 0, add flags dword 1; bit n is entry n (0 the slot).
void set_input_control(uint32_t* control, uint32_t drop, uint32_t add);

}  // namespace cw::xhci

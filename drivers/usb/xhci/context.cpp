#include "drivers/usb/xhci/context.h"

namespace cw::xhci {

void encode_slot_context(const SlotFields& f, uint32_t* c) {
  c[0] = (f.route & 0xFFFFF) | (static_cast<uint32_t>(f.speed_id & 0xF) << 20) | (f.multi_tt ? 1u << 25 : 0) |
         (f.hub ? 1u << 26 : 0) | (static_cast<uint32_t>(f.context_entries & 0x1F) << 27);
  c[1] = (static_cast<uint32_t>(f.root_port) << 16) | (static_cast<uint32_t>(f.hub ? f.hub_ports : 0) << 24);
  c[2] = f.tt_hub_slot | (static_cast<uint32_t>(f.tt_port) << 8);  // TT Think Time 0, interrupter 0
  c[3] = 0;  // address and state are the controller's (output only)
  for (int i = 4; i < 8; ++i) c[i] = 0;
}

EndpointType endpoint_type(usb::TransferKind kind, usb::Direction dir) {
  bool in = dir == usb::Direction::In;
  if (kind == usb::TransferKind::Bulk) return in ? EndpointType::BulkIn : EndpointType::BulkOut;
  return in ? EndpointType::InterruptIn : EndpointType::InterruptOut;
}

void encode_endpoint_context(const EndpointFields& f, uint32_t* c) {
  c[0] = static_cast<uint32_t>(f.interval) << 16 | ((f.max_esit_payload >> 16) & 0xFF) << 24;
  c[1] = (static_cast<uint32_t>(f.error_count & 3) << 1) | (static_cast<uint32_t>(f.type) << 3) |
         (static_cast<uint32_t>(f.max_burst) << 8) | (static_cast<uint32_t>(f.max_packet) << 16);
  uint64_t dq = (f.dequeue & ~uint64_t{0xF}) | (f.dcs ? 1 : 0);
  c[2] = static_cast<uint32_t>(dq);
  c[3] = static_cast<uint32_t>(dq >> 32);
  c[4] = f.average_trb_length | ((f.max_esit_payload & 0xFFFF) << 16);
  for (int i = 5; i < 8; ++i) c[i] = 0;
}

uint8_t interval_exponent(usb::Speed speed, usb::TransferKind kind, uint8_t b_interval) {
  if (kind != usb::TransferKind::Interrupt) return 0;
  if (speed == usb::Speed::High || speed == usb::Speed::Super) {
    // bInterval 1-16: period 2^(bInterval-1) microframes.
    uint8_t b = b_interval < 1 ? 1 : (b_interval > 16 ? 16 : b_interval);
    return static_cast<uint8_t>(b - 1);
  }
  // bInterval 1-255 frames = 8 * bInterval microframes; the largest power of two not above it, 3..10.
  uint32_t microframes = (b_interval < 1 ? 1u : b_interval) * 8u;
  uint8_t exponent = 0;
  while ((2u << exponent) <= microframes) ++exponent;
  if (exponent < 3) exponent = 3;
  if (exponent > 10) exponent = 10;
  return exponent;
}

uint16_t default_max_packet0(usb::Speed speed) {
  switch (speed) {
    case usb::Speed::Low: return 8;
    case usb::Speed::Full:
    case usb::Speed::High: return 64;
    case usb::Speed::Super: return 512;
  }
  return 8;
}

Result<uint16_t> max_packet0_from_descriptor(usb::Speed speed, uint8_t b) {
  if (speed == usb::Speed::Super) {
    if (b != 9) return Error::Protocol;
    return uint16_t{512};
  }
  if (speed == usb::Speed::Low && b != 8) return Error::Protocol;
  if (speed == usb::Speed::High && b != 64) return Error::Protocol;
  if (b != 8 && b != 16 && b != 32 && b != 64) return Error::Protocol;
  return uint16_t{b};
}

Result<uint32_t> child_route(uint32_t hub_route, uint8_t hub_tier, uint8_t port) {
  // The root hub is tier 1 for route purposes: a hub on a root port fills nibble 0 for its children.
  if (hub_tier < 1 || hub_tier > 5 || port == 0) return Error::InvalidArgument;
  uint32_t nibble = port > 15 ? 15 : port;
  return hub_route | (nibble << (4 * (hub_tier - 1)));
}

void set_input_control(uint32_t* control, uint32_t drop, uint32_t add) {
  control[0] = drop;
  control[1] = add;
  for (int i = 2; i < 8; ++i) control[i] = 0;
}

}  // namespace cw::xhci

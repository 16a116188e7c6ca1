#include "drivers/usb/xhci/trb.h"

namespace cw::xhci {

namespace {

constexpr uint32_t type_bits(TrbType type) { return static_cast<uint32_t>(type) << 10; }
constexpr uint32_t slot_bits(uint8_t slot) { return static_cast<uint32_t>(slot) << 24; }
constexpr uint32_t endpoint_bits(uint8_t dci) { return static_cast<uint32_t>(dci & 0x1F) << 16; }

Trb pointer_trb(uint64_t pointer, uint32_t d2, uint32_t d3) {
  Trb t;
  t.d[0] = static_cast<uint32_t>(pointer);
  t.d[1] = static_cast<uint32_t>(pointer >> 32);
  t.d[2] = d2;
  t.d[3] = d3;
  return t;
}

// Dword 2 of Normal and Data Stage TRBs: length 16:0, TD Size 21:17, interrupter target 0.
uint32_t length_bits(uint32_t length, uint32_t td_size) {
  return (length & 0x1FFFF) | ((td_size > 31 ? 31 : td_size) << 17);
}

}  // namespace

uint32_t td_size(uint64_t bytes_after_this_trb, uint16_t max_packet) {
  if (bytes_after_this_trb == 0 || max_packet == 0) return 0;
  uint64_t packets = (bytes_after_this_trb + max_packet - 1) / max_packet;
  return packets > 31 ? 31 : static_cast<uint32_t>(packets);
}

Trb normal_trb(uint64_t buffer, uint32_t length, uint32_t td, uint32_t flags) {
  return pointer_trb(buffer, length_bits(length, td), type_bits(TrbType::Normal) | flags);
}

Trb setup_stage_trb(const usb::SetupPacket& s) {
  // Transfer Type (TRT) in dword 3 bits 17:16: 0 no data stage, 2 OUT data, 3 IN data (table 6-26).
  uint32_t trt = s.length == 0 ? 0 : (s.direction() == usb::Direction::In ? 3 : 2);
  Trb t;
  t.d[0] = s.request_type | (static_cast<uint32_t>(s.request) << 8) | (static_cast<uint32_t>(s.value) << 16);
  t.d[1] = s.index | (static_cast<uint32_t>(s.length) << 16);
  t.d[2] = 8;  // TRB Transfer Length: always 8 (6.4.1.2.1)
  t.d[3] = type_bits(TrbType::SetupStage) | kTrbIdt | (trt << 16);
  return t;
}

Trb data_stage_trb(uint64_t buffer, uint32_t length, uint32_t td, usb::Direction dir, uint32_t flags) {
  uint32_t d3 = type_bits(TrbType::DataStage) | flags | (dir == usb::Direction::In ? kTrbDirIn : 0);
  return pointer_trb(buffer, length_bits(length, td), d3);
}

Trb status_stage_trb(bool data_in, bool has_data) {
  // USB 2.0 8.5.3: the status stage goes the other way from the data stage, IN when there is none.
  bool in = !has_data || !data_in;
  Trb t;
  t.d[3] = type_bits(TrbType::StatusStage) | kTrbIoc | (in ? kTrbDirIn : 0);
  return t;
}

Trb link_trb(uint64_t segment, bool toggle_cycle) {
  return pointer_trb(segment, 0, type_bits(TrbType::Link) | (toggle_cycle ? kTrbToggleCycle : 0));
}

Trb no_op_command_trb() { return pointer_trb(0, 0, type_bits(TrbType::NoOpCommand)); }

Trb enable_slot_trb(uint8_t slot_type) {
  return pointer_trb(0, 0, type_bits(TrbType::EnableSlot) | (static_cast<uint32_t>(slot_type & 0x1F) << 16));
}

Trb disable_slot_trb(uint8_t slot) { return pointer_trb(0, 0, type_bits(TrbType::DisableSlot) | slot_bits(slot)); }

Trb address_device_trb(uint64_t input_context, uint8_t slot, bool block_set_address) {
  uint32_t bsr = block_set_address ? 1u << 9 : 0;
  return pointer_trb(input_context, 0, type_bits(TrbType::AddressDevice) | bsr | slot_bits(slot));
}

Trb configure_endpoint_trb(uint64_t input_context, uint8_t slot) {
  return pointer_trb(input_context, 0, type_bits(TrbType::ConfigureEndpoint) | slot_bits(slot));
}

Trb evaluate_context_trb(uint64_t input_context, uint8_t slot) {
  return pointer_trb(input_context, 0, type_bits(TrbType::EvaluateContext) | slot_bits(slot));
}

Trb reset_endpoint_trb(uint8_t slot, uint8_t dci) {
  return pointer_trb(0, 0, type_bits(TrbType::ResetEndpoint) | endpoint_bits(dci) | slot_bits(slot));
}

Trb stop_endpoint_trb(uint8_t slot, uint8_t dci) {
  return pointer_trb(0, 0, type_bits(TrbType::StopEndpoint) | endpoint_bits(dci) | slot_bits(slot));
}

Trb set_tr_dequeue_trb(uint8_t slot, uint8_t dci, uint64_t dequeue, bool dcs) {
  // Dword 0 bit 0 DCS, bits 3:1 SCT (0: no streams); stream id 0.
  return pointer_trb((dequeue & ~uint64_t{0xF}) | (dcs ? 1 : 0), 0,
                     type_bits(TrbType::SetTrDequeue) | endpoint_bits(dci) | slot_bits(slot));
}

}  // namespace cw::xhci

// xHCI contexts (xHCI 1.2 section 6.2): layout for 32- and 64-byte contexts, DCIs, slot and endpoint
// context fields, intervals, endpoint 0 packet sizes, route strings, and the Input Control Context.
#include <gtest/gtest.h>

#include "drivers/usb/xhci/context.h"

namespace cw::xhci {
namespace {

TEST(XhciContext, DeviceContextIndex) {
  EXPECT_EQ(dci(0, usb::Direction::Out), 1u);
  EXPECT_EQ(dci(0, usb::Direction::In), 1u);
  EXPECT_EQ(dci(1, usb::Direction::Out), 2u);
  EXPECT_EQ(dci(1, usb::Direction::In), 3u);
  EXPECT_EQ(dci(15, usb::Direction::In), 31u);
}

TEST(XhciContext, LayoutFollowsCsz) {
  ContextLayout small(false), big(true);
  EXPECT_EQ(small.context_bytes(), 32u);
  EXPECT_EQ(big.context_bytes(), 64u);
  EXPECT_EQ(small.device_endpoint(1), 32u);
  EXPECT_EQ(small.input_slot(), 32u);
  EXPECT_EQ(small.input_endpoint(1), 64u);
  EXPECT_EQ(big.input_endpoint(3), 4u * 64);
  EXPECT_EQ(big.input_context_bytes(), 33u * 64);
  EXPECT_LE(big.input_context_bytes(), 4096u);  // one DMA page holds it
}

TEST(XhciContext, SlotContextFields) {
  SlotFields f;
  f.route = 0x12345;
  f.speed_id = 3;
  f.multi_tt = true;
  f.hub = true;
  f.context_entries = 5;
  f.root_port = 7;
  f.hub_ports = 4;
  f.tt_hub_slot = 2;
  f.tt_port = 6;
  uint32_t c[8];
  for (uint32_t& d : c) d = 0xFFFFFFFF;
  encode_slot_context(f, c);
  EXPECT_EQ(c[0], 0x12345u | (3u << 20) | (1u << 25) | (1u << 26) | (5u << 27));
  EXPECT_EQ(c[1], (7u << 16) | (4u << 24));
  EXPECT_EQ(c[2], 2u | (6u << 8));
  EXPECT_EQ(c[3], 0u);
  // Number of Ports only for a hub.
  f.hub = false;
  encode_slot_context(f, c);
  EXPECT_EQ(c[1], 7u << 16);
  c[3] = (kSlotStateAddressed << 27) | 5;
  EXPECT_EQ(slot_device_address(c), 5u);
  EXPECT_EQ(slot_state(c), kSlotStateAddressed);
}

TEST(XhciContext, EndpointContextFields) {
  EndpointFields f;
  f.type = EndpointType::BulkIn;
  f.max_packet = 512;
  f.max_burst = 2;
  f.interval = 6;
  f.error_count = 3;
  f.dequeue = 0x12340;
  f.dcs = true;
  f.average_trb_length = 3072;
  f.max_esit_payload = 0x12345;
  uint32_t c[8] = {};
  encode_endpoint_context(f, c);
  EXPECT_EQ(c[0], (6u << 16) | (0x01u << 24));
  EXPECT_EQ(c[1], (3u << 1) | (6u << 3) | (2u << 8) | (512u << 16));
  EXPECT_EQ(c[2], 0x12341u);
  EXPECT_EQ(c[3], 0u);
  EXPECT_EQ(c[4], 3072u | (0x2345u << 16));
  c[0] |= kEndpointHalted;
  EXPECT_EQ(endpoint_state(c), kEndpointHalted);
  EXPECT_EQ(endpoint_type(usb::TransferKind::Bulk, usb::Direction::Out), EndpointType::BulkOut);
  EXPECT_EQ(endpoint_type(usb::TransferKind::Interrupt, usb::Direction::In), EndpointType::InterruptIn);
  EXPECT_EQ(endpoint_type(usb::TransferKind::Interrupt, usb::Direction::Out), EndpointType::InterruptOut);
}

TEST(XhciContext, IntervalExponent) {
  using usb::Speed;
  using usb::TransferKind;
  EXPECT_EQ(interval_exponent(Speed::High, TransferKind::Bulk, 10), 0u);
  EXPECT_EQ(interval_exponent(Speed::High, TransferKind::Interrupt, 1), 0u);
  EXPECT_EQ(interval_exponent(Speed::High, TransferKind::Interrupt, 4), 3u);
  EXPECT_EQ(interval_exponent(Speed::Super, TransferKind::Interrupt, 16), 15u);
  EXPECT_EQ(interval_exponent(Speed::Full, TransferKind::Interrupt, 1), 3u);    // 8 microframes
  EXPECT_EQ(interval_exponent(Speed::Full, TransferKind::Interrupt, 10), 6u);   // 80 -> 64
  EXPECT_EQ(interval_exponent(Speed::Low, TransferKind::Interrupt, 255), 10u);  // clamped
}

TEST(XhciContext, MaxPacket0) {
  EXPECT_EQ(default_max_packet0(usb::Speed::Low), 8u);
  EXPECT_EQ(default_max_packet0(usb::Speed::Full), 64u);
  EXPECT_EQ(default_max_packet0(usb::Speed::High), 64u);
  EXPECT_EQ(default_max_packet0(usb::Speed::Super), 512u);
  EXPECT_EQ(max_packet0_from_descriptor(usb::Speed::Full, 16).value(), 16u);
  EXPECT_EQ(max_packet0_from_descriptor(usb::Speed::Super, 9).value(), 512u);
  EXPECT_FALSE(max_packet0_from_descriptor(usb::Speed::Full, 12));
  EXPECT_FALSE(max_packet0_from_descriptor(usb::Speed::Low, 64));
  EXPECT_FALSE(max_packet0_from_descriptor(usb::Speed::High, 8));
  EXPECT_FALSE(max_packet0_from_descriptor(usb::Speed::Super, 64));
}

TEST(XhciContext, RouteString) {
  EXPECT_EQ(child_route(0, 1, 3).value(), 0x3u);
  EXPECT_EQ(child_route(0x3, 2, 5).value(), 0x53u);
  EXPECT_EQ(child_route(0x53, 3, 20).value(), 0xF53u);  // ports above 15 saturate
  EXPECT_FALSE(child_route(0, 6, 1));
  EXPECT_FALSE(child_route(0, 1, 0));
}

TEST(XhciContext, InputControl) {
  uint32_t c[8];
  for (uint32_t& d : c) d = 0xFFFFFFFF;
  set_input_control(c, 1u << 4, 0x3);
  EXPECT_EQ(c[0], 0x10u);
  EXPECT_EQ(c[1], 0x3u);
  EXPECT_EQ(c[7], 0u);
}

}  // namespace
}  // namespace cw::xhci

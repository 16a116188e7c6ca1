// xHCI TRB encoding (xHCI 1.2 section 6.4): every field of the TRBs the driver builds lands in the bits
// the specification gives it, and the event accessors read them back; TD Size and TRB planning.
#include <gtest/gtest.h>

#include "drivers/usb/xhci/transfer_plan.h"
#include "drivers/usb/xhci/trb.h"

namespace cw::xhci {
namespace {

TEST(XhciTrb, NormalTrbFields) {
  Trb t = normal_trb(0x1234'5678'9ABC'DEF0ull, 0x10000, 7, kTrbChain | kTrbIsp);
  EXPECT_EQ(t.d[0], 0x9ABCDEF0u);
  EXPECT_EQ(t.d[1], 0x12345678u);
  EXPECT_EQ(t.d[2], 0x10000u | (7u << 17));  // length 16:0, TD Size 21:17
  EXPECT_EQ(trb_type(t), TrbType::Normal);
  EXPECT_EQ(t.d[3] & (kTrbChain | kTrbIsp | kTrbIoc | kTrbCycle), kTrbChain | kTrbIsp);
  // TD Size saturates at 31.
  EXPECT_EQ((normal_trb(0, 1, 99, 0).d[2] >> 17) & 0x1F, 31u);
}

TEST(XhciTrb, SetupStageCarriesThePacketAndTransferType) {
  usb::SetupPacket in{0x80, 6, 0x0100, 0, 18};
  Trb t = setup_stage_trb(in);
  EXPECT_EQ(t.d[0], 0x80u | (6u << 8) | (0x0100u << 16));
  EXPECT_EQ(t.d[1], 0u | (18u << 16));
  EXPECT_EQ(t.d[2], 8u);
  EXPECT_EQ(trb_type(t), TrbType::SetupStage);
  EXPECT_NE(t.d[3] & kTrbIdt, 0u);
  EXPECT_EQ((t.d[3] >> 16) & 3, 3u);  // IN data stage
  usb::SetupPacket out{0x21, 9, 0, 0, 4};
  EXPECT_EQ((setup_stage_trb(out).d[3] >> 16) & 3, 2u);
  usb::SetupPacket none{0x00, 9, 1, 0, 0};
  EXPECT_EQ((setup_stage_trb(none).d[3] >> 16) & 3, 0u);
}

TEST(XhciTrb, DataAndStatusStageDirections) {
  Trb data = data_stage_trb(0x2000, 18, 0, usb::Direction::In, kTrbIsp);
  EXPECT_EQ(trb_type(data), TrbType::DataStage);
  EXPECT_NE(data.d[3] & kTrbDirIn, 0u);
  EXPECT_EQ(data.d[2] & 0x1FFFF, 18u);
  // Status goes opposite to the data stage, IN without one; it always interrupts.
  Trb after_in = status_stage_trb(true, true);
  EXPECT_EQ(after_in.d[3] & kTrbDirIn, 0u);
  EXPECT_NE(after_in.d[3] & kTrbIoc, 0u);
  EXPECT_NE(status_stage_trb(false, true).d[3] & kTrbDirIn, 0u);
  EXPECT_NE(status_stage_trb(false, false).d[3] & kTrbDirIn, 0u);
  EXPECT_EQ(trb_type(after_in), TrbType::StatusStage);
}

TEST(XhciTrb, CommandTrbsNameSlotAndEndpoint) {
  Trb address = address_device_trb(0x5000, 3, true);
  EXPECT_EQ(trb_pointer(address), 0x5000u);
  EXPECT_EQ(trb_type(address), TrbType::AddressDevice);
  EXPECT_EQ(address.d[3] >> 24, 3u);
  EXPECT_NE(address.d[3] & (1u << 9), 0u);  // BSR
  EXPECT_EQ(address_device_trb(0x5000, 3, false).d[3] & (1u << 9), 0u);

  Trb reset = reset_endpoint_trb(5, 4);
  EXPECT_EQ(trb_type(reset), TrbType::ResetEndpoint);
  EXPECT_EQ(event_slot(reset), 5u);
  EXPECT_EQ(event_endpoint(reset), 4u);

  Trb stop = stop_endpoint_trb(2, 31);
  EXPECT_EQ(trb_type(stop), TrbType::StopEndpoint);
  EXPECT_EQ(event_endpoint(stop), 31u);

  Trb dequeue = set_tr_dequeue_trb(1, 3, 0xABC0, true);
  EXPECT_EQ(trb_type(dequeue), TrbType::SetTrDequeue);
  EXPECT_EQ(dequeue.d[0], 0xABC1u);  // pointer | DCS
  EXPECT_EQ(set_tr_dequeue_trb(1, 3, 0xABC0, false).d[0], 0xABC0u);

  EXPECT_EQ((enable_slot_trb(0x11).d[3] >> 16) & 0x1F, 0x11u);
  EXPECT_EQ(trb_type(enable_slot_trb(0)), TrbType::EnableSlot);
  EXPECT_EQ(disable_slot_trb(7).d[3] >> 24, 7u);
  EXPECT_EQ(trb_type(configure_endpoint_trb(0, 1)), TrbType::ConfigureEndpoint);
  EXPECT_EQ(trb_type(evaluate_context_trb(0, 1)), TrbType::EvaluateContext);
  EXPECT_EQ(trb_type(no_op_command_trb()), TrbType::NoOpCommand);
}

TEST(XhciTrb, TransferEventAccessors) {
  Trb e;
  e.d[0] = 0x1230;
  e.d[2] = (13u << 24) | 0x00ABCD;  // Short Packet, residue 0xABCD
  e.d[3] = (4u << 24) | (3u << 16) | (32u << 10) | 1;
  EXPECT_EQ(trb_type(e), TrbType::TransferEvent);
  EXPECT_TRUE(trb_cycle(e));
  EXPECT_EQ(trb_pointer(e), 0x1230u);
  EXPECT_EQ(event_completion_code(e), 13u);
  EXPECT_EQ(event_transfer_residue(e), 0xABCDu);
  EXPECT_EQ(event_slot(e), 4u);
  EXPECT_EQ(event_endpoint(e), 3u);
  Trb port;
  port.d[0] = 5u << 24;
  EXPECT_EQ(event_port(port), 5u);
}

TEST(XhciTrb, TdSizeCountsRemainingPackets) {
  EXPECT_EQ(td_size(0, 512), 0u);
  EXPECT_EQ(td_size(1, 512), 1u);
  EXPECT_EQ(td_size(512, 512), 1u);
  EXPECT_EQ(td_size(513, 512), 2u);
  EXPECT_EQ(td_size(1u << 20, 512), 31u);
}

TEST(XhciTransferPlan, SplitsAt64KiBBoundaries) {
  TrbPiece pieces[8];
  // 0x0FF00 .. 0x30100: pieces end at 0x10000, 0x20000, 0x30000 and the rest.
  auto n = plan_trbs(0xFF00, 0x20200, 512, pieces, 8);
  ASSERT_TRUE(n);
  ASSERT_EQ(n.value(), 4u);
  EXPECT_EQ(pieces[0].bus, 0xFF00u);
  EXPECT_EQ(pieces[0].length, 0x100u);
  EXPECT_EQ(pieces[1].bus, 0x10000u);
  EXPECT_EQ(pieces[1].length, 0x10000u);
  EXPECT_EQ(pieces[2].length, 0x10000u);
  EXPECT_EQ(pieces[3].bus, 0x30000u);
  EXPECT_EQ(pieces[3].length, 0x100u);
  EXPECT_EQ(pieces[0].td_size, 31u);
  EXPECT_EQ(pieces[2].td_size, 1u);  // 0x100 bytes after it: one packet
  EXPECT_EQ(pieces[3].td_size, 0u);
  size_t total = 0;
  for (size_t i = 0; i < n.value(); ++i) {
    total += pieces[i].length;
    EXPECT_EQ(pieces[i].bus / kTrbBoundary, (pieces[i].bus + pieces[i].length - 1) / kTrbBoundary);
  }
  EXPECT_EQ(total, 0x20200u);
}

TEST(XhciTransferPlan, ZeroLengthAndCapacity) {
  TrbPiece pieces[2];
  auto zero = plan_trbs(0x1000, 0, 64, pieces, 2);
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero.value(), 1u);
  EXPECT_EQ(pieces[0].length, 0u);
  auto too_big = plan_trbs(0x8000, 0x30000, 512, pieces, 2);
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error(), Error::TooBig);
  auto exact = plan_trbs(0x10000, 0x10000, 512, pieces, 1);
  ASSERT_TRUE(exact);
  EXPECT_EQ(exact.value(), 1u);
}

}  // namespace
}  // namespace cw::xhci

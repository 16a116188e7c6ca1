// xHCI rings (xHCI 1.2 sections 4.9.2, 4.9.4, 4.11.5.1): the producer ring writes the cycle bit, hands
// the Link TRB over with Toggle Cycle at the end and flips its cycle state, detects a full ring and
// reuses slots the controller completed; the event ring consumer follows the cycle bit across a wrap.
#include <gtest/gtest.h>

#include <vector>

#include "drivers/usb/xhci/event_ring.h"
#include "drivers/usb/xhci/producer_ring.h"

namespace cw::xhci {
namespace {

constexpr uint64_t kBus = 0x40000;

TEST(XhciProducerRing, EnqueueWritesCycleAndAddresses) {
  std::vector<Trb> memory(8);
  ProducerRing ring;
  ring.init(memory.data(), kBus, memory.size());
  EXPECT_EQ(ring.free_slots(), 7u);
  EXPECT_TRUE(ring.cycle());
  // The link at the end points at the start, toggles the cycle, and is not the controller's yet.
  EXPECT_EQ(trb_type(memory[7]), TrbType::Link);
  EXPECT_EQ(trb_pointer(memory[7]), kBus);
  EXPECT_NE(memory[7].d[3] & kTrbToggleCycle, 0u);
  EXPECT_FALSE(trb_cycle(memory[7]));

  auto a = ring.enqueue(no_op_command_trb());
  ASSERT_TRUE(a);
  EXPECT_EQ(a.value(), kBus);
  EXPECT_TRUE(trb_cycle(memory[0]));
  EXPECT_EQ(trb_type(memory[0]), TrbType::NoOpCommand);
  EXPECT_EQ(ring.enqueue(no_op_command_trb()).value(), kBus + 16);
  EXPECT_EQ(ring.enqueue_bus(), kBus + 32);
  EXPECT_EQ(ring.free_slots(), 5u);
}

TEST(XhciProducerRing, WrapHandsOverTheLinkAndTogglesCycle) {
  std::vector<Trb> memory(4);  // 3 usable slots and the link
  ProducerRing ring;
  ring.init(memory.data(), kBus, memory.size());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(ring.enqueue(normal_trb(0, 0, 0, i == 2 ? kTrbChain : 0)));
  EXPECT_TRUE(trb_cycle(memory[3]));         // the link now carries cycle 1: the controller follows it
  EXPECT_NE(memory[3].d[3] & kTrbChain, 0u);  // and chains like the TRB before it
  EXPECT_FALSE(ring.cycle());
  EXPECT_EQ(ring.enqueue_bus(), kBus);
  EXPECT_TRUE(ring.full());
  auto refused = ring.enqueue(normal_trb(0, 0, 0, 0));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), Error::NoSpace);

  // The controller completed the first two: their slots come back; new TRBs carry cycle 0.
  ASSERT_TRUE(ring.release_through(kBus + 16));
  EXPECT_EQ(ring.free_slots(), 2u);
  ASSERT_TRUE(ring.enqueue(normal_trb(0, 0, 0, 0)));
  EXPECT_FALSE(trb_cycle(memory[0]));
  ASSERT_TRUE(ring.enqueue(normal_trb(0, 0, 0, 0)));
  EXPECT_FALSE(trb_cycle(memory[1]));
  EXPECT_TRUE(ring.full());
}

TEST(XhciProducerRing, ReleaseRejectsSlotsNotInFlight) {
  std::vector<Trb> memory(8);
  ProducerRing ring;
  ring.init(memory.data(), kBus, memory.size());
  ASSERT_TRUE(ring.enqueue(no_op_command_trb()));
  EXPECT_FALSE(ring.release_through(kBus + 16));  // enqueued nothing there
  EXPECT_FALSE(ring.release_through(kBus + 7 * 16));  // the link
  EXPECT_FALSE(ring.release_through(kBus + 8));       // not a TRB boundary
  EXPECT_FALSE(ring.release_through(0x1000));         // another ring
  ASSERT_TRUE(ring.release_through(kBus));
  EXPECT_EQ(ring.free_slots(), 7u);
  ring.release_all();
  EXPECT_EQ(ring.free_slots(), 7u);
}

TEST(XhciProducerRing, SpanAcrossTheLink) {
  std::vector<Trb> memory(5);  // usable slots 0..3
  ProducerRing ring;
  ring.init(memory.data(), kBus, memory.size());
  EXPECT_TRUE(ring.in_span(kBus + 16, kBus + 48, kBus + 32));
  EXPECT_FALSE(ring.in_span(kBus + 16, kBus + 48, kBus));
  // A TD from slot 3 over the link to slot 1.
  EXPECT_TRUE(ring.in_span(kBus + 48, kBus + 16, kBus));
  EXPECT_TRUE(ring.in_span(kBus + 48, kBus + 16, kBus + 48));
  EXPECT_FALSE(ring.in_span(kBus + 48, kBus + 16, kBus + 32));
  EXPECT_FALSE(ring.in_span(kBus + 48, kBus + 16, kBus + 64));  // the link is no TRB of a TD
}

// What a controller does: writes an event with its producer cycle bit.
void post(std::vector<Trb>& memory, size_t index, bool cycle, uint8_t slot) {
  Trb e;
  e.d[3] = (static_cast<uint32_t>(slot) << 24) | (33u << 10) | (cycle ? 1 : 0);
  memory[index] = e;
}

TEST(XhciEventRing, FollowsTheCycleBitAcrossAWrap) {
  std::vector<Trb> memory(3);
  EventRing ring;
  ring.init(memory.data(), 0x9000, memory.size());
  Trb e;
  EXPECT_FALSE(ring.peek(e));  // zeroed memory: cycle 0, nothing new
  post(memory, 0, true, 1);
  post(memory, 1, true, 2);
  ASSERT_TRUE(ring.peek(e));
  EXPECT_EQ(event_slot(e), 1u);
  ring.advance();
  ASSERT_TRUE(ring.peek(e));
  EXPECT_EQ(event_slot(e), 2u);
  ring.advance();
  EXPECT_EQ(ring.dequeue_bus(), 0x9000u + 32);
  EXPECT_FALSE(ring.peek(e));
  post(memory, 2, true, 3);
  ASSERT_TRUE(ring.peek(e));
  ring.advance();
  // Wrapped: the consumer now expects cycle 0; the old events (cycle 1) are not new.
  EXPECT_EQ(ring.dequeue_bus(), 0x9000u);
  EXPECT_FALSE(ring.cycle());
  EXPECT_FALSE(ring.peek(e));
  post(memory, 0, false, 4);
  ASSERT_TRUE(ring.peek(e));
  EXPECT_EQ(event_slot(e), 4u);
}

}  // namespace
}  // namespace cw::xhci

// The UHCI schedule builder and decoder (drivers/usb/uhci/uhci_schedule.h): TD chains for control and
// bulk transfers, and what completed TDs mean, against the encodings of the UHCI Design Guide 1.1.
#include "drivers/usb/uhci/uhci_schedule.h"

#include <gtest/gtest.h>

#include <initializer_list>

#include "drivers/usb/uhci/uhci_regs.h"

namespace cw::usb::uhci {
namespace {

constexpr uint32_t kTdPhys = 0x00123400;
constexpr uint32_t kSetupPhys = 0x00200000;
constexpr uint32_t kDataPhys = 0x00300010;

struct Chain {
  Td tds[16] = {};
  TdArray array() { return TdArray{tds, kTdPhys, 16}; }
};

uint8_t pid(const Td& td) { return static_cast<uint8_t>(td.token & 0xFF); }
bool toggle(const Td& td) { return (td.token & kTokenToggle) != 0; }

// What the controller writes back when it completes a TD that moved `bytes` (DG 3.2.2).
void complete(Td& td, size_t bytes, uint32_t error_bits = 0) {
  td.status = (td.status & ~(kTdActive | kTdActualLengthMask)) | ((static_cast<uint32_t>(bytes) - 1) & 0x7FF) |
              error_bits;
}

// Builds a bulk chain of `length` bytes to address 3, endpoint `endpoint` (64-byte packets) and checks the TDs and
// bytes it covers.
void build_bulk_checked(Chain& c, uint8_t endpoint, Direction direction, bool data1, size_t length, size_t tds,
                        size_t bytes) {
  Target t{.address = 3, .endpoint = endpoint, .max_packet = 64};
  auto built = build_bulk(c.array(), t, direction, data1, kDataPhys, length);
  ASSERT_TRUE(built);
  EXPECT_EQ(built.value().tds, tds);
  EXPECT_EQ(built.value().bytes, bytes);
}

// Builds a bulk IN chain of `length` bytes in `c`, completes its first TDs with the byte counts in
// `moved` (the last of them also with `error_bits`) and decodes the chain.
Outcome bulk_in_after(Chain& c, uint16_t max_packet, size_t length, std::initializer_list<size_t> moved,
                      uint32_t error_bits = 0) {
  Target t{.address = 2, .endpoint = 1, .max_packet = max_packet};
  BulkChain b = build_bulk(c.array(), t, Direction::In, false, kDataPhys, length).value();
  size_t i = 0;
  for (size_t bytes : moved) {
    complete(c.tds[i], bytes, i + 1 == moved.size() ? error_bits : 0);
    ++i;
  }
  return decode(c.tds, b.tds, 0, b.tds);
}

TEST(UhciSchedule, ControlInChainHasSetupDataStatusWithToggles) {
  Chain c;
  Target t{.address = 5, .endpoint = 0, .low_speed = false, .max_packet = 8};
  auto built = build_control(c.array(), t, kSetupPhys, Direction::In, kDataPhys, 18);
  ASSERT_TRUE(built);
  ASSERT_EQ(built.value(), 5u);  // SETUP, 8 + 8 + 2 bytes, STATUS
  EXPECT_EQ(pid(c.tds[0]), kPidSetup);
  EXPECT_FALSE(toggle(c.tds[0]));
  EXPECT_EQ(max_length(c.tds[0].token), 8u);
  EXPECT_EQ(c.tds[0].buffer, kSetupPhys);
  for (int i = 1; i <= 3; ++i) {
    EXPECT_EQ(pid(c.tds[i]), kPidIn);
    EXPECT_EQ(toggle(c.tds[i]), i % 2 == 1) << i;  // DATA1, DATA0, DATA1
    EXPECT_NE(c.tds[i].status & kTdShortPacketDetect, 0u);
    EXPECT_EQ(c.tds[i].buffer, kDataPhys + 8u * (i - 1));
    EXPECT_EQ((c.tds[i].token >> kTokenAddressShift) & 0x7F, 5u);
  }
  EXPECT_EQ(max_length(c.tds[3].token), 2u);
  EXPECT_EQ(pid(c.tds[4]), kPidOut);  // status: the opposite direction
  EXPECT_TRUE(toggle(c.tds[4]));      // and DATA1
  EXPECT_EQ(max_length(c.tds[4].token), 0u);
  EXPECT_EQ(c.tds[4].token >> kTokenMaxLenShift, kLengthNull);
  // Links: each to the next TD, depth first; the last terminates and interrupts.
  for (int i = 0; i < 4; ++i) EXPECT_EQ(c.tds[i].link, (kTdPhys + 16u * (i + 1)) | kLinkDepth);
  EXPECT_EQ(c.tds[4].link, kLinkTerminate);
  for (int i = 0; i < 5; ++i) {
    EXPECT_NE(c.tds[i].status & kTdActive, 0u);
    EXPECT_EQ((c.tds[i].status >> kTdErrorCountShift) & 3, 3u);
    EXPECT_EQ(c.tds[i].status & kTdIoc, i == 4 ? kTdIoc : 0u);
  }
}

TEST(UhciSchedule, ControlWithoutDataHasInStatus) {
  Chain c;
  Target t{.address = 0, .endpoint = 0, .low_speed = true, .max_packet = 8};
  auto built = build_control(c.array(), t, kSetupPhys, Direction::Out, 0, 0);
  ASSERT_TRUE(built);
  ASSERT_EQ(built.value(), 2u);
  EXPECT_EQ(pid(c.tds[1]), kPidIn);
  EXPECT_TRUE(toggle(c.tds[1]));
  EXPECT_NE(c.tds[0].status & kTdLowSpeed, 0u);
  EXPECT_NE(c.tds[1].status & kTdLowSpeed, 0u);
}

TEST(UhciSchedule, ControlOutHasOutDataAndInStatusWithoutShortDetect) {
  Chain c;
  Target t{.address = 1, .endpoint = 0, .max_packet = 64};
  auto built = build_control(c.array(), t, kSetupPhys, Direction::Out, kDataPhys, 64);
  ASSERT_TRUE(built);
  ASSERT_EQ(built.value(), 3u);
  EXPECT_EQ(pid(c.tds[1]), kPidOut);
  EXPECT_EQ(c.tds[1].status & kTdShortPacketDetect, 0u);
  EXPECT_EQ(pid(c.tds[2]), kPidIn);
}

TEST(UhciSchedule, ControlRejectsBadTargetsAndTooLongChains) {
  Chain c;
  Target bad{.address = 128, .max_packet = 8};
  EXPECT_EQ(build_control(c.array(), bad, kSetupPhys, Direction::In, kDataPhys, 8).error(), Error::InvalidArgument);
  Target zero{.address = 1, .max_packet = 0};
  EXPECT_EQ(build_control(c.array(), zero, kSetupPhys, Direction::In, kDataPhys, 8).error(), Error::InvalidArgument);
  Target ok{.address = 1, .max_packet = 8};
  // 16 TDs hold SETUP + 14 data packets + STATUS: 112 bytes at 8 per packet, not 113.
  EXPECT_TRUE(build_control(c.array(), ok, kSetupPhys, Direction::In, kDataPhys, 112));
  EXPECT_EQ(build_control(c.array(), ok, kSetupPhys, Direction::In, kDataPhys, 113).error(), Error::TooBig);
}

TEST(UhciSchedule, BulkTogglesContinueFromTheEndpoint) {
  Chain c;
  build_bulk_checked(c, 2, Direction::Out, true, 150, 3, 150);
  EXPECT_TRUE(toggle(c.tds[0]));
  EXPECT_FALSE(toggle(c.tds[1]));
  EXPECT_TRUE(toggle(c.tds[2]));
  EXPECT_EQ(max_length(c.tds[2].token), 22u);
  EXPECT_EQ((c.tds[0].token >> kTokenEndpointShift) & 0xF, 2u);
  EXPECT_EQ(pid(c.tds[0]), kPidOut);
  EXPECT_EQ(c.tds[2].link, kLinkTerminate);
  EXPECT_NE(c.tds[2].status & kTdIoc, 0u);
  EXPECT_EQ(c.tds[1].status & kTdIoc, 0u);
  EXPECT_FALSE(toggle_after(true, 3));
  EXPECT_TRUE(toggle_after(true, 2));
}

TEST(UhciSchedule, BulkStopsAtTheArraysCapacity) {
  Chain c;
  build_bulk_checked(c, 1, Direction::In, false, 4096, 16, 1024);
  EXPECT_EQ(c.tds[15].link, kLinkTerminate);
  EXPECT_NE(c.tds[15].status & kTdIoc, 0u);
}

TEST(UhciSchedule, BulkZeroLengthIsOneNullPacket) {
  Chain c;
  build_bulk_checked(c, 1, Direction::Out, false, 0, 1, 0);
  EXPECT_EQ(c.tds[0].token >> kTokenMaxLenShift, kLengthNull);
  EXPECT_EQ(c.tds[0].buffer, 0u);
}

TEST(UhciSchedule, DecodePendingDoneAndBytes) {
  Chain c;
  Target t{.address = 2, .max_packet = 8};
  size_t n = build_control(c.array(), t, kSetupPhys, Direction::In, kDataPhys, 16).value();
  // After completing TDs [from, to) with `bytes` each: what decode says.
  auto after = [&](size_t from, size_t to, size_t bytes) {
    for (size_t i = from; i < to; ++i) complete(c.tds[i], bytes);
    return decode(c.tds, n, 1, n - 1);
  };
  Outcome o = after(0, 0, 0);
  EXPECT_EQ(o.progress, Progress::Pending);
  EXPECT_EQ(o.pending_at, 0u);
  o = after(0, 2, 8);  // SETUP and the first data packet
  EXPECT_EQ(o.progress, Progress::Pending);
  EXPECT_EQ(o.pending_at, 2u);
  EXPECT_EQ(o.bytes, 8u);
  o = after(2, 3, 8);
  EXPECT_EQ(o.pending_at, 3u);
  o = after(3, 4, 0);  // STATUS
  EXPECT_EQ(o.progress, Progress::Done);
  EXPECT_EQ(o.bytes, 16u);
  EXPECT_EQ(o.completed, 2u);
  EXPECT_FALSE(o.short_packet);
}

TEST(UhciSchedule, ShortControlDataWaitsForTheStatusStage) {
  Chain c;
  Target t{.address = 2, .max_packet = 8};
  size_t n = build_control(c.array(), t, kSetupPhys, Direction::In, kDataPhys, 40).value();  // 5 data packets
  complete(c.tds[0], 8);
  complete(c.tds[1], 8);
  complete(c.tds[2], 2);  // short: the rest of the data stage never runs
  Outcome o = decode(c.tds, n, 1, n - 1);
  EXPECT_EQ(o.progress, Progress::Pending);
  EXPECT_TRUE(o.short_packet);
  EXPECT_EQ(o.pending_at, n - 1);  // the driver starts the STATUS TD
  EXPECT_EQ(o.bytes, 10u);
  complete(c.tds[n - 1], 0);
  o = decode(c.tds, n, 1, n - 1);
  EXPECT_EQ(o.progress, Progress::Done);
  EXPECT_EQ(o.bytes, 10u);
}

TEST(UhciSchedule, ShortBulkInIsDone) {
  Chain c;
  Outcome o = bulk_in_after(c, 64, 512, {64, 13});
  EXPECT_EQ(o.progress, Progress::Done);
  EXPECT_EQ(o.bytes, 77u);
  EXPECT_EQ(o.completed, 2u);
  EXPECT_TRUE(o.short_packet);
}

TEST(UhciSchedule, ErrorsMapAsHostControllerSays) {
  struct Case {
    uint32_t bits;
    Error error;
  };
  const Case cases[] = {
      {kTdStalled, Error::BrokenPipe},
      {kTdStalled | kTdBabble, Error::Overflow},
      {kTdStalled | kTdCrcTimeout, Error::Protocol},
      {kTdStalled | kTdBitstuff, Error::Protocol},
      {kTdDataBufferError, Error::Protocol},
  };
  for (const Case& k : cases) {
    Chain c;
    Outcome o = bulk_in_after(c, 64, 128, {64, 0}, k.bits);
    EXPECT_EQ(o.progress, Progress::Failed) << k.bits;
    EXPECT_EQ(o.error, k.error) << k.bits;
    EXPECT_EQ(o.completed, 1u);
  }
}

TEST(UhciSchedule, ActualLengthAboveMaximumIsOverflow) {
  Chain c;
  Outcome o = bulk_in_after(c, 8, 8, {9});
  EXPECT_EQ(o.progress, Progress::Failed);
  EXPECT_EQ(o.error, Error::Overflow);
}

TEST(UhciSchedule, DeactivateClearsActiveOnly) {
  Chain c;
  Target t{.address = 2, .endpoint = 1, .max_packet = 8};
  BulkChain b = build_bulk(c.array(), t, Direction::In, false, kDataPhys, 24).value();
  uint32_t before = c.tds[1].status;
  deactivate(c.tds, b.tds);
  EXPECT_EQ(c.tds[1].status, before & ~kTdActive);
  EXPECT_EQ(decode(c.tds, b.tds, 0, b.tds).progress, Progress::Done);  // nothing moved, nothing pending
}

TEST(UhciSchedule, LengthEncodings) {
  EXPECT_EQ(actual_length(0x7FF), 0u);
  EXPECT_EQ(actual_length(0x000), 1u);
  EXPECT_EQ(actual_length(kTdActive | 0x03F), 64u);
  EXPECT_EQ(max_length(0x7FFu << 21), 0u);
  EXPECT_EQ(max_length(0x3Fu << 21), 64u);
  EXPECT_EQ(control_td_count(0, 8), 2u);
  EXPECT_EQ(control_td_count(18, 8), 5u);
  EXPECT_EQ(control_td_count(64, 64), 3u);
}

}  // namespace
}  // namespace cw::usb::uhci

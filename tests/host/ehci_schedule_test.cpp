// The EHCI schedule core (drivers/usb/ehci/ehci_schedule.h): qTD chains for control and bulk transfers
// (token bits, buffer pointers across pages, toggles, alternate pointers), queue head fields, linking
// into and out of the asynchronous list, and decoding of retired qTDs, against EHCI 1.0 sections 3.5,
// 3.6, 4.8 and 4.10.
#include "drivers/usb/ehci/ehci_schedule.h"

#include <gtest/gtest.h>

#include <initializer_list>

namespace cw::usb::ehci {
namespace {

constexpr uint32_t kQtdPhys = 0x00123400;
constexpr uint32_t kSetupPhys = 0x00200000;
constexpr uint32_t kDataPhys = 0x00300F10;  // 0xF0 bytes before a page boundary

struct Chain {
  Qtd qtds[8] = {};
  QtdArray array(size_t capacity = 8) { return QtdArray{qtds, kQtdPhys, capacity}; }
};

uint32_t pid(const Qtd& q) { return q.token & kTokenPidMask; }
bool toggle(const Qtd& q) { return (q.token & kTokenToggle) != 0; }

// What the controller writes back when it retires a qTD that moved `bytes` (3.5.3), with `status_bits`.
void retire(Qtd& q, uint32_t bytes, uint32_t status_bits = 0) {
  uint32_t left = q.length - bytes;
  q.token = (q.token & ~(kStatusActive | (0x7FFFu << 16))) | (left << 16) | status_bits;
}

TEST(EhciSchedule, ControlInHasSetupDataStatus) {
  Chain c;
  auto built = build_control(c.array(), 64, kSetupPhys, Direction::In, kDataPhys, 18);
  ASSERT_TRUE(built);
  ASSERT_EQ(built.value(), 3u);
  EXPECT_EQ(pid(c.qtds[0]), kTokenPidSetup);
  EXPECT_FALSE(toggle(c.qtds[0]));
  EXPECT_EQ(token_bytes(c.qtds[0].token), 8u);
  EXPECT_EQ(c.qtds[0].buffer[0], kSetupPhys);
  EXPECT_EQ(pid(c.qtds[1]), kTokenPidIn);
  EXPECT_TRUE(toggle(c.qtds[1]));  // the data stage starts with DATA1
  EXPECT_EQ(token_bytes(c.qtds[1].token), 18u);
  EXPECT_EQ(c.qtds[1].alternate, kQtdPhys + 2 * 64u);  // a short packet skips to STATUS
  EXPECT_EQ(pid(c.qtds[2]), kTokenPidOut);
  EXPECT_TRUE(toggle(c.qtds[2]));
  EXPECT_EQ(token_bytes(c.qtds[2].token), 0u);
  EXPECT_EQ(c.qtds[0].next, kQtdPhys + 64u);
  EXPECT_EQ(c.qtds[1].next, kQtdPhys + 128u);
  EXPECT_EQ(c.qtds[2].next, kLinkTerminate);
  for (int i = 0; i < 3; ++i) {
    EXPECT_NE(c.qtds[i].token & kStatusActive, 0u);
    EXPECT_EQ((c.qtds[i].token >> 10) & 3, 3u);  // CERR 3
    EXPECT_EQ(c.qtds[i].token & kTokenIoc, i == 2 ? kTokenIoc : 0u);
  }
}

TEST(EhciSchedule, ControlWithoutDataHasInStatus) {
  Chain c;
  auto built = build_control(c.array(), 64, kSetupPhys, Direction::Out, 0, 0);
  ASSERT_TRUE(built);
  ASSERT_EQ(built.value(), 2u);
  EXPECT_EQ(pid(c.qtds[1]), kTokenPidIn);
  EXPECT_TRUE(toggle(c.qtds[1]));
  EXPECT_NE(c.qtds[1].token & kTokenIoc, 0u);
}

TEST(EhciSchedule, BufferPointersFollowPages) {
  Chain c;
  auto built = build_bulk(c.array(), 512, Direction::In, kDataPhys, 8192);
  ASSERT_TRUE(built);
  ASSERT_EQ(built.value().qtds, 1u);
  const Qtd& q = c.qtds[0];
  EXPECT_EQ(q.buffer[0], kDataPhys);  // the offset is in pointer 0 only (3.5.4)
  for (int i = 1; i < 5; ++i) EXPECT_EQ(q.buffer[i], (kDataPhys & ~0xFFFu) + 0x1000u * i) << i;
  for (int i = 0; i < 5; ++i) EXPECT_EQ(q.buffer_high[i], 0u);
}

TEST(EhciSchedule, BulkSplitsIntoWholePacketQtds) {
  Chain c;
  auto built = build_bulk(c.array(), 512, Direction::Out, kDataPhys, 65536 + 100);
  ASSERT_TRUE(built);
  ASSERT_EQ(built.value().qtds, 5u);
  EXPECT_EQ(built.value().bytes, 65636u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(token_bytes(c.qtds[i].token), kQtdMaxBytes);
    EXPECT_EQ(c.qtds[i].buffer[0], kDataPhys + kQtdMaxBytes * i);
    EXPECT_EQ(c.qtds[i].alternate, kLinkTerminate);
    EXPECT_EQ(c.qtds[i].token & kTokenIoc, 0u);
    EXPECT_EQ(pid(c.qtds[i]), kTokenPidOut);
  }
  EXPECT_EQ(token_bytes(c.qtds[4].token), 100u);
  EXPECT_NE(c.qtds[4].token & kTokenIoc, 0u);
  EXPECT_EQ(c.qtds[4].next, kLinkTerminate);
}

TEST(EhciSchedule, BulkStopsAtCapacityAndZeroLengthIsOneQtd) {
  Chain c;
  auto built = build_bulk(c.array(2), 64, Direction::In, kDataPhys, 100000);
  ASSERT_TRUE(built);
  EXPECT_EQ(built.value().qtds, 2u);
  EXPECT_EQ(built.value().bytes, 2u * kQtdMaxBytes);
  auto zero = build_bulk(c.array(), 64, Direction::Out, kDataPhys, 0);
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero.value().qtds, 1u);
  EXPECT_EQ(token_bytes(c.qtds[0].token), 0u);
  EXPECT_FALSE(build_bulk(c.array(0), 64, Direction::In, kDataPhys, 10));
  EXPECT_EQ(build_bulk(c.array(), 0, Direction::In, kDataPhys, 10).error(), Error::InvalidArgument);
}

TEST(EhciSchedule, ControlDataToggleAcrossQtds) {
  // A data stage longer than one qTD: each qTD holds whole packets, and the next one starts with the
  // toggle its packet count leaves (every packet flips it).
  Chain c;
  // 8-byte packets: 2048 per qTD (even), so the second data qTD starts with DATA1 again.
  ASSERT_EQ(build_control(c.array(), 8, kSetupPhys, Direction::In, kDataPhys, 20000).value(), 4u);
  EXPECT_TRUE(toggle(c.qtds[1]));
  EXPECT_TRUE(toggle(c.qtds[2]));
  EXPECT_EQ(c.qtds[2].buffer[0], kDataPhys + kQtdMaxBytes);
  // 862-byte packets: 19 per qTD (16378 bytes, odd), so the second data qTD starts with DATA0.
  Chain odd;
  ASSERT_EQ(build_control(odd.array(), 862, kSetupPhys, Direction::In, kDataPhys, 20000).value(), 4u);
  EXPECT_EQ(token_bytes(odd.qtds[1].token), 862u * 19);
  EXPECT_FALSE(toggle(odd.qtds[2]));
  EXPECT_EQ(token_bytes(odd.qtds[2].token), 20000u - 862u * 19);
  EXPECT_TRUE(toggle(odd.qtds[3]));  // STATUS is always DATA1
  EXPECT_EQ(build_control(c.array(3), 8, kSetupPhys, Direction::In, kDataPhys, 20000).error(), Error::TooBig);
}

TEST(EhciSchedule, QueueHeadFields) {
  Qh qh{};
  Target hs{.address = 5, .endpoint = 2, .speed = Speed::High, .max_packet = 512};
  ASSERT_TRUE(init_qh(qh, hs, 0x1000, true));
  EXPECT_EQ(qh.characteristics, (512u << 16) | kQhSpeedHigh | (2u << 8) | 5u);
  EXPECT_EQ(qh.capabilities, kQhMult1);
  EXPECT_EQ(qh.overlay.next, 0x1000u);
  EXPECT_EQ(qh.overlay.alternate, kLinkTerminate);
  EXPECT_EQ(qh.overlay.token, kTokenToggle);  // the bulk toggle, kept in the queue head; not active
  EXPECT_TRUE(next_toggle(qh));

  Target ctl{.address = 0, .endpoint = 0, .speed = Speed::High, .max_packet = 64, .control = true};
  ASSERT_TRUE(init_qh(qh, ctl, 0x2000, true));
  EXPECT_NE(qh.characteristics & kQhToggleFromQtd, 0u);
  EXPECT_EQ(qh.characteristics & kQhControlEndpoint, 0u);  // C only for full/low speed
  EXPECT_EQ(qh.overlay.token, 0u);

  Target fs{.address = 7, .endpoint = 0, .speed = Speed::Full, .max_packet = 8, .control = true,
            .hub_address = 3, .hub_port = 4};
  ASSERT_TRUE(init_qh(qh, fs, 0x3000, false));
  EXPECT_EQ(qh.characteristics & (3u << 12), kQhSpeedFull);
  EXPECT_NE(qh.characteristics & kQhControlEndpoint, 0u);
  EXPECT_EQ(qh.capabilities, kQhMult1 | (4u << 23) | (3u << 16));
  Target ls = fs;
  ls.speed = Speed::Low;
  ASSERT_TRUE(init_qh(qh, ls, 0x3000, false));
  EXPECT_EQ(qh.characteristics & (3u << 12), kQhSpeedLow);

  Target bad = fs;
  bad.hub_address = 0;  // full speed on a root port: the companion's, not ours
  EXPECT_EQ(init_qh(qh, bad, 0, false).error(), Error::InvalidArgument);
  bad = hs;
  bad.address = 128;
  EXPECT_FALSE(init_qh(qh, bad, 0, false));
  bad = hs;
  bad.max_packet = 1025;
  EXPECT_FALSE(init_qh(qh, bad, 0, false));
  bad = hs;
  bad.endpoint = 16;
  EXPECT_FALSE(init_qh(qh, bad, 0, false));
}

TEST(EhciSchedule, AsyncListLinksAndUnlinks) {
  Qh ring[3] = {};
  constexpr uint32_t kPhys[3] = {0x5000, 0x5060, 0x50C0};
  init_anchor(ring[0], kPhys[0]);
  EXPECT_EQ(ring[0].horizontal, kPhys[0] | kLinkTypeQh);  // empty: the anchor links to itself
  EXPECT_NE(ring[0].characteristics & kQhHeadOfList, 0u);
  EXPECT_NE(ring[0].overlay.token & kStatusHalted, 0u);
  EXPECT_EQ(ring[0].overlay.next, kLinkTerminate);
  link_after(ring[0], ring[1], kPhys[1]);
  EXPECT_EQ(ring[0].horizontal, kPhys[1] | kLinkTypeQh);
  EXPECT_EQ(ring[1].horizontal, kPhys[0] | kLinkTypeQh);  // circular
  link_after(ring[1], ring[2], kPhys[2]);
  EXPECT_EQ(ring[1].horizontal, kPhys[2] | kLinkTypeQh);
  EXPECT_EQ(ring[2].horizontal, kPhys[0] | kLinkTypeQh);
  unlink_after(ring[0], ring[1]);
  EXPECT_EQ(ring[0].horizontal, kPhys[2] | kLinkTypeQh);
  unlink_after(ring[0], ring[2]);
  EXPECT_EQ(ring[0].horizontal, kPhys[0] | kLinkTypeQh);
  EXPECT_EQ(link_address(ring[0].horizontal), kPhys[0]);
}

// A control IN transfer of 100 bytes (64-byte packets) after the controller retired some of its qTDs.
struct ControlIn {
  Chain c;
  size_t count = 0;
  ControlIn() { count = build_control(c.array(), 64, kSetupPhys, Direction::In, kDataPhys, 100).value(); }
  Outcome decoded() { return decode(c.qtds, count, 1, count - 1); }
};

TEST(EhciSchedule, DecodeControlPendingDoneAndShort) {
  ControlIn t;
  EXPECT_EQ(t.decoded().progress, Progress::Pending);
  retire(t.c.qtds[0], 8);
  EXPECT_EQ(t.decoded().progress, Progress::Pending);
  retire(t.c.qtds[1], 100);
  EXPECT_EQ(t.decoded().progress, Progress::Pending);  // STATUS not yet
  retire(t.c.qtds[2], 0);
  Outcome o = t.decoded();
  EXPECT_EQ(o.progress, Progress::Done);
  EXPECT_EQ(o.bytes, 100u);
  EXPECT_FALSE(o.short_packet);

  ControlIn s;
  retire(s.c.qtds[0], 8);
  retire(s.c.qtds[1], 18);  // a short packet: the controller went on at STATUS
  EXPECT_EQ(s.decoded().progress, Progress::Pending);
  retire(s.c.qtds[2], 0);
  o = s.decoded();
  EXPECT_EQ(o.progress, Progress::Done);
  EXPECT_EQ(o.bytes, 18u);
  EXPECT_TRUE(o.short_packet);
}

TEST(EhciSchedule, DecodeErrors) {
  struct Case {
    uint32_t bits;
    Error error;
  } cases[] = {
      {kStatusHalted, Error::BrokenPipe},
      {kStatusHalted | kStatusBabble, Error::Protocol},
      {kStatusHalted | kStatusTransaction, Error::Protocol},
      {kStatusHalted | kStatusDataBuffer, Error::Protocol},
      {kStatusHalted | kStatusMissedMicroframe, Error::Protocol},
  };
  for (const Case& k : cases) {
    ControlIn t;
    retire(t.c.qtds[0], 8);
    retire(t.c.qtds[1], 64, k.bits);
    Outcome o = t.decoded();
    EXPECT_EQ(o.progress, Progress::Failed) << k.bits;
    EXPECT_EQ(o.error, k.error) << k.bits;
    EXPECT_EQ(o.bytes, 64u);
  }
  ControlIn stall_setup;
  retire(stall_setup.c.qtds[0], 0, kStatusHalted | kStatusTransaction);
  EXPECT_EQ(stall_setup.decoded().error, Error::Protocol);
  // A controller reporting more bytes left than the qTD had is not believed.
  ControlIn bogus;
  bogus.c.qtds[0].token = (bogus.c.qtds[0].token & ~(kStatusActive | (0x7FFFu << 16))) | (9u << 16);
  EXPECT_EQ(bogus.decoded().error, Error::Overflow);
}

TEST(EhciSchedule, DecodeBulkShortPacketEndsTransfer) {
  Chain c;
  BulkChain b = build_bulk(c.array(), 512, Direction::In, kDataPhys, 3 * kQtdMaxBytes).value();
  ASSERT_EQ(b.qtds, 3u);
  retire(c.qtds[0], kQtdMaxBytes);
  EXPECT_EQ(decode(c.qtds, b.qtds, 0, b.qtds).progress, Progress::Pending);
  retire(c.qtds[1], 1536);  // short: qTD 2 stays active, never run
  Outcome o = decode(c.qtds, b.qtds, 0, b.qtds);
  EXPECT_EQ(o.progress, Progress::Done);
  EXPECT_TRUE(o.short_packet);
  EXPECT_EQ(o.bytes, kQtdMaxBytes + 1536u);
  retire(c.qtds[2], kQtdMaxBytes);  // had it run, nothing changes: decoding stopped at the short packet
  EXPECT_EQ(decode(c.qtds, b.qtds, 0, b.qtds).bytes, kQtdMaxBytes + 1536u);
}

}  // namespace
}  // namespace cw::usb::ehci

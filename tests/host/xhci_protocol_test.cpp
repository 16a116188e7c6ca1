// The Supported Protocol capability (xHCI 1.2 section 7.2) and port speeds, PORTSC write-back masking
// (5.4.8), and completion codes as HostController errors (6.4.5, drivers/usb/core/host_controller.h).
#include <gtest/gtest.h>

#include "drivers/usb/xhci/completion_code.h"
#include "drivers/usb/xhci/port_register.h"
#include "drivers/usb/xhci/registers.h"
#include "drivers/usb/xhci/supported_protocol.h"

namespace cw::xhci {
namespace {

// As QEMU's qemu-xhci reports its USB 3 ports: ID 2, revision 3.00, "USB ", ports 1-4, no PSIs.
constexpr uint32_t kUsb3[4] = {0x03000402, 0x20425355, 0x00000401, 0};
// A USB 2 protocol with an explicit PSI table: PSIV 1 12 Mb/s, 2 1.5 Mb/s (1500 Kb/s), 3 480 Mb/s.
constexpr uint32_t kUsb2Psi[7] = {0x02000002, 0x20425355, 0x30000405, 0x3,
                                  (12u << 16) | (2u << 4) | 1, (1500u << 16) | (1u << 4) | 2,
                                  (480u << 16) | (2u << 4) | 3};

TEST(XhciSupportedProtocol, ParsesPortRangeAndSlotType) {
  auto p = parse_supported_protocol(kUsb3, 4);
  ASSERT_TRUE(p);
  EXPECT_EQ(p.value().major, 3u);
  EXPECT_EQ(p.value().first_port, 1u);
  EXPECT_EQ(p.value().port_count, 4u);
  EXPECT_TRUE(p.value().covers(4));
  EXPECT_FALSE(p.value().covers(5));
  auto q = parse_supported_protocol(kUsb2Psi, 7);
  ASSERT_TRUE(q);
  EXPECT_EQ(q.value().major, 2u);
  EXPECT_EQ(q.value().first_port, 5u);
  EXPECT_EQ(q.value().psi_count, 3u);
  EXPECT_EQ(q.value().slot_type, 3u);
}

TEST(XhciSupportedProtocol, RejectsMalformed) {
  uint32_t bad_name[4] = {0x03000402, 0x12345678, 0x00000401, 0};
  EXPECT_FALSE(parse_supported_protocol(bad_name, 4));
  EXPECT_FALSE(parse_supported_protocol(kUsb2Psi, 5));  // PSIC 3 but only one PSI dword
  uint32_t port_zero[4] = {0x03000402, 0x20425355, 0x00000400, 0};
  EXPECT_FALSE(parse_supported_protocol(port_zero, 4));
  uint32_t wrong_id[4] = {0x03000401, 0x20425355, 0x00000401, 0};
  EXPECT_FALSE(parse_supported_protocol(wrong_id, 4));
}

TEST(XhciSupportedProtocol, DefaultSpeedIds) {
  SupportedProtocol p = parse_supported_protocol(kUsb3, 4).value();
  EXPECT_EQ(speed_from_psiv(p, 1).value(), usb::Speed::Full);
  EXPECT_EQ(speed_from_psiv(p, 2).value(), usb::Speed::Low);
  EXPECT_EQ(speed_from_psiv(p, 3).value(), usb::Speed::High);
  EXPECT_EQ(speed_from_psiv(p, 4).value(), usb::Speed::Super);
  EXPECT_FALSE(speed_from_psiv(p, 0));
  EXPECT_EQ(psiv_for_speed(p, usb::Speed::Low).value(), 2u);
  EXPECT_EQ(psiv_for_speed(p, usb::Speed::High).value(), 3u);
}

TEST(XhciSupportedProtocol, PsiTableSpeeds) {
  SupportedProtocol p = parse_supported_protocol(kUsb2Psi, 7).value();
  EXPECT_EQ(speed_from_psiv(p, 1).value(), usb::Speed::Full);
  EXPECT_EQ(speed_from_psiv(p, 2).value(), usb::Speed::Low);
  EXPECT_EQ(speed_from_psiv(p, 3).value(), usb::Speed::High);
  EXPECT_FALSE(speed_from_psiv(p, 4));
  EXPECT_FALSE(psiv_for_speed(p, usb::Speed::Super));
  EXPECT_EQ(psiv_for_speed(p, usb::Speed::Full).value(), 1u);
}

TEST(XhciPortRegister, NeutralWriteKeepsPowerAndDropsChangeAndEnableBits) {
  uint32_t portsc = kPortConnected | kPortEnabled | kPortPower | (3u << 10) | kPortConnectChange |
                    kPortResetChange | kPortEnableChange | (1u << 14) | (1u << 25) | kPortReset;
  uint32_t neutral = port_neutral(portsc);
  EXPECT_EQ(neutral & kPortEnabled, 0u);  // writing 1 would disable the port
  EXPECT_EQ(neutral & kPortChangeBits, 0u);
  EXPECT_EQ(neutral & kPortReset, 0u);
  EXPECT_NE(neutral & kPortPower, 0u);
  EXPECT_EQ(neutral & kPortIndicator, 1u << 14);
  EXPECT_NE(neutral & (1u << 25), 0u);
  EXPECT_EQ(port_speed_id(portsc), 3u);
  EXPECT_EQ(port_link_state(5u << 5), 5u);
}

TEST(XhciRegisters, CapabilityFields) {
  EXPECT_EQ(reg::max_slots(0x08000840), 0x40u);
  EXPECT_EQ(reg::max_ports(0x08000840), 8u);
  // Max Scratchpad Buffers: Hi (25:21) << 5 | Lo (31:27).
  EXPECT_EQ(reg::max_scratchpads((1u << 21) | (3u << 27)), 35u);
  EXPECT_EQ(reg::max_scratchpads(0), 0u);
  EXPECT_EQ(reg::xecp_offset(0x00080000), 0x20u);
  EXPECT_EQ(reg::ext_cap_next(0x00000401), 16u);
  EXPECT_EQ(reg::ext_cap_id(0x00000401), 1u);
}

TEST(XhciCompletionCode, ErrorsAsTheInterfaceDefines) {
  auto code = [](CompletionCode c) { return static_cast<uint8_t>(c); };
  EXPECT_TRUE(completion_ok(code(CompletionCode::Success)));
  EXPECT_TRUE(completion_ok(code(CompletionCode::ShortPacket)));
  EXPECT_FALSE(completion_ok(code(CompletionCode::StallError)));
  EXPECT_EQ(completion_error(code(CompletionCode::StallError)), Error::BrokenPipe);
  EXPECT_EQ(completion_error(code(CompletionCode::UsbTransactionError)), Error::Protocol);
  EXPECT_EQ(completion_error(code(CompletionCode::BabbleDetected)), Error::Protocol);
  EXPECT_EQ(completion_error(code(CompletionCode::SplitTransactionError)), Error::Protocol);
  EXPECT_EQ(completion_error(code(CompletionCode::NoSlotsAvailable)), Error::NoSpace);
  EXPECT_EQ(completion_error(code(CompletionCode::SlotNotEnabled)), Error::NoDevice);
  EXPECT_EQ(completion_error(code(CompletionCode::Stopped)), Error::TimedOut);
  EXPECT_EQ(completion_error(code(CompletionCode::TrbError)), Error::Io);
  EXPECT_EQ(completion_error(code(CompletionCode::ParameterError)), Error::Io);
  EXPECT_STREQ(completion_name(code(CompletionCode::StallError)), "stall");
}

}  // namespace
}  // namespace cw::xhci

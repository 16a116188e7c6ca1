// Root-hub ports (xHCI 1.2 section 4.19, PORTSC 5.4.8). Every write goes through port_neutral() so it
// neither clears a change bit it did not mean to nor disables the port (PED is RW1C).
//   USB2 ports: the port is enabled by a reset: PR set, the controller drives reset and sets PRC (and
//   PED) when done (4.19.1.1).
//   USB3 ports: link training enables the port by itself (4.19.1.2); one that did not reach U0 gets a
//   warm reset (WPR, then WRC and PRC).
#include "drivers/usb/xhci/controller.h"
#include "drivers/usb/xhci/poll.h"
#include "drivers/usb/xhci/port_register.h"

namespace cw::xhci {

namespace {
constexpr uint32_t kPortResetTimeoutMs = 500;  // a root port reset takes 50 ms (USB 2.0 7.1.7.5)
}  // namespace

usb::PortStatus Controller::port_status(uint8_t port) {
  usb::PortStatus status;
  if (port < 1 || port > ports_) return status;
  uint32_t value = portsc(port);
  status.connected = (value & kPortConnected) != 0;
  status.enabled = (value & kPortEnabled) != 0;
  status.over_current = (value & kPortOverCurrent) != 0;
  const SupportedProtocol* protocol = protocol_for(port);
  if (status.connected && protocol != nullptr) {
    auto speed = speed_from_psiv(*protocol, port_speed_id(value));
    // Before a USB2 port's reset the speed field may still read 0: call it full speed until then.
    status.speed = speed ? speed.value() : usb::Speed::Full;
  }
  return status;
}

Result<usb::Speed> Controller::reset_port(uint8_t port) {
  if (port < 1 || port > ports_) return Error::InvalidArgument;
  const SupportedProtocol* protocol = protocol_for(port);
  if (protocol == nullptr) return Error::NotFound;
  uint32_t value = portsc(port);
  if ((value & kPortConnected) == 0) return Error::NoDevice;
  if ((value & kPortPower) == 0) {
    write_portsc(port, port_neutral(value) | kPortPower);
    sched::sleep_ms(20);  // power-on to power-good (HCSPARAMS... PPC, 5.4.8: at most 20 ms)
    value = portsc(port);
  }

  bool usb3 = protocol->major >= 3;
  if (!usb3 || (value & kPortEnabled) == 0) {
    uint32_t request = usb3 ? kPortWarmReset : kPortReset;
    uint32_t done_bits = usb3 ? (kPortWarmResetChange | kPortResetChange) : kPortResetChange;
    // Acknowledge old reset changes first, so the wait sees this reset's.
    write_portsc(port, port_neutral(value) | (value & done_bits));
    write_portsc(port, port_neutral(portsc(port)) | request);
    auto reset = poll_until([&] { return (portsc(port) & done_bits) != 0; }, kPortResetTimeoutMs);
    value = portsc(port);
    write_portsc(port, port_neutral(value) | (value & (done_bits | kPortEnableChange | kPortConnectChange)));
    if (!reset) return Error::Io;
    sched::sleep_ms(usb::kResetRecoveryMs);
    value = portsc(port);
  }
  if ((value & kPortConnected) == 0) return Error::NoDevice;
  if ((value & kPortEnabled) == 0) return Error::Io;
  auto speed = speed_from_psiv(*protocol, port_speed_id(value));
  if (!speed) return Error::Io;  // a speed the controller does not define
  return speed.value();
}

}  // namespace cw::xhci

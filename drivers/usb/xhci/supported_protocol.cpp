#include "drivers/usb/xhci/supported_protocol.h"

namespace cw::xhci {

namespace {

constexpr uint32_t kNameUsb = 0x20425355;  // "USB " (dword 1, table 7-9)

// Table 7-13 (PSIC 0).
Result<usb::Speed> default_speed(uint8_t psiv) {
  switch (psiv) {
    case 1: return usb::Speed::Full;
    case 2: return usb::Speed::Low;
    case 3: return usb::Speed::High;
    case 4:
    case 5:  // SuperSpeedPlus
      return usb::Speed::Super;
    default: return Error::NotFound;
  }
}

// A PSI dword (table 7-11): PSIV 3:0, PSIE 5:4 (0 b/s, 1 Kb/s, 2 Mb/s, 3 Gb/s), PSIM 31:16.
usb::Speed psi_speed(uint32_t psi) {
  uint64_t bps = psi >> 16;
  for (uint32_t e = (psi >> 4) & 3; e > 0; --e) bps *= 1000;
  if (bps <= 1500000) return usb::Speed::Low;
  if (bps <= 12000000) return usb::Speed::Full;
  if (bps <= 480000000) return usb::Speed::High;
  return usb::Speed::Super;
}

}  // namespace

Result<SupportedProtocol> parse_supported_protocol(const uint32_t* d, size_t count) {
  if (count < 4 || (d[0] & 0xFF) != 2 || d[1] != kNameUsb) return Error::Protocol;
  SupportedProtocol p;
  p.minor = static_cast<uint8_t>(d[0] >> 16);
  p.major = static_cast<uint8_t>(d[0] >> 24);
  p.first_port = static_cast<uint8_t>(d[2]);
  p.port_count = static_cast<uint8_t>(d[2] >> 8);
  p.psi_count = static_cast<uint8_t>(d[2] >> 28);
  p.slot_type = static_cast<uint8_t>(d[3] & 0x1F);
  if (p.first_port == 0 || count < 4u + p.psi_count) return Error::Protocol;
  for (size_t i = 0; i < p.psi_count; ++i) p.psi[i] = d[4 + i];
  return p;
}

Result<usb::Speed> speed_from_psiv(const SupportedProtocol& p, uint8_t psiv) {
  if (p.psi_count == 0) return default_speed(psiv);
  for (size_t i = 0; i < p.psi_count; ++i) {
    if ((p.psi[i] & 0xF) == psiv) return psi_speed(p.psi[i]);
  }
  return Error::NotFound;
}

Result<uint8_t> psiv_for_speed(const SupportedProtocol& p, usb::Speed speed) {
  if (p.psi_count == 0) {
    switch (speed) {
      case usb::Speed::Full: return uint8_t{1};
      case usb::Speed::Low: return uint8_t{2};
      case usb::Speed::High: return uint8_t{3};
      case usb::Speed::Super: return uint8_t{4};
    }
    return Error::NotFound;
  }
  for (size_t i = 0; i < p.psi_count; ++i) {
    if (psi_speed(p.psi[i]) == speed) return static_cast<uint8_t>(p.psi[i] & 0xF);
  }
  return Error::NotFound;
}

}  // namespace cw::xhci

// Class codes: what kind of function a PCI function is (PCI Code and ID Assignment Specification 1.11,
// section 1), and matching a function against the kind a driver handles. Drivers find their hardware by
// class, not by vendor and device, so that any vendor's UHCI, EHCI, xHCI, IDE or AHCI controller works.
#pragma once

#include <cstdint>

namespace cw::pci {

struct ClassCode {
  uint8_t base = 0;
  uint8_t sub = 0;
  uint8_t prog_if = 0;

  constexpr bool operator==(const ClassCode&) const = default;
  // As lspci shows it: 0x0c0330 for an xHCI controller.
  constexpr uint32_t packed() const { return (uint32_t{base} << 16) | (uint32_t{sub} << 8) | prog_if; }
};

// A class a driver accepts; kAny in `sub` or `prog_if` accepts every value there.
struct ClassMatch {
  static constexpr int16_t kAny = -1;
  uint8_t base;
  int16_t sub;
  int16_t prog_if;

  constexpr bool matches(ClassCode c) const {
    return c.base == base && (sub == kAny || c.sub == sub) && (prog_if == kAny || c.prog_if == prog_if);
  }
};

// Serial bus controller (0x0C), USB (0x03), by programming interface (Code and ID Assignment 1.11).
inline constexpr ClassMatch kUsbUhci{0x0C, 0x03, 0x00};
inline constexpr ClassMatch kUsbOhci{0x0C, 0x03, 0x10};
inline constexpr ClassMatch kUsbEhci{0x0C, 0x03, 0x20};
inline constexpr ClassMatch kUsbXhci{0x0C, 0x03, 0x30};
// Mass storage (0x01): IDE (0x01, any interface) and SATA with the AHCI 1.0 interface (0x06, 0x01).
inline constexpr ClassMatch kIdeController{0x01, 0x01, ClassMatch::kAny};
inline constexpr ClassMatch kAhciController{0x01, 0x06, 0x01};
inline constexpr ClassMatch kPciBridge{0x06, 0x04, ClassMatch::kAny};

// A short human name: "USB xHCI", "IDE controller", "host bridge"; the base class's name for a subclass
// this table does not list; "unclassified" beyond that.
const char* class_name(ClassCode code);

}  // namespace cw::pci

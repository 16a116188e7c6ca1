// ktest=pci_mmio: PCI memory BARs mapped through the device window read real device registers.
//
// For every EHCI and xHCI controller the enumeration found, maps BAR0 (map_bar) and reads the first
// capability dword: CAPLENGTH (byte 0) and HCIVERSION (bytes 2-3) (EHCI 1.0 section 2.2, xHCI 1.2
// section 5.3). Real registers give a plausible length and a version the specifications define; an
// unmapped, cached or misplaced mapping gives all ones or zeros. Also turns on bus mastering and reads
// the command register back. Run it with controllers attached (QEMU: -device usb-ehci -device qemu-xhci).
#include "drivers/pci/config_registers.h"
#include "drivers/pci/pci.h"
#include "drivers/pci/port_config_space.h"
#include "kernel/ktest/ktest.h"

namespace cw::ktest {

namespace {

constexpr const char* kName = "pci_mmio";

bool known_version(pci::ClassCode c, uint16_t version) {
  if (pci::kUsbEhci.matches(c)) return version == 0x0100;
  return version == 0x0095 || version == 0x0096 || version == 0x0100 || version == 0x0110 || version == 0x0120;
}

bool check_controller(const pci::PciFunction& f) {
  const char* name = pci::class_name(f.class_code);
  auto mapped = pci::map_bar(f, 0);
  if (!check(static_cast<bool>(mapped), kName, "{:02x}:{:02x}.{}: map_bar: {}", f.address.bus, f.address.device,
             f.address.function, mapped ? Error::Io : mapped.error()))
    return false;
  uint32_t first = *reinterpret_cast<volatile uint32_t*>(mapped.value().get());
  uint8_t length = static_cast<uint8_t>(first);
  uint16_t version = static_cast<uint16_t>(first >> 16);
  bool ok = check(length >= 0x0C && length < 0x80, kName, "{}: capability length {:#x} is not plausible", name,
                  length);
  ok = check(known_version(f.class_code, version), kName, "{}: HCIVERSION {:#06x} is not a defined version", name,
             version) && ok;
  pci::enable_bus_master(f);
  pci::PortConfigSpace config;
  uint16_t command = config.read16(f.address, pci::reg::kCommand);
  ok = check((command & pci::reg::kCommandBusMaster) != 0, kName, "{}: bus mastering did not stick", name) && ok;
  kprint("({}) {:02x}:{:02x}.{} {}: capability length {}, version {:x}.{:02x}, bus master on\n", kName,
         f.address.bus, f.address.device, f.address.function, name, length, version >> 8, version & 0xFF);
  return ok;
}

}  // namespace

bool pci_mmio_test() {
  bool ok = true;
  unsigned controllers = 0;
  for (const pci::PciFunction& f : pci::functions()) {
    if (!pci::kUsbEhci.matches(f.class_code) && !pci::kUsbXhci.matches(f.class_code)) continue;
    ++controllers;
    ok = check_controller(f) && ok;
  }
  ok = check(controllers > 0, kName, "no EHCI or xHCI controller: attach one") && ok;
  kprint("({}) {} controllers checked\n", kName, controllers);
  return ok;
}

}  // namespace cw::ktest

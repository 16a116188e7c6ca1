#include "drivers/usb/ehci/ehci.h"

#include "drivers/pci/pci.h"
#include "drivers/usb/core/controller_registry.h"
#include "drivers/usb/ehci/ehci_controller.h"
#include "kernel/print.h"
#include "lib/static_slots.h"

namespace cw::usb::ehci {

namespace {

// In .bss, constructed as controllers are found (lib/static_slots.h).
StaticSlots<EhciController, kMaxControllers> g_controllers;
size_t g_count = 0;     // controllers running
size_t g_attempts = 0;  // slots used: a controller that failed to start keeps its object

}  // namespace

void init() {
  for (size_t n = 0;; ++n) {
    const pci::PciFunction* f = pci::functions().find(pci::kUsbEhci, n);
    if (f == nullptr) break;
    if (g_attempts == kMaxControllers) {
      kprint("ehci: more than {} controllers; the rest are ignored\n", kMaxControllers);
      break;
    }
    EhciController& c = g_controllers.construct(g_attempts);
    if (Result<void> up = c.init(*f, static_cast<uint8_t>(g_attempts++)); !up) {
      kprint("ehci: {:02x}:{:02x}.{}: not started: {}\n", f->address.bus, f->address.device, f->address.function,
             up.error());
      continue;
    }
    if (Result<void> added = controllers().add(c); !added) {
      kprint("{}: not registered: {}\n", c.name(), added.error());
      continue;
    }
    ++g_count;
    kprint("{}: {:02x}:{:02x}.{}, version {:x}.{:02x}, irq {}, {} ports, {} companion controllers\n", c.name(),
           f->address.bus, f->address.device, f->address.function, c.version() >> 8, c.version() & 0xFF, c.irq(),
           c.root_ports(), c.companions());
    (void)c.hand_off_slow_devices();
    for (uint8_t port = 1; port <= c.root_ports(); ++port)
      if (c.port_status(port).connected) kprint("{}: port {}: high-speed device connected\n", c.name(), port);
  }
}

size_t controller_count() { return g_count; }

}  // namespace cw::usb::ehci

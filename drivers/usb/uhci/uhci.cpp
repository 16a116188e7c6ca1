#include "drivers/usb/uhci/uhci.h"

#include "drivers/pci/pci.h"
#include "drivers/usb/core/controller_registry.h"
#include "drivers/usb/uhci/uhci_controller.h"
#include "kernel/print.h"
#include "lib/static_slots.h"
#include "kernel/sched/scheduler.h"

namespace cw::usb::uhci {

namespace {

// In .bss, constructed as controllers are found (lib/static_slots.h).
StaticSlots<UhciController, kMaxControllers> g_controllers;
UhciController* g_running[kMaxControllers];
size_t g_count = 0;     // controllers running
size_t g_attempts = 0;  // slots used: a controller that failed to start keeps its object

}  // namespace

void init() {
  for (size_t n = 0;; ++n) {
    const pci::PciFunction* f = pci::functions().find(pci::kUsbUhci, n);
    if (f == nullptr) break;
    if (g_attempts == kMaxControllers) {
      kprint("uhci: more than {} controllers; the rest are ignored\n", kMaxControllers);
      break;
    }
    UhciController& c = g_controllers.construct(g_attempts);
    if (Result<void> up = c.init(*f, static_cast<uint8_t>(g_attempts++)); !up) {
      kprint("uhci: {:02x}:{:02x}.{}: not started: {}\n", f->address.bus, f->address.device, f->address.function,
             up.error());
      continue;
    }
    if (Result<void> added = controllers().add(c); !added) {
      kprint("{}: not registered: {}\n", c.name(), added.error());
      continue;
    }
    g_running[g_count++] = &c;
    kprint("{}: {:02x}:{:02x}.{}, io {:#x}, irq {}, {} ports\n", c.name(), f->address.bus, f->address.device,
           f->address.function, c.io_base(), c.irq(), c.root_ports());
  }
  if (g_count == 0) return;
  // The global reset disconnected every port; give connections time to be seen (USB 2.0 7.1.7.3).
  sched::sleep_ms(kDebounceMs);
  for (size_t i = 0; i < g_count; ++i) {
    UhciController& c = *g_running[i];
    for (uint8_t port = 1; port <= c.root_ports(); ++port) {
      PortStatus status = c.port_status(port);
      if (status.connected)
        kprint("{}: port {}: {}-speed device connected\n", c.name(), port, speed_name(status.speed));
    }
  }
}

size_t controller_count() { return g_count; }

}  // namespace cw::usb::uhci

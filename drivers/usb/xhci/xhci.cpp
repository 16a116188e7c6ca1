#include "drivers/usb/xhci/xhci.h"

#include "drivers/pci/pci.h"
#include "drivers/usb/core/controller_registry.h"
#include "drivers/usb/xhci/controller.h"
#include "drivers/usb/xhci/kernel_dma.h"
#include "kernel/print.h"
#include "lib/static_slots.h"

namespace cw::xhci {

namespace {

KernelDma g_dma;
// In .bss, constructed as controllers are found (lib/static_slots.h: a Controller would put 40 KiB in .data).
StaticSlots<Controller, kMaxControllers> g_controllers;
size_t g_count = 0;     // controllers running
size_t g_attempts = 0;  // controller objects used (a failed bring-up keeps its object: its interrupt
                        // handler may be registered)

void report_ports(Controller& c) {
  for (uint8_t port = 1; port <= c.root_ports(); ++port) {
    usb::PortStatus status = c.port_status(port);
    if (!status.connected) continue;
    const SupportedProtocol* p = c.protocol_for(port);
    kprint("{}: port {}: usb {}.{} port, device connected\n", c.name(), port, p ? p->major : 0,
           p ? (p->minor >> 4) : 0);
  }
}

}  // namespace

void init() {
  for (size_t n = 0;; ++n) {
    const pci::PciFunction* f = pci::functions().find(pci::kUsbXhci, n);
    if (f == nullptr) break;
    if (g_attempts == kMaxControllers) {
      kprint("xhci: more than {} controllers; {:02x}:{:02x}.{} is left alone\n", kMaxControllers, f->address.bus,
             f->address.device, f->address.function);
      continue;
    }
    Controller& c = g_controllers.construct(g_attempts);
    auto up = c.init(*f, static_cast<unsigned>(g_attempts), g_dma);
    ++g_attempts;
    if (!up) {
      kprint("{}: {:02x}:{:02x}.{}: not started: {}\n", c.name(), f->address.bus, f->address.device,
             f->address.function, error_string(up.error()));
      continue;
    }
    if (auto added = usb::controllers().add(c); !added) {
      kprint("{}: not registered: {}\n", c.name(), error_string(added.error()));
      continue;
    }
    kprint("{}: {:02x}:{:02x}.{}, version {:x}.{:02x}, {} slots, {} ports, irq {}\n", c.name(), f->address.bus,
           f->address.device, f->address.function, c.version() >> 8, c.version() & 0xFF, c.slots_enabled(),
           c.root_ports(), c.irq());
    report_ports(c);
    ++g_count;
  }
}

size_t controller_count() { return g_count; }

}  // namespace cw::xhci

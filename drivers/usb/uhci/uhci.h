// The UHCI driver's boot entry: finds every UHCI controller on the PCI bus (class 0c0300), brings each
// up (uhci_controller.h) and registers it with usb::controllers() (drivers/usb/core/controller_registry.h).
#pragma once

#include <cstddef>

namespace cw::usb::uhci {

// Boot thread, after pci::init() and before any thread uses the registry. Prints one line per controller
//   uhci0: 00:01.2, io 0xc040, irq 11, 2 ports
// and one per root port with a device connected ("uhci0: port 1: full-speed device connected"); a
// controller that cannot be brought up is reported and skipped.
void init();

// How many controllers init() brought up.
size_t controller_count();

}  // namespace cw::usb::uhci

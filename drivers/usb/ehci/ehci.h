// The EHCI host controller driver (drivers/usb/ehci/, EHCI 1.0): finds every USB 2.0 controller (PCI
// class 0c0320), starts it, hands low- and full-speed devices to the companion controllers and
// registers it with usb::controllers().
#pragma once

#include <cstddef>

namespace cw::usb::ehci {

// After pci::init() and uhci::init() (the companions register first, ehci_controller.h), before
// usb::init(); from the boot thread with interrupts enabled. Prints one line per controller and per
// device it keeps or hands over.
void init();

// Controllers running.
size_t controller_count();

}  // namespace cw::usb::ehci

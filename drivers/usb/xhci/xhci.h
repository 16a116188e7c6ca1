// The xHCI driver's entry point (drivers/usb/xhci/). Kernel only.
#pragma once

#include <cstddef>

namespace cw::xhci {

inline constexpr size_t kMaxControllers = 4;

// Brings up every xHCI controller PCI enumeration found (pci::functions().find(pci::kUsbXhci, n)),
// registers each with usb::controllers() and prints one line per controller and per connected root
// port. A controller that fails to come up is reported and left alone. Call after pci::init(), with
// interrupts enabled and the scheduler running (it sleeps).
void init();

// How many controllers init() brought up.
size_t controller_count();

}  // namespace cw::xhci

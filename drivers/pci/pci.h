// The kernel's PCI bus: enumerated once at boot, then a read-only table that drivers search by class
// (drivers/pci/pci_class.h) and the pci_list system call copies to user space (lspci).
#pragma once

#include <cstdint>

#include "drivers/pci/pci_function.h"
#include "lib/result.h"
#include "lib/types.h"

namespace cw::pci {

// Finds every function (enumerate.h) and prints one lspci-style line for each. Without configuration
// mechanism #1 it says so and leaves the table empty.
void init();

const FunctionTable& functions();

// Lets `function` master the bus (DMA), and decode the I/O and memory ranges its BARs hold.
void enable_bus_master(const PciFunction& function);

// Maps memory BAR `index` of `function` uncached into the kernel's device window. Errors:
// InvalidArgument for a BAR that is not memory, Range for one above 4 GiB (not addressable without PAE)
// or one firmware left unassigned (base 0), NoSpace when the window is full.
Result<VirtAddr> map_bar(const PciFunction& function, unsigned index);

}  // namespace cw::pci

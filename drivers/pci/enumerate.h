// Finding every PCI function (PCI Local Bus Specification 3.0 section 3.2.2.3; PCI-to-PCI Bridge
// Architecture 1.2 section 3.2.5.3).
//
// The scan starts at bus 0 and follows what the hardware says rather than probing all 256 buses: a
// function's header says whether the device has functions 1-7 (multi-function bit), a bridge's
// secondary-bus register names the bus behind it, and a multi-function host bridge at 00:00.0 means one
// root bus per function (several host controllers). Each bus is scanned at most once, so a bridge that
// names an already scanned bus (a loop in a broken configuration) is reported and not followed.
#pragma once

#include <cstdint>

#include "drivers/pci/config_space.h"
#include "drivers/pci/pci_function.h"
#include "lib/result.h"

namespace cw::pci {

struct EnumerationReport {
  uint32_t functions = 0;      // found, including those that did not fit the table
  uint32_t buses_scanned = 0;
  uint32_t bus_loops = 0;      // bridges naming a bus that was already scanned
};

// Reads one function's identity, class, interrupt routing and BARs (sized with probe_bars). False if no
// function answers at `address`.
bool read_function(ConfigSpace& config, PciAddress address, PciFunction& out);

// Fills `table` with every function reachable from bus 0. Error::NoSpace if more functions exist than the
// table holds (the table is full and `report` counts them all).
Result<void> enumerate(ConfigSpace& config, FunctionTable& table, EnumerationReport& report);

}  // namespace cw::pci

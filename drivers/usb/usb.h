// The USB stack's kernel entry point.
//
// usb::init() enumerates every root port of every controller in usb::controllers() (registered by the
// controller drivers' init functions, which must run first), through hubs, and hands mass-storage
// devices to the storage driver, which registers "usb<n>" and "usb<n>p<slot>" in block::block_registry().
// It prints one line per device and a summary. Preconditions: the scheduler runs and interrupts are
// enabled (transfers sleep until their completion interrupt; debounce sleeps). Call it once, from the
// boot thread, before anything looks for the boot partition on a USB disk.
#pragma once

#include <cstddef>

#include "drivers/usb/core/device_table.h"

namespace cw::usb {

void init();

// Every registered controller's root ports; returns the devices listed (part of init()).
size_t enumerate_all();

// The devices found (for diagnostics).
const DeviceTable& devices();

}  // namespace cw::usb

// ClassDriver: what the core offers a configured device to (hub, mass storage). The core calls, for the
// first driver whose matches() is true: prepare() before configure_endpoints (a hub reads its hub
// descriptor and sets Device::is_hub and hub_ports there, as HostController::configure_endpoints requires),
// then, after SET_CONFIGURATION, attach(). An error from either means the driver could not use the
// device: the core reports it and releases the device. Drivers keep their state in static storage.
#pragma once

#include "drivers/usb/core/descriptors.h"
#include "drivers/usb/core/device_table.h"
#include "lib/result.h"

namespace cw::usb {

class Bus;

class ClassDriver {
public:
  // "hub", "mass storage": printed in the device's line.
  virtual const char* name() const = 0;
  virtual bool matches(const UsbDevice& device, const Configuration& config) const = 0;
  virtual Result<void> prepare(Bus& bus, UsbDevice& device, const Configuration& config) = 0;
  virtual Result<void> attach(Bus& bus, UsbDevice& device, const Configuration& config) = 0;

protected:
  ~ClassDriver() = default;
};

}  // namespace cw::usb

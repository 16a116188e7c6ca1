// Bus: enumeration (USB 2.0 9.1.2, 9.2.6): a device on a reset port gets its address, its device and
// configuration descriptors are read and checked, configuration 1 (the first, index 0) is chosen, its
// endpoints are configured and SET_CONFIGURATION sent, and it is offered to the class drivers. One line
// per device is printed:
//   usb: uhci0 port 1: 46f4:0001 mass storage (full speed, address 1)
//   usb: uhci0 port 1.2: 046d:c077 no driver (class 03/01/02) (low speed, address 3)
//
// Enumeration runs in one thread at a time (the boot thread; a hub's status polling, if one is added,
// would take the same path under a lock). The Bus must live in the direct map (static storage): its
// buffer is handed to the controller.
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/usb/core/class_driver.h"
#include "drivers/usb/core/controller_registry.h"
#include "drivers/usb/core/device_table.h"
#include "drivers/usb/core/usb_environment.h"
#include "lib/result.h"

namespace cw::usb {

// The largest configuration (wTotalLength) the core reads; a larger one is refused.
inline constexpr size_t kMaxConfigurationBytes = 4096;

class Bus {
public:
  Bus(Environment& env, DeviceTable& table, ClassDriver* const* drivers, size_t driver_count)
      : env_(env), table_(table), drivers_(drivers), driver_count_(driver_count) {}
  Bus(const Bus&) = delete;
  Bus& operator=(const Bus&) = delete;

  Environment& env() { return env_; }
  DeviceTable& table() { return table_; }

  // Root port `port` of `hc`: NoDevice if nothing is connected; otherwise debounce (kDebounceMs, 7.1.7.3),
  // reset_port, kResetRecoveryMs, enumerate_device. Failures are printed.
  Result<UsbDevice*> enumerate_root_port(HostController& hc, uint8_t port);

  // A device that answers at the default address behind a port that is reset and enabled (by the root
  // hub or by a hub driver). Tier above kMaxDeviceTier: Range. Returns the device's table entry (also
  // for a device no driver wanted, which is released). Failures are printed and release the device.
  Result<UsbDevice*> enumerate_device(HostController& hc, const DeviceLocation& location, Speed speed);

  // Every root port of `hc`; returns how many root-port devices were listed (with or without a driver;
  // devices behind hubs are in table()).
  size_t enumerate_controller(HostController& hc);
  // Every controller of `registry`, in order; returns the devices listed.
  size_t enumerate_all(const ControllerRegistry& registry);

private:
  // Prints why a descriptor was refused; Protocol.
  Unexpected<Error> refused(const char* descriptor, const Diagnostic& why, const char* where);
  Result<size_t> fetch(UsbDevice& entry, uint8_t type, uint16_t length, const char* where);
  Result<void> read_descriptors(UsbDevice& entry, Configuration& config, const char* where);
  Result<void> configure(UsbDevice& entry, ClassDriver& driver, const Configuration& config, const char* where);
  void print_line(const UsbDevice& entry, const Configuration& config, const char* where);

  Environment& env_;
  DeviceTable& table_;
  ClassDriver* const* drivers_;
  size_t driver_count_;
  uint8_t buffer_[kMaxConfigurationBytes] = {};
};

}  // namespace cw::usb

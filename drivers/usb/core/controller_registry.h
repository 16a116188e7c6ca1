// The host controllers the controller drivers found at boot, for the USB core to enumerate. Filled
// before any thread but the boot thread runs and only read afterwards, so it needs no lock.
#pragma once

#include <cstddef>

#include "drivers/usb/core/host_controller.h"
#include "lib/result.h"

namespace cw::usb {

class ControllerRegistry {
public:
  // NoSpace when kMaxControllers are registered already.
  Result<void> add(HostController& controller);
  size_t size() const { return count_; }
  HostController& operator[](size_t i) const { return *controllers_[i]; }

private:
  HostController* controllers_[kMaxControllers] = {};
  size_t count_ = 0;
};

// The kernel's registry.
ControllerRegistry& controllers();

}  // namespace cw::usb

#include "drivers/usb/core/controller_registry.h"

namespace cw::usb {

Result<void> ControllerRegistry::add(HostController& controller) {
  if (count_ == kMaxControllers) return Error::NoSpace;
  controllers_[count_++] = &controller;
  return {};
}

ControllerRegistry& controllers() {
  static ControllerRegistry registry;
  return registry;
}

}  // namespace cw::usb

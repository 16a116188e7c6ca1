#include "drivers/usb/core/device_table.h"

namespace cw::usb {

UsbDevice* DeviceTable::allocate(HostController& controller, const Device& device) {
  for (UsbDevice& entry : entries_) {
    if (entry.state != DeviceState::Free) continue;
    entry = UsbDevice{};
    entry.controller = &controller;
    entry.device = device;
    entry.state = DeviceState::Enumerating;
    return &entry;
  }
  return nullptr;
}

void DeviceTable::free(UsbDevice& entry) { entry = UsbDevice{}; }

size_t DeviceTable::count(DeviceState state) const {
  size_t n = 0;
  for (const UsbDevice& entry : entries_)
    if (entry.state == state) ++n;
  return n;
}

}  // namespace cw::usb

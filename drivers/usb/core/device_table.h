// The devices the core has enumerated, in static storage of fixed capacity. An entry's Device stays at
// the same address for the life of the kernel, because the controller and the class drivers hold on to it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/usb/core/descriptors.h"
#include "drivers/usb/core/host_controller.h"

namespace cw::usb {

enum class DeviceState : uint8_t {
  Free,         // unused entry
  Enumerating,  // being addressed and configured
  Attached,     // a class driver took it
  NoDriver,     // configured nowhere: no class driver wanted it, released to the controller
  Failed,       // its class driver could not start it, released to the controller
};

struct UsbDevice {
  HostController* controller = nullptr;
  Device device;
  DeviceDescriptor descriptor;
  const char* driver = nullptr;  // the class driver's name once Attached
  DeviceState state = DeviceState::Free;
};

class DeviceTable {
public:
  static constexpr size_t kCapacity = 32;

  // A Free entry, now Enumerating with `controller` and `device` set, or nullptr when full.
  UsbDevice* allocate(HostController& controller, const Device& device);
  // Returns an entry whose enumeration failed before it was listed to Free.
  void free(UsbDevice& entry);

  // Entries in allocation order, Free ones included (check state).
  size_t capacity() const { return kCapacity; }
  const UsbDevice& operator[](size_t i) const { return entries_[i]; }
  size_t count(DeviceState state) const;

private:
  UsbDevice entries_[kCapacity];
};

}  // namespace cw::usb

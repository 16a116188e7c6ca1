// HostController: the one interface between the USB core and class drivers above it and the host
// controller drivers below it (UHCI, EHCI, xHCI, each in its own folder). The USB core enumerates
// devices through it, class drivers (hub, mass storage) move data through it.
//
// Threads and waiting: every call is made from thread context with interrupts enabled and may sleep;
// completion comes by interrupt (kernel/sync/irq_completion.h) and every wait has a time limit. A
// controller serializes what its hardware cannot overlap; calls for different devices may come from
// different threads at once.
//
// Buffers: `data` is kernel memory in the direct map (mm/kernel_layout.h: virt_to_phys works on every
// byte of it; it may cross page boundaries, which are physically contiguous there), with no alignment
// requirement; it stays valid until the call returns. A controller that needs otherwise bounces.
//
// Errors, as Linux's USB core reports them: BrokenPipe for a STALL handshake (the endpoint is halted
// until the class driver clears it: CLEAR_FEATURE(ENDPOINT_HALT), then reset_endpoint), TimedOut when
// the time limit passed (the transfer is cancelled and its descriptors reclaimed before the call
// returns), NoDevice when the device or its port is gone, Protocol for CRC, bit-stuffing, babble or
// any other transaction error the controller reports, Overflow when the device sent more than asked.
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/usb/core/usb_spec.h"
#include "lib/result.h"

namespace cw::usb {

// Where a device hangs, which the controller needs to reach it: the root port its chain starts at and,
// for a device behind hubs, the hub it is on (USB 2.0 11.14 split transactions for a low- or full-speed
// device behind a high-speed hub; xHCI 1.2 section 4.5.2 and 6.2.2 route string and parent slot).
struct DeviceLocation {
  uint8_t root_port = 0;          // 1-based root-hub port
  uint32_t route = 0;             // xHCI route string: 4 bits per hub tier below the root, 0 at the root
  uint8_t tier = 1;               // 1 for a device on a root port, +1 per hub
  uint8_t hub_address = 0;        // the parent hub's address (0: on a root port)
  uint8_t hub_port = 0;           // 1-based port of the parent hub (0: on a root port)
  Speed hub_speed = Speed::Full;  // the parent hub's speed (matters when it is High and the device is not)
  uint32_t hub_slot = 0;          // the parent hub's Device::slot (xHCI), 0 on a root port
  bool hub_multi_tt = false;      // the parent high-speed hub has one transaction translator per port
};

// A device the controller knows. The USB core fills `location` and `speed`, address_device() fills the
// rest; the class drivers only pass it back.
struct Device {
  DeviceLocation location;
  Speed speed = Speed::Full;
  uint8_t address = kDefaultAddress;  // USB address once addressed
  uint16_t max_packet0 = 8;           // endpoint 0's maximum packet size
  uint32_t slot = 0;                  // the controller's own handle (xHCI slot id); 0 before addressing
  bool is_hub = false;                // set by the core before configure_endpoints (xHCI slot context)
  uint8_t hub_ports = 0;              // for a hub: its number of downstream ports
};

enum class TransferKind : uint8_t { Bulk, Interrupt };

// A non-control endpoint of the device's chosen configuration (from its endpoint descriptor).
struct Endpoint {
  uint8_t number = 0;  // 1-15
  Direction direction = Direction::In;
  TransferKind kind = TransferKind::Bulk;
  uint16_t max_packet = 0;
  uint8_t interval = 0;  // bInterval, for interrupt endpoints
};

struct PortStatus {
  bool connected = false;
  bool enabled = false;
  bool over_current = false;
  Speed speed = Speed::Full;  // meaningful when connected
};

class HostController {
public:
  // "uhci0", "ehci0", "xhci0": unique, for messages.
  virtual const char* name() const = 0;
  virtual uint8_t root_ports() const = 0;

  // Root-hub port 1..root_ports().
  virtual PortStatus port_status(uint8_t port) = 0;
  // Resets and enables root port `port` (USB 2.0 7.1.7.5) and returns the speed of the device on it.
  // NoDevice if nothing is connected; NotFound if this controller cannot serve the device (an EHCI port
  // with a low- or full-speed device hands it to its companion controller); Io if the port would not
  // enable.
  virtual Result<Speed> reset_port(uint8_t port) = 0;

  // Gives a device that answers at the default address (just reset, `location` and `speed` filled in)
  // its address and learns endpoint 0's packet size: UHCI and EHCI read the first 8 bytes of the device
  // descriptor and send SET_ADDRESS; xHCI issues Enable Slot and Address Device (xHCI 1.2 4.3).
  virtual Result<void> address_device(Device& device) = 0;

  // Makes `endpoints` usable for bulk()/interrupt transfers (xHCI: Configure Endpoint, 4.6.6; the others
  // reset their toggles), called before the core sends SET_CONFIGURATION. For a hub, is_hub and hub_ports
  // are set first.
  virtual Result<void> configure_endpoints(Device& device, const Endpoint* endpoints, size_t count) = 0;

  // A control transfer on endpoint 0 (USB 2.0 8.5.3): SETUP, then a data stage of setup.length bytes in
  // setup.direction() to or from `data` (may be nullptr when length is 0), then the status stage.
  // Returns the bytes moved in the data stage (a device may send fewer than asked: a short packet).
  virtual Result<size_t> control(Device& device, const SetupPacket& setup, void* data, uint32_t timeout_ms) = 0;

  // A bulk transfer of `length` bytes on `endpoint`, split into packets by the controller. An IN
  // transfer ends early at a short packet. Returns the bytes moved.
  virtual Result<size_t> bulk(Device& device, const Endpoint& endpoint, void* data, size_t length,
                              uint32_t timeout_ms) = 0;

  // After the device accepted CLEAR_FEATURE(ENDPOINT_HALT): returns the controller's state for
  // `endpoint` to its start (data toggle DATA0; xHCI Reset Endpoint and Set TR Dequeue Pointer, 4.6.8).
  virtual Result<void> reset_endpoint(Device& device, const Endpoint& endpoint) = 0;

  // The device is gone or no driver wants it: frees what the controller holds for it (xHCI Disable
  // Slot). The Device must not be used again.
  virtual void release_device(Device& device) = 0;

protected:
  constexpr HostController() = default;
  ~HostController() = default;  // controllers live in static storage
};

// The controllers the host-controller drivers found, in the order they registered (kernel only;
// drivers/usb/core/usb_bus.h). Companion controllers (UHCI for EHCI) register before their EHCI so that a
// hand-off finds them.
inline constexpr size_t kMaxControllers = 8;

}  // namespace cw::usb

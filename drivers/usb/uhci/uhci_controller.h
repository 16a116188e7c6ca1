// One UHCI host controller (Intel UHCI Design Guide 1.1, "DG"), as a usb::HostController.
//
// The schedule (DG 3.4): every one of the 1024 frame list entries points at one anchor queue head,
// whose horizontal link points at the transfer queue head while a transfer runs (and terminates
// otherwise); the transfer QH's element pointer holds the chain uhci_schedule.h builds. Control and bulk
// transfers share that one QH, so the controller runs one transfer at a time: every call that moves data
// or touches the ports holds `lock_` (a sleeping Mutex) from start to end, and calls from several threads
// queue there. TDs are depth first, so a chain moves up to a frame's worth of packets per frame.
//
// Completion is by interrupt: the last TD has IOC, IN TDs have SPD, USBINTR enables IOC, short packet
// and error interrupts, and the shared PCI-line handler acknowledges USBSTS and signals `completion_`;
// the thread then decodes the chain (uhci_schedule.h). Every wait has a time limit. A transfer that
// times out is cancelled: the anchor stops pointing at the transfer QH, the driver waits for the frame
// number to change (the controller only reaches a QH through the frame list, so from the next frame on
// it no longer touches the chain), decodes what did complete (for the data toggle), deactivates every TD
// and reclaims them.
//
// Memory: the frame list is one kernel frame (DG 3.1: 4 KiB aligned); the QHs, the SETUP packet, a
// small scratch buffer and the TDs share a second frame. Callers' buffers are used in place through the
// direct map (host_controller.h); anything outside the direct map is refused with BadAddress.
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/pci/pci_function.h"
#include "drivers/usb/core/address_book.h"
#include "drivers/usb/core/host_controller.h"
#include "drivers/usb/uhci/uhci_schedule.h"
#include "kernel/sync/irq_completion.h"
#include "kernel/sync/mutex.h"
#include "lib/result.h"
#include "lib/types.h"

namespace cw::usb::uhci {

class UhciController final : public HostController {
public:
  UhciController() = default;
  UhciController(const UhciController&) = delete;
  UhciController& operator=(const UhciController&) = delete;

  // Takes over `function` (a UHCI controller: class 0c0300) as controller number `index`: disables the
  // BIOS's legacy emulation, resets the controller, builds the schedule, hooks its interrupt line and
  // starts it. Errors: NoDevice (no I/O BAR4 or no routed interrupt), NoMemory, Io (the controller
  // would not reset or run). Boot thread only, once.
  Result<void> init(const pci::PciFunction& function, uint8_t index);

  uint16_t io_base() const { return io_; }
  uint8_t irq() const { return irq_; }
  uint64_t interrupts() const { return interrupts_; }

  const char* name() const override { return name_; }
  uint8_t root_ports() const override { return ports_; }
  PortStatus port_status(uint8_t port) override;
  Result<Speed> reset_port(uint8_t port) override;
  Result<void> address_device(Device& device) override;
  Result<void> configure_endpoints(Device& device, const Endpoint* endpoints, size_t count) override;
  Result<size_t> control(Device& device, const SetupPacket& setup, void* data, uint32_t timeout_ms) override;
  Result<size_t> bulk(Device& device, const Endpoint& endpoint, void* data, size_t length,
                      uint32_t timeout_ms) override;
  Result<void> reset_endpoint(Device& device, const Endpoint& endpoint) override;
  // Also disables the device's root port (when it hangs on one), so that its address can be reused.
  void release_device(Device& device) override;

private:
  static bool irq_entry(void* self);
  bool handle_irq();

  uint16_t read16(uint16_t reg) const;
  void write16(uint16_t reg, uint16_t value) const;
  uint16_t port_register(uint8_t port) const { return static_cast<uint16_t>(0x10 + 2 * (port - 1)); }
  // PORTSC read-modify-write that keeps the write-1-to-clear bits out unless `clear` names them.
  void write_port(uint8_t port, uint16_t set, uint16_t reset, uint16_t clear = 0) const;

  Result<void> reset_controller();
  Result<void> wait_halted(bool halted, uint32_t timeout_ms) const;
  uint8_t count_ports() const;
  // Waits (briefly, bounded) until FRNUM moves on: after that the controller no longer walks what it
  // walked in the frame before. Returns at once when the controller is halted.
  void wait_next_frame() const;

  // The transfer engine; lock_ held.
  Result<size_t> control_locked(uint8_t address, Speed speed, uint16_t max_packet, uint8_t root_port,
                                const SetupPacket& setup, void* data, uint32_t timeout_ms);
  // Runs tds_[0, count) until it is done, fails or `deadline_ms` (pit ticks) passes; the chain is unlinked
  // and reclaimable when it returns. A timeout is Failed with TimedOut, a halted controller Failed with Io.
  Outcome run_chain(size_t count, size_t data_begin, size_t data_end, uint64_t deadline_ms);
  // Cancelling a chain, in two steps: stop_chain() unlinks the transfer QH from the anchor and waits for
  // the next frame, after which the controller no longer touches the chain (its TDs can be decoded
  // exactly); reclaim_chain() deactivates the TDs and empties the QH. unlink_chain() does both.
  void stop_chain();
  void reclaim_chain(size_t count);
  void unlink_chain(size_t count);
  // The error a failed transfer reports: NoDevice when the device's root port lost its connection.
  Error transfer_error(Error error, uint8_t root_port) const;

  char name_[8] = {};
  uint16_t io_ = 0;
  uint8_t irq_ = 0;
  uint8_t ports_ = 0;
  bool running_ = false;
  volatile bool fatal_ = false;  // the controller reported a host system or process error and halted
  uint64_t interrupts_ = 0;

  PhysAddr frame_list_phys_;
  PhysAddr dma_phys_;
  volatile uint32_t* frame_list_ = nullptr;
  Qh* anchor_ = nullptr;  // every frame list entry points here
  Qh* qh_ = nullptr;      // the transfer queue head
  uint8_t* setup_ = nullptr;    // 8 bytes, the SETUP stage's data
  uint8_t* scratch_ = nullptr;  // kScratchBytes, for address_device's descriptor read
  TdArray tds_{};

  Mutex lock_;
  IrqCompletion completion_;

  AddressBook book_;  // addresses, configured endpoints, toggles
};

}  // namespace cw::usb::uhci

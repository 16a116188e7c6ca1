// One EHCI host controller (EHCI 1.0), as a usb::HostController.
//
// The asynchronous schedule (4.8) is a circular list of queue heads: a permanent anchor, the head of the
// reclamation list (H set, its overlay halted), and, while a transfer runs, the one transfer queue head
// linked after it. Control and bulk transfers share that queue head, so the controller runs one transfer
// at a time: every call that moves data or touches the ports holds `lock_` (a sleeping Mutex). The
// periodic schedule is not used (no interrupt or isochronous transfers).
//
// A transfer: the queue head is filled for the endpoint (ehci_schedule.h) while it is out of the list,
// linked after the anchor, and the thread sleeps until the interrupt handler (USBINT: IOC or a short
// packet; USBERRINT: a halted qTD) signals, or the deadline passes. Then the queue head is unlinked and
// the Interrupt on Async Advance doorbell rung (4.8.2): only once the controller answers it is the queue
// head out of its cache and may be refilled. A transfer that timed out is decoded after the doorbell
// (for the bytes that moved and the toggle) and returns TimedOut.
//
// Ports (4.2): CONFIGFLAG routes every port here. A low-speed device (K-state on the lines) or one the
// port does not enable after reset (full speed) is given to the companion controller (PORT_OWNER,
// 4.2.2); init() does that at once for what is connected at boot, so that the companion (which
// registered first) finds it when the USB core enumerates. Only high-speed devices stay on EHCI; full-
// and low-speed devices behind a high-speed hub go through its transaction translator (split
// transactions, 4.12; the queue head names the hub and port).
//
// Memory: one kernel frame holds the two queue heads, the SETUP packet, a scratch buffer and the qTDs.
// Callers' buffers are used in place through the direct map (host_controller.h).
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/pci/pci_function.h"
#include "drivers/usb/core/address_book.h"
#include "drivers/usb/core/host_controller.h"
#include "drivers/usb/ehci/ehci_regs.h"
#include "drivers/usb/ehci/ehci_schedule.h"
#include "kernel/sync/irq_completion.h"
#include "kernel/sync/mutex.h"
#include "lib/result.h"
#include "lib/types.h"

namespace cw::usb::ehci {

class EhciController final : public HostController {
public:
  EhciController() = default;
  EhciController(const EhciController&) = delete;
  EhciController& operator=(const EhciController&) = delete;

  // Takes over `function` (class 0c0320) as controller number `index`: maps BAR0, takes ownership from
  // the BIOS (USBLEGSUP, 5.1), halts and resets the controller, builds the asynchronous schedule, hooks
  // the interrupt line, runs it and routes the ports here (CONFIGFLAG). Errors: NoDevice (no memory BAR
  // or no routed interrupt), NoMemory, Io (not an EHCI register file; would not halt, reset or run).
  // Boot thread only, once.
  Result<void> init(const pci::PciFunction& function, uint8_t index);
  // For every connected port: a low- or full-speed device goes to the companion controller. Returns how
  // many were handed over. After init(), before the USB core enumerates.
  size_t hand_off_slow_devices();

  uint16_t version() const { return version_; }
  uint8_t irq() const { return irq_; }
  uint8_t companions() const { return companions_; }

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

  uint32_t op_read(uint32_t reg) const;
  void op_write(uint32_t reg, uint32_t value) const;
  uint32_t port_register(uint8_t port) const { return kRegPortSc1 + 4u * (port - 1); }
  // PORTSC read-modify-write that never writes 1 to a write-1-to-clear bit unless `clear` names it.
  void write_port(uint8_t port, uint32_t set, uint32_t reset, uint32_t clear = 0) const;

  // 5.1: OS Owned, up to 1 s for the BIOS to let go (then taken anyway, as Linux does), SMIs off.
  void take_from_bios(const pci::PciFunction& function, uint8_t eecp);
  Result<void> halt_and_reset();
  // Resets `port` and says whether a high-speed device enabled it; lock_ held.
  Result<Speed> reset_port_locked(uint8_t port);
  void give_to_companion(uint8_t port);

  // The transfer engine; lock_ held. run() links qh_ (filled, with the chain qtds_[0, count)), waits for
  // completion or the deadline, unlinks it and returns the decoded outcome.
  Outcome run(size_t count, size_t data_begin, size_t data_end, uint64_t deadline_ms);
  // Unlinks qh_ and waits for the doorbell (4.8.2); a doorbell that is never answered halts the driver.
  void unlink();
  Result<size_t> control_locked(const Target& target, uint8_t root_port, const SetupPacket& setup, void* data,
                                uint32_t timeout_ms);
  Error transfer_error(Error error, uint8_t root_port) const;
  Target target_of(const Device& device, uint8_t endpoint, uint16_t max_packet, bool control) const;

  char name_[8] = {};
  uintptr_t cap_ = 0;  // BAR0, mapped uncached
  uintptr_t op_ = 0;   // BAR0 + CAPLENGTH
  uint16_t version_ = 0;
  uint8_t irq_ = 0;
  uint8_t ports_ = 0;
  uint8_t companions_ = 0;
  bool running_ = false;
  volatile bool fatal_ = false;     // host system error, or the doorbell went unanswered
  volatile bool advanced_ = false;  // USBSTS.IAA seen by the interrupt handler

  PhysAddr dma_phys_;
  Qh* anchor_ = nullptr;
  Qh* qh_ = nullptr;
  uint8_t* setup_ = nullptr;
  uint8_t* scratch_ = nullptr;
  QtdArray qtds_{};

  Mutex lock_;
  IrqCompletion completion_;

  AddressBook book_;  // addresses, configured endpoints, toggles
};

}  // namespace cw::usb::ehci

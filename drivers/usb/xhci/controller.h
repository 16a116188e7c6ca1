// One xHCI host controller (xHCI 1.2) behind the HostController interface
// (drivers/usb/core/host_controller.h). Kernel only.
//
// Structure, one concern per file:
//   controller_init.cpp         BIOS hand-off (7.1), halt and reset, DCBAA and scratchpads, command and
//                               event rings, interrupter 0, run (4.2)
//   controller_events.cpp       the interrupt handler: acknowledges, consumes the event ring, hands each
//                               completion to the thread waiting for it (4.9.4, 4.17)
//   controller_commands.cpp     the command ring: one command in flight, timeout, abort (4.6, 5.4.5)
//   controller_ports.cpp        root-hub ports: status, USB2 reset and USB3 warm reset (4.19)
//   controller_devices.cpp      slots and contexts: Enable Slot, Address Device, Evaluate Context,
//                               Configure Endpoint, Disable Slot (4.3, 4.6)
//   controller_transfers.cpp    control and bulk TDs on transfer rings, their completion, and endpoint
//                               recovery: Stop Endpoint, Reset Endpoint, Set TR Dequeue Pointer (4.6.9,
//                               4.8.3, 4.11)
//
// Concurrency: commands are serialized by command_lock_ (one in flight); transfers of one device by its
// slot's lock; the interrupt handler touches only the pending-completion records, each written by the
// thread before it rings the doorbell and by the handler afterwards.
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/pci/pci_function.h"
#include "drivers/usb/core/host_controller.h"
#include "drivers/usb/xhci/context.h"
#include "drivers/usb/xhci/dma_memory.h"
#include "drivers/usb/xhci/event_ring.h"
#include "drivers/usb/xhci/producer_ring.h"
#include "drivers/usb/xhci/supported_protocol.h"
#include "drivers/usb/xhci/trb.h"
#include "kernel/sync/irq_completion.h"
#include "kernel/sync/mutex.h"

namespace cw::xhci {

inline constexpr uint8_t kMaxSlots = 8;             // device slots enabled per controller (CONFIG)
inline constexpr size_t kMaxProtocols = 4;          // Supported Protocol capabilities kept
inline constexpr size_t kRingTrbs = kDmaPageBytes / sizeof(Trb);  // every ring is one page
inline constexpr uint32_t kCommandTimeoutMs = 5000;
inline constexpr uint32_t kMaxTdTrbs = 32;          // TRBs of one bulk TD: at least 1984 KiB

// A TD in flight on one endpoint. The thread fills the span and arms `done` before the doorbell; the
// interrupt handler records the events that fall into the span and signals when the TD has ended.
struct PendingTd {
  volatile bool active = false;
  uint64_t first = 0;            // bus addresses of the TD's first and last TRB
  uint64_t last = 0;
  bool ends_on_short = false;    // bulk: a short packet ends the TD; control: the status stage still runs
  // The last event for a TRB other than `last` (a short packet with ISP, or an error).
  volatile bool data_event = false;
  volatile uint64_t data_trb = 0;
  volatile uint32_t data_residue = 0;
  volatile uint8_t data_code = 0;
  // The event that ended the TD.
  volatile uint64_t end_trb = 0;
  volatile uint32_t end_residue = 0;
  volatile uint8_t end_code = 0;
  IrqCompletion done;
};

struct EndpointState {
  DmaPage ring_page;
  ProducerRing ring;
  PendingTd pending;
  EndpointFields fields;  // what Configure Endpoint was given (reset_endpoint re-adds it)
  uint16_t max_packet = 0;
  bool configured = false;
};

struct SlotState {
  bool in_use = false;
  DmaPage output;  // the device context the controller owns (DCBAA entry)
  DmaPage input;   // the input context for the commands
  SlotFields fields;
  EndpointState endpoints[kMaxDci + 1];  // by DCI; 0 unused
  Mutex lock;                            // one transfer at a time per device
};

class Controller final : public usb::HostController {
public:
  Controller() = default;

  // Brings the controller up (4.2) and leaves it running with interrupts on. `index` names it "xhciN".
  Result<void> init(const pci::PciFunction& function, unsigned index, DmaAllocator& dma);

  const char* name() const override { return name_; }
  uint8_t root_ports() const override { return ports_; }
  usb::PortStatus port_status(uint8_t port) override;
  Result<usb::Speed> reset_port(uint8_t port) override;
  Result<void> address_device(usb::Device& device) override;
  Result<void> configure_endpoints(usb::Device& device, const usb::Endpoint* endpoints, size_t count) override;
  Result<size_t> control(usb::Device& device, const usb::SetupPacket& setup, void* data,
                         uint32_t timeout_ms) override;
  Result<size_t> bulk(usb::Device& device, const usb::Endpoint& endpoint, void* data, size_t length,
                      uint32_t timeout_ms) override;
  Result<void> reset_endpoint(usb::Device& device, const usb::Endpoint& endpoint) override;
  void release_device(usb::Device& device) override;

  // For the boot message and the tests.
  uint16_t version() const { return version_; }
  uint8_t slots_enabled() const { return slots_; }
  int irq() const { return irq_; }
  const pci::PciFunction& function() const { return *function_; }
  // The Supported Protocol that covers `port`, or nullptr.
  const SupportedProtocol* protocol_for(uint8_t port) const;

  // The interrupt handler (trap::SharedHandler): true if this controller was interrupting.
  static bool interrupt_entry(void* controller);

private:
  // MMIO (registers.h offsets).
  uint32_t cap_read(uint32_t offset) const;
  uint32_t op_read(uint32_t offset) const;
  void op_write(uint32_t offset, uint32_t value);
  void op_write64(uint32_t offset, uint64_t value);
  uint32_t rt_read(uint32_t offset) const;
  void rt_write(uint32_t offset, uint32_t value);
  void rt_write64(uint32_t offset, uint64_t value);
  uint32_t portsc(uint8_t port) const;
  void write_portsc(uint8_t port, uint32_t value);
  void ring_doorbell(uint8_t slot, uint8_t target);

  // controller_init.cpp
  Result<VirtAddr> map_registers(const pci::PciFunction& function);
  Result<void> walk_capabilities();
  Result<void> take_from_bios(uint32_t offset);
  Result<void> halt_and_reset();
  Result<void> setup_memory();
  Result<void> start();

  // controller_events.cpp
  bool handle_interrupt();
  void dispatch_event(const Trb& event);
  void transfer_event(const Trb& event);

  // controller_commands.cpp: submits `trb` and waits for its Command Completion Event. The completion
  // code is the caller's to judge (some commands fail harmlessly).
  Result<Trb> command(const Trb& trb, uint32_t timeout_ms = kCommandTimeoutMs);
  // Like command(), but a completion code other than Success is the error it maps to.
  Result<Trb> command_ok(const Trb& trb, uint32_t timeout_ms = kCommandTimeoutMs);
  void abort_command_ring();

  // controller_devices.cpp
  Result<SlotState*> slot_of(const usb::Device& device);
  Result<uint8_t> speed_id_for(const usb::Device& device);
  Result<void> fix_max_packet0(usb::Device& device, SlotState& slot);
  void free_slot(uint8_t slot_id);
  uint32_t* input_slot_context(SlotState& slot);
  uint32_t* input_endpoint_context(SlotState& slot, uint8_t dci);
  uint32_t* input_control(SlotState& slot);
  const uint32_t* output_slot_context(const SlotState& slot) const;
  const uint32_t* output_endpoint_context(const SlotState& slot, uint8_t dci) const;
  Result<void> new_ring(EndpointState& ep);
  void free_ring(EndpointState& ep);

  // controller_transfers.cpp
  struct TdTrb {
    uint64_t bus;     // where the TRB went
    uint32_t length;  // its data bytes (0 for setup and status stages)
    bool data;        // it carries data
  };
  // With interrupts off, after the TD's TRBs are enqueued: makes it the endpoint's pending TD.
  static void begin_td(EndpointState& ep, const TdTrb* trbs, size_t count, bool ends_on_short);
  // Rings the doorbell, waits, and turns the TD's events into bytes moved or an error.
  Result<size_t> run_td(SlotState& slot, uint8_t slot_id, uint8_t dci, const TdTrb* trbs, size_t count,
                        uint32_t timeout_ms);
  // Brings a halted, stopped or still running endpoint back to an idle ring at its enqueue pointer.
  Result<void> recover_endpoint(SlotState& slot, uint8_t slot_id, uint8_t dci);

  const pci::PciFunction* function_ = nullptr;
  DmaAllocator* dma_ = nullptr;
  char name_[8] = {};
  uintptr_t base_ = 0;  // BAR0, mapped
  uint32_t mapped_ = 0;  // bytes of it mapped
  uintptr_t op_ = 0;
  uintptr_t rt_ = 0;
  uintptr_t db_ = 0;
  uint16_t version_ = 0;
  uint8_t ports_ = 0;
  uint8_t slots_ = 0;
  int irq_ = -1;
  ContextLayout layout_{false};
  SupportedProtocol protocols_[kMaxProtocols];
  size_t protocol_count_ = 0;

  DmaPage dcbaa_;
  DmaPage scratchpad_array_;
  uint32_t scratchpads_ = 0;
  DmaPage command_page_;
  ProducerRing command_ring_;
  DmaPage event_page_;
  DmaPage erst_page_;
  EventRing event_ring_;

  Mutex command_lock_;
  IrqCompletion command_done_;
  volatile bool fault_reported_ = false;
  volatile bool command_pending_ = false;
  volatile uint64_t command_trb_ = 0;
  Trb command_event_;

  SlotState slots_state_[kMaxSlots + 1];  // by slot id; 0 unused
};

}  // namespace cw::xhci

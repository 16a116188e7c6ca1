// The interrupt handler (xHCI 1.2 section 4.17 interrupters, 4.9.4 event ring management).
//
// Runs with interrupts off on the shared INTx line. It acknowledges USBSTS.EINT and IMAN.IP (both RW1C,
// 5.4.2 and 5.5.2.1), consumes every event the controller has posted, hands command completions and
// transfer completions to the waiting threads, then writes the new dequeue pointer to ERDP with EHB set
// (clearing Event Handler Busy, 5.5.2.3.3). It never blocks and never touches a ring's producer side.
#include "drivers/usb/xhci/completion_code.h"
#include "drivers/usb/xhci/controller.h"
#include "drivers/usb/xhci/registers.h"
#include "kernel/print.h"

namespace cw::xhci {

bool Controller::handle_interrupt() {
  uint32_t ir = reg::kInterrupter0;
  uint32_t status = op_read(reg::kUsbSts);
  uint32_t iman = rt_read(ir + reg::kIman);
  if (status == 0xFFFFFFFF) return false;  // the device is gone from the bus
  bool ours = (status & reg::kStsEventInterrupt) != 0 || (iman & reg::kImanPending) != 0;
  if (!ours) return false;
  op_write(reg::kUsbSts, status & (reg::kStsEventInterrupt | reg::kStsPortChange | reg::kStsHostSystemError));
  // Host System Error or Host Controller Error (5.4.2): the controller halted itself; every wait of the
  // threads then times out. Said once, so the cause is on the console.
  if ((status & (reg::kStsHostSystemError | reg::kStsHostControllerError)) != 0 && !fault_reported_) {
    fault_reported_ = true;
    kprint("{}: controller error, USBSTS {:#x}: the controller halted\n", name_, status);
  }
  rt_write(ir + reg::kIman, reg::kImanEnable | reg::kImanPending);

  // A bound on the events handled per interrupt: the ring's size (a controller cannot post more
  // without the dequeue pointer moving).
  Trb event;
  for (size_t n = 0; n < kRingTrbs && event_ring_.peek(event); ++n) {
    dispatch_event(event);
    event_ring_.advance();
  }
  rt_write64(ir + reg::kErdp, event_ring_.dequeue_bus() | reg::kErdpBusy);
  return true;
}

void Controller::dispatch_event(const Trb& event) {
  switch (trb_type(event)) {
    case TrbType::CommandCompletionEvent:
      // Only the command a thread waits for: a late completion after a timeout (or of an aborted
      // command) is dropped.
      if (command_pending_ && trb_pointer(event) == command_trb_) {
        command_event_ = event;
        command_pending_ = false;
        command_done_.signal_from_irq();
      }
      break;
    case TrbType::TransferEvent: transfer_event(event); break;
    default:
      // Port Status Change (port_status() reads PORTSC itself), Host Controller events: nothing waits.
      break;
  }
}

// A Transfer Event (6.4.2.1) for slot/endpoint: it belongs to the pending TD if its TRB pointer lies in
// the TD's span; anything else is late (the TD was cancelled) and dropped.
void Controller::transfer_event(const Trb& event) {
  uint8_t slot_id = event_slot(event);
  uint8_t dci = event_endpoint(event);
  if (slot_id == 0 || slot_id > slots_ || dci == 0 || dci > kMaxDci) return;
  SlotState& slot = slots_state_[slot_id];
  if (!slot.in_use) return;
  EndpointState& ep = slot.endpoints[dci];
  PendingTd& td = ep.pending;
  if (!td.active || !ep.ring.initialized()) return;
  uint64_t trb = trb_pointer(event);
  if (!ep.ring.in_span(td.first, td.last, trb)) return;

  uint8_t code = event_completion_code(event);
  uint32_t residue = event_transfer_residue(event);
  bool ok = completion_ok(code);
  bool short_packet = code == static_cast<uint8_t>(CompletionCode::ShortPacket);
  if (trb != td.last && ok) {
    td.data_event = true;
    td.data_trb = trb;
    td.data_residue = residue;
    td.data_code = code;
    // A control TD goes on to its status stage; a bulk TD ends at its short packet (4.10.1.1).
    if (!(short_packet && td.ends_on_short)) return;
  }
  td.end_trb = trb;
  td.end_residue = residue;
  td.end_code = code;
  td.active = false;
  td.done.signal_from_irq();
}

}  // namespace cw::xhci

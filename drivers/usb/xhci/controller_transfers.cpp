// Transfers on transfer rings (xHCI 1.2 section 4.11) and endpoint recovery (4.6.8, 4.6.9, 4.6.10,
// 4.8.3).
//
// A control transfer is a Setup Stage TRB, a Data Stage TD (a Data Stage TRB, chained to Normal TRBs
// if the buffer crosses a 64 KiB boundary) and a Status Stage TRB with IOC (4.11.2.2). A bulk or
// interrupt transfer is a TD of Normal TRBs, chained, ISP on each, IOC on the last (4.11.2.1). The
// data buffers are in the direct map (host_controller.h), so their physical addresses are the bus
// addresses; no bouncing.
#include "drivers/usb/xhci/completion_code.h"
#include "drivers/usb/xhci/controller.h"
#include "drivers/usb/xhci/transfer_plan.h"
#include "kernel/arch/cpu.h"
#include "kernel/print.h"
#include "kernel/sync/lock_guard.h"
#include "mm/kernel_layout.h"

namespace cw::xhci {

namespace {

uint64_t bus_of(void* data) { return virt_to_phys(VirtAddr(reinterpret_cast<uintptr_t>(data))).get(); }

// The interface's precondition, checked: the whole buffer lies in the direct map, so its physical
// addresses are contiguous and the controller can reach them.
bool in_direct_map(const void* data, size_t length) {
  uintptr_t begin = reinterpret_cast<uintptr_t>(data);
  return begin >= kKernelVirtualBase && length <= kKernelWindowBase - begin;
}

constexpr uint8_t kStall = static_cast<uint8_t>(CompletionCode::StallError);
constexpr uint8_t kShort = static_cast<uint8_t>(CompletionCode::ShortPacket);

}  // namespace

void Controller::begin_td(EndpointState& ep, const TdTrb* trbs, size_t count, bool ends_on_short) {
  PendingTd& td = ep.pending;
  td.first = trbs[0].bus;
  td.last = trbs[count - 1].bus;
  td.ends_on_short = ends_on_short;
  td.data_event = false;
  td.end_code = 0;
  td.done.arm();
  td.active = true;
}

Result<size_t> Controller::run_td(SlotState& slot, uint8_t slot_id, uint8_t dci, const TdTrb* trbs, size_t count,
                                  uint32_t timeout_ms) {
  EndpointState& ep = slot.endpoints[dci];
  PendingTd& td = ep.pending;
  ring_doorbell(slot_id, dci);
  auto waited = td.done.wait(timeout_ms);
  if (!waited) {
    {
      cpu::InterruptGuard no_irq;
      td.active = false;
    }
    // Cancel (4.6.9): stop the endpoint and move its dequeue pointer past the TD.
    if (auto recovered = recover_endpoint(slot, slot_id, dci); !recovered)
      kprint("{}: slot {} endpoint {}: could not cancel a timed-out transfer: {}\n", name_, slot_id, dci,
             error_string(recovered.error()));
    return Error::TimedOut;
  }
  uint8_t code = td.end_code;
  if (!completion_ok(code)) {
    // The endpoint is halted (4.10.2). A stalled bulk or interrupt endpoint stays so until the class
    // driver clears the halt and calls reset_endpoint(); endpoint 0 and other errors recover now.
    if (code != kStall || dci == 1) {
      if (auto recovered = recover_endpoint(slot, slot_id, dci); !recovered)
        kprint("{}: slot {} endpoint {}: recovery failed: {}\n", name_, slot_id, dci, error_string(recovered.error()));
    }
    return completion_error(code);
  }
  // Every TRB of the TD is done (a short packet skips the rest of its TD, 4.10.1.1).
  if (!ep.ring.release_through(td.last)) return Error::Io;

  // Bytes moved: all data TRBs before the one a short-packet event names, plus that TRB's length less
  // the residue the event reported.
  bool short_end = code == kShort;
  uint64_t short_trb = short_end ? td.end_trb : (td.data_event && td.data_code == kShort ? td.data_trb : 0);
  uint32_t residue = short_end ? td.end_residue : td.data_residue;
  bool have_short = short_end || (td.data_event && td.data_code == kShort);
  size_t moved = 0;
  for (size_t i = 0; i < count; ++i) {
    if (!trbs[i].data) continue;
    if (have_short && trbs[i].bus == short_trb) {
      if (residue > trbs[i].length) return Error::Protocol;  // the controller's report makes no sense
      moved += trbs[i].length - residue;
      break;
    }
    moved += trbs[i].length;
  }
  return moved;
}

Result<size_t> Controller::control(usb::Device& device, const usb::SetupPacket& setup, void* data,
                                   uint32_t timeout_ms) {
  SlotState& slot = *TRY(slot_of(device));
  if (setup.length > 0 && data == nullptr) return Error::InvalidArgument;
  if (setup.length > 0 && !in_direct_map(data, setup.length)) return Error::BadAddress;
  LockGuard guard(slot.lock);
  uint8_t id = static_cast<uint8_t>(device.slot);
  EndpointState& ep = slot.endpoints[1];
  if (!ep.configured) return Error::NoDevice;

  TrbPiece pieces[2];  // wLength < 64 KiB crosses at most one 64 KiB boundary
  size_t n = 0;
  if (setup.length > 0) n = TRY(plan_trbs(bus_of(data), setup.length, device.max_packet0, pieces, 2));
  if (ep.ring.free_slots() < n + 2) return Error::NoSpace;
  bool in = setup.direction() == usb::Direction::In;
  TdTrb trbs[4];
  size_t count = 0;
  {
    cpu::InterruptGuard no_irq;  // the TD becomes pending before the handler can see its events
    trbs[count++] = TdTrb{TRY(ep.ring.enqueue(setup_stage_trb(setup))), 0, false};
    for (size_t i = 0; i < n; ++i) {
      uint32_t flags = kTrbIsp | (i + 1 < n ? kTrbChain : 0);
      Trb trb = i == 0 ? data_stage_trb(pieces[i].bus, pieces[i].length, pieces[i].td_size, setup.direction(), flags)
                       : normal_trb(pieces[i].bus, pieces[i].length, pieces[i].td_size, flags);
      trbs[count++] = TdTrb{TRY(ep.ring.enqueue(trb)), pieces[i].length, true};
    }
    trbs[count++] = TdTrb{TRY(ep.ring.enqueue(status_stage_trb(in, n > 0))), 0, false};
    begin_td(ep, trbs, count, false);
  }
  return run_td(slot, id, 1, trbs, count, timeout_ms);
}

Result<size_t> Controller::bulk(usb::Device& device, const usb::Endpoint& endpoint, void* data, size_t length,
                                uint32_t timeout_ms) {
  SlotState& slot = *TRY(slot_of(device));
  if (length > 0 && data == nullptr) return Error::InvalidArgument;
  if (length > 0 && !in_direct_map(data, length)) return Error::BadAddress;
  if (endpoint.number < 1 || endpoint.number > 15) return Error::InvalidArgument;
  uint8_t d = dci(endpoint.number, endpoint.direction);
  LockGuard guard(slot.lock);
  uint8_t id = static_cast<uint8_t>(device.slot);
  EndpointState& ep = slot.endpoints[d];
  if (!ep.configured) return Error::InvalidArgument;
  // A stalled endpoint stays halted until reset_endpoint() (host_controller.h).
  if (endpoint_state(output_endpoint_context(slot, d)) == kEndpointHalted) return Error::BrokenPipe;

  TrbPiece pieces[kMaxTdTrbs];
  size_t n = TRY(plan_trbs(length == 0 ? 0 : bus_of(data), length, ep.max_packet, pieces, kMaxTdTrbs));
  if (ep.ring.free_slots() < n) return Error::NoSpace;
  TdTrb trbs[kMaxTdTrbs];
  {
    cpu::InterruptGuard no_irq;
    for (size_t i = 0; i < n; ++i) {
      uint32_t flags = kTrbIsp | (i + 1 < n ? kTrbChain : kTrbIoc);
      Trb trb = normal_trb(pieces[i].bus, pieces[i].length, pieces[i].td_size, flags);
      trbs[i] = TdTrb{TRY(ep.ring.enqueue(trb)), pieces[i].length, true};
    }
    begin_td(ep, trbs, n, true);
  }
  return run_td(slot, id, d, trbs, n, timeout_ms);
}

// 4.6.8 Reset Endpoint (a halted endpoint goes to Stopped and its data toggle / sequence number to 0),
// 4.6.9 Stop Endpoint (a running one stops), then 4.6.10 Set TR Dequeue Pointer to the ring's enqueue
// pointer so the controller starts after whatever was on the ring. Called with the slot's lock held.
Result<void> Controller::recover_endpoint(SlotState& slot, uint8_t slot_id, uint8_t dci) {
  EndpointState& ep = slot.endpoints[dci];
  uint8_t state = endpoint_state(output_endpoint_context(slot, dci));
  if (state == kEndpointRunning) {
    // The stop may race with the endpoint halting or going idle: Context State Error is then expected.
    static_cast<void>(command(stop_endpoint_trb(slot_id, dci)));
    state = endpoint_state(output_endpoint_context(slot, dci));
  }
  if (state == kEndpointHalted) TRY(command_ok(reset_endpoint_trb(slot_id, dci)));
  TRY(command_ok(set_tr_dequeue_trb(slot_id, dci, ep.ring.enqueue_bus(), ep.ring.cycle())));
  {
    cpu::InterruptGuard no_irq;
    ep.pending.active = false;
    ep.ring.release_all();
  }
  return {};
}

Result<void> Controller::reset_endpoint(usb::Device& device, const usb::Endpoint& endpoint) {
  SlotState& slot = *TRY(slot_of(device));
  if (endpoint.number < 1 || endpoint.number > 15) return Error::InvalidArgument;
  uint8_t d = dci(endpoint.number, endpoint.direction);
  LockGuard guard(slot.lock);
  EndpointState& ep = slot.endpoints[d];
  if (!ep.configured) return Error::InvalidArgument;
  if (endpoint_state(output_endpoint_context(slot, d)) == kEndpointHalted)
    return recover_endpoint(slot, static_cast<uint8_t>(device.slot), d);
  // Not halted: Reset Endpoint would fail with Context State Error. Dropping and re-adding the endpoint
  // with Configure Endpoint (4.6.6) also starts its sequence number (data toggle) at 0.
  {
    cpu::InterruptGuard no_irq;
    ep.pending.active = false;
    ep.ring.release_all();
  }
  ep.fields.dequeue = ep.ring.enqueue_bus();
  ep.fields.dcs = ep.ring.cycle();
  set_input_control(input_control(slot), 1u << d, (1u << d) | 1u);
  encode_slot_context(slot.fields, input_slot_context(slot));
  encode_endpoint_context(ep.fields, input_endpoint_context(slot, d));
  TRY(command_ok(configure_endpoint_trb(slot.input.bus, static_cast<uint8_t>(device.slot))));
  return {};
}

}  // namespace cw::xhci

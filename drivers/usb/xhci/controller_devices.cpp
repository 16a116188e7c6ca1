// Device slots and their contexts (xHCI 1.2 section 4.3 "USB Device Initialization", 4.6.3-4.6.7).
#include "drivers/usb/xhci/completion_code.h"
#include "drivers/usb/xhci/controller.h"
#include "drivers/usb/xhci/port_register.h"
#include "kernel/arch/cpu.h"
#include "kernel/print.h"
#include "kernel/sched/scheduler.h"
#include "kernel/sync/lock_guard.h"

namespace cw::xhci {

namespace {

uint32_t* at(const DmaPage& page, size_t offset) {
  return reinterpret_cast<uint32_t*>(static_cast<uint8_t*>(page.cpu) + offset);
}

// Average TRB Length (4.14.1.1 suggests 8 control, 1024 interrupt, 3072 bulk).
uint16_t average_trb_length(EndpointType type) {
  if (type == EndpointType::Control) return 8;
  if (type == EndpointType::BulkIn || type == EndpointType::BulkOut) return 3072;
  return 1024;
}

}  // namespace

uint32_t* Controller::input_control(SlotState& slot) { return at(slot.input, layout_.input_control()); }
uint32_t* Controller::input_slot_context(SlotState& slot) { return at(slot.input, layout_.input_slot()); }
uint32_t* Controller::input_endpoint_context(SlotState& slot, uint8_t dci) {
  return at(slot.input, layout_.input_endpoint(dci));
}
const uint32_t* Controller::output_slot_context(const SlotState& slot) const {
  return at(slot.output, layout_.device_slot());
}
const uint32_t* Controller::output_endpoint_context(const SlotState& slot, uint8_t dci) const {
  return at(slot.output, layout_.device_endpoint(dci));
}

Result<SlotState*> Controller::slot_of(const usb::Device& device) {
  if (device.slot == 0 || device.slot > slots_ || !slots_state_[device.slot].in_use) return Error::NoDevice;
  return &slots_state_[device.slot];
}

Result<void> Controller::new_ring(EndpointState& ep) {
  free_ring(ep);
  ep.ring_page = TRY(dma_->allocate_page());
  ep.ring.init(static_cast<Trb*>(ep.ring_page.cpu), ep.ring_page.bus, kRingTrbs);
  return {};
}

void Controller::free_ring(EndpointState& ep) {
  {
    cpu::InterruptGuard no_irq;  // the handler looks at the ring of a pending TD
    ep.pending.active = false;
    ep.ring = ProducerRing();
    ep.configured = false;
  }
  if (ep.ring_page.cpu != nullptr) dma_->free_page(ep.ring_page);
  ep.ring_page = DmaPage();
}

// The Speed field of the slot context: what the root port reports for a device on it, else the PSIV the
// root port's protocol gives the speed the hub reported (6.2.2).
Result<uint8_t> Controller::speed_id_for(const usb::Device& device) {
  uint8_t root = device.location.root_port;
  const SupportedProtocol* protocol = protocol_for(root);
  if (protocol == nullptr) return Error::NotFound;
  if (device.location.hub_slot == 0) {
    uint8_t id = port_speed_id(portsc(root));
    if (!speed_from_psiv(*protocol, id)) return Error::Io;
    return id;
  }
  return psiv_for_speed(*protocol, device.speed);
}

Result<void> Controller::address_device(usb::Device& device) {
  const usb::DeviceLocation& where = device.location;
  if (where.root_port < 1 || where.root_port > ports_) return Error::InvalidArgument;
  const SupportedProtocol* protocol = protocol_for(where.root_port);
  if (protocol == nullptr) return Error::NotFound;
  uint8_t speed_id = TRY(speed_id_for(device));

  // Enable Slot (4.6.3): the slot id is in the completion event.
  Trb enabled = TRY(command_ok(enable_slot_trb(protocol->slot_type)));
  uint8_t id = event_slot(enabled);
  if (id == 0 || id > slots_ || slots_state_[id].in_use) {
    kprint("{}: Enable Slot returned slot {}, outside the {} enabled\n", name_, id, slots_);
    if (id != 0) static_cast<void>(command(disable_slot_trb(id)));
    return Error::Io;
  }
  SlotState& slot = slots_state_[id];
  slot.in_use = true;
  auto give_up = [&](Error e) -> Result<void> {
    free_slot(id);
    device.slot = 0;
    return e;
  };
  auto output = dma_->allocate_page();
  if (!output) return give_up(output.error());
  slot.output = output.value();
  auto input = dma_->allocate_page();
  if (!input) return give_up(input.error());
  slot.input = input.value();
  EndpointState& ep0 = slot.endpoints[1];
  if (auto made = new_ring(ep0); !made) return give_up(made.error());
  static_cast<uint64_t*>(dcbaa_.cpu)[id] = slot.output.bus;

  // The input context (4.3.3): slot context and endpoint 0, both added.
  SlotFields& f = slot.fields;
  f = SlotFields();
  f.route = where.route;
  f.speed_id = speed_id;
  f.root_port = where.root_port;
  f.context_entries = 1;
  bool needs_tt = where.hub_slot != 0 && where.hub_speed == usb::Speed::High &&
                  (device.speed == usb::Speed::Low || device.speed == usb::Speed::Full);
  if (needs_tt) {
    f.tt_hub_slot = static_cast<uint8_t>(where.hub_slot);
    f.tt_port = where.hub_port;
    f.multi_tt = where.hub_multi_tt;
  }
  set_input_control(input_control(slot), 0, 0x3);
  encode_slot_context(f, input_slot_context(slot));
  EndpointFields& e = ep0.fields;
  e = EndpointFields();
  e.type = EndpointType::Control;
  e.max_packet = default_max_packet0(device.speed);
  e.dequeue = ep0.ring.enqueue_bus();
  e.dcs = ep0.ring.cycle();
  e.average_trb_length = average_trb_length(e.type);
  encode_endpoint_context(e, input_endpoint_context(slot, 1));
  ep0.max_packet = e.max_packet;
  ep0.configured = true;

  // Address Device (4.6.5) sends SET_ADDRESS; the device gets 2 ms to settle (USB 2.0 9.2.6.3).
  auto addressed = command_ok(address_device_trb(slot.input.bus, id, false));
  if (!addressed) return give_up(addressed.error());
  sched::sleep_ms(usb::kSetAddressRecoveryMs);
  uint8_t address = slot_device_address(output_slot_context(slot));
  if (address == 0 || address > usb::kMaxAddress) return give_up(Error::Io);
  device.slot = id;
  device.address = address;
  device.max_packet0 = e.max_packet;
  if (auto fixed = fix_max_packet0(device, slot); !fixed) return give_up(fixed.error());
  return {};
}

// Reads the first 8 bytes of the device descriptor and, if bMaxPacketSize0 differs from the default
// endpoint 0 was given, tells the controller with Evaluate Context (4.6.7).
Result<void> Controller::fix_max_packet0(usb::Device& device, SlotState& slot) {
  DmaPage buffer = TRY(dma_->allocate_page());
  usb::SetupPacket get{usb::kRequestIn | usb::kTypeStandard | usb::kRecipientDevice, usb::kGetDescriptor,
                       static_cast<uint16_t>(usb::kDescriptorDevice << 8), 0, 8};
  auto got = control(device, get, buffer.cpu, usb::kControlTimeoutMs);
  uint8_t length = static_cast<const uint8_t*>(buffer.cpu)[0];
  uint8_t type = static_cast<const uint8_t*>(buffer.cpu)[1];
  uint8_t b_max_packet0 = static_cast<const uint8_t*>(buffer.cpu)[7];
  dma_->free_page(buffer);
  if (!got) return got.error();
  if (got.value() < 8 || length < 18 || type != usb::kDescriptorDevice) return Error::Protocol;
  uint16_t max_packet = TRY(max_packet0_from_descriptor(device.speed, b_max_packet0));
  if (max_packet == device.max_packet0) return {};

  LockGuard guard(slot.lock);
  EndpointState& ep0 = slot.endpoints[1];
  ep0.fields.max_packet = max_packet;
  ep0.fields.dequeue = ep0.ring.enqueue_bus();
  ep0.fields.dcs = ep0.ring.cycle();
  set_input_control(input_control(slot), 0, 0x2);
  encode_endpoint_context(ep0.fields, input_endpoint_context(slot, 1));
  TRY(command_ok(evaluate_context_trb(slot.input.bus, static_cast<uint8_t>(device.slot))));
  ep0.max_packet = max_packet;
  device.max_packet0 = max_packet;
  return {};
}

Result<void> Controller::configure_endpoints(usb::Device& device, const usb::Endpoint* endpoints, size_t count) {
  SlotState& slot = *TRY(slot_of(device));
  if (count > 0 && endpoints == nullptr) return Error::InvalidArgument;
  for (size_t i = 0; i < count; ++i) {
    const usb::Endpoint& e = endpoints[i];
    if (e.number < 1 || e.number > 15 || (e.max_packet & 0x7FF) == 0) return Error::InvalidArgument;
  }
  LockGuard guard(slot.lock);
  uint32_t add = 1;  // the slot context (A0): context entries and the hub fields change
  uint32_t drop = 0;
  uint8_t entries = slot.fields.context_entries;
  for (size_t i = 0; i < count; ++i) {
    const usb::Endpoint& e = endpoints[i];
    uint8_t d = dci(e.number, e.direction);
    EndpointState& ep = slot.endpoints[d];
    if (ep.configured) drop |= 1u << d;  // configured before: drop and add it afresh
    TRY(new_ring(ep));
    EndpointFields& f = ep.fields;
    f = EndpointFields();
    f.type = endpoint_type(e.kind, e.direction);
    f.max_packet = e.max_packet & 0x7FF;
    // High-speed interrupt endpoints: bits 12:11 are extra transactions per microframe (USB 2.0 9.6.6).
    if (e.kind == usb::TransferKind::Interrupt && device.speed == usb::Speed::High)
      f.max_burst = static_cast<uint8_t>((e.max_packet >> 11) & 3);
    f.interval = interval_exponent(device.speed, e.kind, e.interval);
    f.dequeue = ep.ring.enqueue_bus();
    f.dcs = ep.ring.cycle();
    f.average_trb_length = average_trb_length(f.type);
    if (e.kind == usb::TransferKind::Interrupt) f.max_esit_payload = f.max_packet * (f.max_burst + 1u);
    ep.max_packet = f.max_packet;
    encode_endpoint_context(f, input_endpoint_context(slot, d));
    add |= 1u << d;
    if (d > entries) entries = d;
  }
  slot.fields.context_entries = entries;
  slot.fields.hub = device.is_hub;
  slot.fields.hub_ports = device.hub_ports;
  set_input_control(input_control(slot), drop, add);
  encode_slot_context(slot.fields, input_slot_context(slot));
  auto configured = command_ok(configure_endpoint_trb(slot.input.bus, static_cast<uint8_t>(device.slot)));
  for (size_t i = 0; i < count; ++i) {
    EndpointState& ep = slot.endpoints[dci(endpoints[i].number, endpoints[i].direction)];
    if (configured) ep.configured = true;
    else free_ring(ep);
  }
  if (!configured) return configured.error();
  return {};
}

// Disable Slot (4.6.4) and every page the slot held.
void Controller::free_slot(uint8_t id) {
  SlotState& slot = slots_state_[id];
  auto disabled = command(disable_slot_trb(id));
  if (!disabled || event_completion_code(disabled.value()) != static_cast<uint8_t>(CompletionCode::Success))
    kprint("{}: Disable Slot {} failed; the slot is dropped anyway\n", name_, id);
  for (EndpointState& ep : slot.endpoints) free_ring(ep);
  static_cast<uint64_t*>(dcbaa_.cpu)[id] = 0;
  if (slot.output.cpu != nullptr) dma_->free_page(slot.output);
  if (slot.input.cpu != nullptr) dma_->free_page(slot.input);
  slot.output = DmaPage();
  slot.input = DmaPage();
  cpu::InterruptGuard no_irq;
  slot.in_use = false;
}

void Controller::release_device(usb::Device& device) {
  auto slot = slot_of(device);
  if (!slot) return;
  {
    LockGuard guard(slot.value()->lock);  // no transfer of this device is still running
  }
  free_slot(static_cast<uint8_t>(device.slot));
  device.slot = 0;
}

}  // namespace cw::xhci

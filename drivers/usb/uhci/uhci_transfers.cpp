// UhciController's transfer engine (run_chain, control, bulk) and device bookkeeping (addresses, toggles);
// bring-up, ports and the interrupt handler are in uhci_controller.cpp.
#include "drivers/usb/uhci/uhci_controller.h"

#include "drivers/usb/core/default_address.h"
#include "drivers/usb/uhci/uhci_layout.h"
#include "kernel/print.h"
#include "kernel/sched/scheduler.h"
#include "kernel/sync/lock_guard.h"
#include "mm/kernel_layout.h"

namespace cw::usb::uhci {

using namespace layout;

namespace {

// The physical address of [p, p + length) if it lies in the direct map (host_controller.h); 0 for an empty
// buffer.
Result<uint32_t> dma_address(const void* p, size_t length) {
  if (length == 0) return uint32_t{0};
  uint32_t v = reinterpret_cast<uintptr_t>(p);
  if (p == nullptr || v < kKernelVirtualBase || length > kDirectMapBytes ||
      v - kKernelVirtualBase > kDirectMapBytes - length)
    return Error::BadAddress;
  return virt_to_phys(VirtAddr(v)).get();
}


}  // namespace

// --- Transfers -----------------------------------------------------------------------------------------------

void UhciController::stop_chain() {
  anchor_->head = kLinkTerminate;
  compiler_barrier();
  wait_next_frame();  // the controller reaches qh_ only through the anchor: from now on it is idle
}

void UhciController::reclaim_chain(size_t count) {
  deactivate(tds_.tds, count);
  qh_->element = kLinkTerminate;
  compiler_barrier();
}

void UhciController::unlink_chain(size_t count) {
  stop_chain();
  reclaim_chain(count);
}

Outcome UhciController::run_chain(size_t count, size_t data_begin, size_t data_end, uint64_t deadline_ms) {
  bool status_started = false;
  completion_.arm();
  qh_->element = tds_.phys_of(0);
  compiler_barrier();
  anchor_->head = (dma_phys_.get() + kQhOffset) | kLinkQh;
  for (;;) {
    completion_.arm();  // before looking: an interrupt after the look then ends the wait at once
    Outcome outcome = decode(tds_.tds, count, data_begin, data_end);
    if (outcome.progress == Progress::Pending && outcome.short_packet && !status_started &&
        outcome.pending_at >= data_end) {
      // A short IN packet stopped the queue (SPD) at the end of the data stage; run the status stage.
      status_started = true;
      qh_->element = tds_.phys_of(outcome.pending_at);
      compiler_barrier();
      continue;
    }
    if (outcome.progress != Progress::Pending) {
      unlink_chain(count);
      return outcome;
    }
    if (fatal_) {
      unlink_chain(count);
      kprint("{}: host controller error (USBSTS {:#06x}); the controller halted\n", name_, read16(kRegUsbSts));
      outcome.progress = Progress::Failed;
      outcome.error = Error::Io;
      return outcome;
    }
    uint64_t t = now_ms();
    if (t >= deadline_ms) {
      stop_chain();
      // Stopped, nothing moves: decode once more (before deactivating) for what did complete in time.
      outcome = decode(tds_.tds, count, data_begin, data_end);
      reclaim_chain(count);
      if (outcome.progress == Progress::Done) return outcome;  // it finished in the very last frame
      if (outcome.progress == Progress::Pending) {
        outcome.progress = Progress::Failed;
        outcome.error = Error::TimedOut;
      }
      return outcome;
    }
    (void)completion_.wait(static_cast<uint32_t>(deadline_ms - t));  // a timeout shows in the next round
  }
}

Error UhciController::transfer_error(Error error, uint8_t root_port) const {
  if (error == Error::Protocol || error == Error::TimedOut) {
    if (root_port >= 1 && root_port <= ports_ && (read16(port_register(root_port)) & kPortConnected) == 0)
      return Error::NoDevice;
  }
  return error;
}

Result<size_t> UhciController::control_locked(uint8_t address, Speed speed, uint16_t max_packet,
                                              uint8_t root_port, const SetupPacket& setup, void* data,
                                              uint32_t timeout_ms) {
  if (!running_ || fatal_) return Error::Io;
  if (speed != Speed::Low && speed != Speed::Full) return Error::InvalidArgument;
  if (setup.length != 0 && data == nullptr) return Error::InvalidArgument;
  uint32_t data_phys = TRY(dma_address(data, setup.length));
  const uint8_t* bytes = reinterpret_cast<const uint8_t*>(&setup);
  for (int i = 0; i < 8; ++i) setup_[i] = bytes[i];
  Target target{address, 0, speed == Speed::Low, max_packet};
  size_t count = TRY(build_control(tds_, target, dma_phys_.get() + kSetupOffset, setup.direction(), data_phys,
                                   setup.length));
  Outcome outcome = run_chain(count, 1, count - 1, now_ms() + timeout_ms);
  if (outcome.progress == Progress::Failed) return transfer_error(outcome.error, root_port);
  return outcome.bytes;
}

Result<size_t> UhciController::control(Device& device, const SetupPacket& setup, void* data, uint32_t timeout_ms) {
  LockGuard guard(lock_);
  return control_locked(device.address, device.speed, device.max_packet0, device.location.root_port, setup, data,
                        timeout_ms);
}

Result<size_t> UhciController::bulk(Device& device, const Endpoint& endpoint, void* data, size_t length,
                                    uint32_t timeout_ms) {
  if (endpoint.kind != TransferKind::Bulk || device.address == kDefaultAddress || device.address > kMaxAddress)
    return Error::InvalidArgument;
  if (length != 0 && data == nullptr) return Error::InvalidArgument;
  uint32_t data_phys = TRY(dma_address(data, length));
  LockGuard guard(lock_);
  if (!running_ || fatal_) return Error::Io;
  if (!book_.configured(device.address, endpoint)) return Error::InvalidArgument;
  Target target{device.address, endpoint.number, device.speed == Speed::Low, endpoint.max_packet};
  uint64_t deadline = now_ms() + timeout_ms;
  bool data1 = book_.toggle(device.address, endpoint);
  size_t moved = 0;
  do {
    BulkChain chain = TRY(build_bulk(tds_, target, endpoint.direction, data1,
                                     data_phys + static_cast<uint32_t>(moved), length - moved));
    Outcome outcome = run_chain(chain.tds, 0, chain.tds, deadline);
    data1 = toggle_after(data1, outcome.completed);
    moved += outcome.bytes;
    if (outcome.progress == Progress::Failed) {
      book_.set_toggle(device.address, endpoint, data1);
      return transfer_error(outcome.error, device.location.root_port);
    }
    if (outcome.short_packet) break;  // an IN transfer ends at a short packet
  } while (moved < length);
  book_.set_toggle(device.address, endpoint, data1);
  return moved;
}

// --- Devices -------------------------------------------------------------------------------------------------

Result<void> UhciController::address_device(Device& device) {
  if (device.address != kDefaultAddress) return Error::InvalidArgument;
  LockGuard guard(lock_);
  uint8_t address = book_.allocate();
  if (address == 0) return Error::NoSpace;
  uint8_t root = device.location.root_port;
  auto control = [&](uint16_t max_packet, const SetupPacket& setup, void* data) {
    return control_locked(kDefaultAddress, device.speed, max_packet, root, setup, data, kControlTimeoutMs);
  };
  DefaultAddressing found;
  auto addressed = address_at_default(device.speed, address, 8, scratch_, control, found);
  if (!addressed) {
    if (addressed.error() == Error::Protocol)
      kprint("{}: port {}: bad device descriptor ({} bytes, type {}, bMaxPacketSize0 {})\n", name_, root,
             found.descriptor_bytes, found.descriptor_type, found.max_packet0);
    book_.release(address);
    return addressed.error();
  }
  sched::sleep_ms(kSetAddressRecoveryMs);
  device.address = address;
  device.max_packet0 = found.max_packet0;
  device.slot = address;
  return {};
}

Result<void> UhciController::configure_endpoints(Device& device, const Endpoint* endpoints, size_t count) {
  LockGuard guard(lock_);
  return book_.configure(device.address, endpoints, count, kMaxPacketBytes);
}

Result<void> UhciController::reset_endpoint(Device& device, const Endpoint& endpoint) {
  LockGuard guard(lock_);
  return book_.reset_toggle(device.address, endpoint);
}

void UhciController::release_device(Device& device) {
  LockGuard guard(lock_);
  // A device on a root port may still be there, answering at its address (or at the default address,
  // when addressing failed): disable the port (DG 2.1.7, PE) so that no two devices answer to one
  // address. Behind a hub that is the hub driver's job.
  uint8_t port = device.location.root_port;
  if (running_ && device.location.hub_address == 0 && port >= 1 && port <= ports_) write_port(port, 0, kPortEnabled);
  book_.release(device.address);
  device.address = kDefaultAddress;
  device.slot = 0;
}

}  // namespace cw::usb::uhci

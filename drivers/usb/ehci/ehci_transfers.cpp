// EhciController's transfer engine (run, unlink with the doorbell, control, bulk) and device bookkeeping
// (addresses, toggles); bring-up, ports and the interrupt handler are in ehci_controller.cpp.
#include "drivers/usb/ehci/ehci_controller.h"

#include "drivers/usb/core/default_address.h"
#include "drivers/usb/ehci/ehci_layout.h"
#include "kernel/print.h"
#include "kernel/sched/scheduler.h"
#include "kernel/sync/lock_guard.h"
#include "mm/kernel_layout.h"

namespace cw::usb::ehci {

using namespace layout;

namespace {

inline constexpr uint32_t kDoorbellMs = 20;  // the controller answers by the next micro-frames (4.8.2)

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

void EhciController::unlink() {
  unlink_after(*anchor_, *qh_);
  compiler_barrier();
  if (fatal_ || (op_read(kRegUsbSts) & kStsHalted)) return;  // a halted controller caches nothing
  advanced_ = false;
  completion_.arm();
  op_write(kRegUsbCmd, op_read(kRegUsbCmd) | kCmdAsyncDoorbell);
  uint64_t deadline = now_ms() + kDoorbellMs;
  while (!advanced_) {
    uint64_t t = now_ms();
    if (t >= deadline) {
      kprint("{}: the async advance doorbell was not answered; the controller is given up\n", name_);
      fatal_ = true;
      op_write(kRegUsbCmd, op_read(kRegUsbCmd) & ~kCmdRun);
      return;
    }
    (void)completion_.wait(static_cast<uint32_t>(deadline - t));
    completion_.arm();
  }
}

Outcome EhciController::run(size_t count, size_t data_begin, size_t data_end, uint64_t deadline_ms) {
  completion_.arm();
  link_after(*anchor_, *qh_, dma_phys_.get() + kQhOffset);
  for (;;) {
    completion_.arm();  // before looking: an interrupt after the look ends the wait at once
    Outcome outcome = decode(qtds_.qtds, count, data_begin, data_end);
    if (outcome.progress != Progress::Pending) {
      unlink();
      return outcome;
    }
    if (fatal_) {
      unlink();
      kprint("{}: host system error (USBSTS {:#x}); the controller halted\n", name_, op_read(kRegUsbSts));
      outcome.progress = Progress::Failed;
      outcome.error = Error::Io;
      return outcome;
    }
    uint64_t t = now_ms();
    if (t >= deadline_ms) {
      unlink();  // after the doorbell nothing moves: decode once more for what completed in time
      outcome = decode(qtds_.qtds, count, data_begin, data_end);
      if (outcome.progress == Progress::Pending) {
        outcome.progress = Progress::Failed;
        outcome.error = Error::TimedOut;
      }
      return outcome;
    }
    (void)completion_.wait(static_cast<uint32_t>(deadline_ms - t));
  }
}

Error EhciController::transfer_error(Error error, uint8_t root_port) const {
  if (error == Error::Protocol || error == Error::TimedOut) {
    if (root_port >= 1 && root_port <= ports_ && (op_read(port_register(root_port)) & kPortConnected) == 0)
      return Error::NoDevice;
  }
  return error;
}

Target EhciController::target_of(const Device& device, uint8_t endpoint, uint16_t max_packet, bool control) const {
  Target t;
  t.address = device.address;
  t.endpoint = endpoint;
  t.speed = device.speed;
  t.max_packet = max_packet;
  t.control = control;
  t.hub_address = device.location.hub_address;
  t.hub_port = device.location.hub_port;
  return t;
}

Result<size_t> EhciController::control_locked(const Target& target, uint8_t root_port, const SetupPacket& setup,
                                              void* data, uint32_t timeout_ms) {
  if (!running_ || fatal_) return Error::Io;
  if (setup.length != 0 && data == nullptr) return Error::InvalidArgument;
  uint32_t data_phys = TRY(dma_address(data, setup.length));
  const uint8_t* bytes = reinterpret_cast<const uint8_t*>(&setup);
  for (int i = 0; i < 8; ++i) setup_[i] = bytes[i];
  size_t count = TRY(build_control(qtds_, target.max_packet, dma_phys_.get() + kSetupOffset, setup.direction(),
                                   data_phys, setup.length));
  TRY(init_qh(*qh_, target, qtds_.phys_of(0), false));
  compiler_barrier();
  Outcome outcome = run(count, 1, count - 1, now_ms() + timeout_ms);
  if (outcome.progress == Progress::Failed) return transfer_error(outcome.error, root_port);
  return outcome.bytes;
}

Result<size_t> EhciController::control(Device& device, const SetupPacket& setup, void* data, uint32_t timeout_ms) {
  LockGuard guard(lock_);
  return control_locked(target_of(device, 0, device.max_packet0, true), device.location.root_port, setup, data,
                        timeout_ms);
}

Result<size_t> EhciController::bulk(Device& device, const Endpoint& endpoint, void* data, size_t length,
                                    uint32_t timeout_ms) {
  if (endpoint.kind != TransferKind::Bulk || device.address == kDefaultAddress || device.address > kMaxAddress)
    return Error::InvalidArgument;
  if (length != 0 && data == nullptr) return Error::InvalidArgument;
  uint32_t data_phys = TRY(dma_address(data, length));
  LockGuard guard(lock_);
  if (!running_ || fatal_) return Error::Io;
  if (!book_.configured(device.address, endpoint)) return Error::InvalidArgument;
  Target target = target_of(device, endpoint.number, endpoint.max_packet, false);
  uint64_t deadline = now_ms() + timeout_ms;
  size_t moved = 0;
  do {
    BulkChain chain = TRY(build_bulk(qtds_, endpoint.max_packet, endpoint.direction,
                                     data_phys + static_cast<uint32_t>(moved), length - moved));
    TRY(init_qh(*qh_, target, qtds_.phys_of(0), book_.toggle(device.address, endpoint)));
    compiler_barrier();
    Outcome outcome = run(chain.qtds, 0, chain.qtds, deadline);
    book_.set_toggle(device.address, endpoint, next_toggle(*qh_));  // the controller kept it in the overlay
    moved += outcome.bytes;
    if (outcome.progress == Progress::Failed) return transfer_error(outcome.error, device.location.root_port);
    if (outcome.short_packet) break;
  } while (moved < length);
  return moved;
}

// --- Devices -------------------------------------------------------------------------------------------------

Result<void> EhciController::address_device(Device& device) {
  if (device.address != kDefaultAddress) return Error::InvalidArgument;
  if (device.speed != Speed::High && device.location.hub_address == 0) return Error::InvalidArgument;
  LockGuard guard(lock_);
  uint8_t address = book_.allocate();
  if (address == 0) return Error::NoSpace;
  Device probe = device;
  probe.address = kDefaultAddress;
  uint8_t root = device.location.root_port;
  auto control = [&](uint16_t max_packet, const SetupPacket& setup, void* data) {
    return control_locked(target_of(probe, 0, max_packet, true), root, setup, data, kControlTimeoutMs);
  };
  DefaultAddressing found;
  auto addressed = address_at_default(device.speed, address, device.speed == Speed::High ? 64 : 8, scratch_,
                                      control, found);
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

Result<void> EhciController::configure_endpoints(Device& device, const Endpoint* endpoints, size_t count) {
  LockGuard guard(lock_);
  return book_.configure(device.address, endpoints, count, kMaxPacketBytes);
}

Result<void> EhciController::reset_endpoint(Device& device, const Endpoint& endpoint) {
  LockGuard guard(lock_);
  return book_.reset_toggle(device.address, endpoint);
}

void EhciController::release_device(Device& device) {
  LockGuard guard(lock_);
  uint8_t port = device.location.root_port;
  if (running_ && device.location.hub_address == 0 && port >= 1 && port <= ports_) write_port(port, 0, kPortEnabled);
  book_.release(device.address);
  device.address = kDefaultAddress;
  device.slot = 0;
}

}  // namespace cw::usb::ehci

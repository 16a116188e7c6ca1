#include "drivers/usb/uhci/uhci_controller.h"

#include "drivers/pci/pci.h"
#include "drivers/pci/port_config_space.h"
#include "drivers/pit.h"
#include "drivers/usb/uhci/uhci_regs.h"
#include "kernel/arch/cpu.h"
#include "kernel/arch/trap.h"
#include "kernel/print.h"
#include "kernel/sched/scheduler.h"
#include "kernel/sync/lock_guard.h"
#include "lib/format.h"
#include "mm/kernel_layout.h"
#include "mm/physical_memory.h"

namespace cw::usb::uhci {

namespace {

// Time limits of the controller's own operations. DG 2.1.1: HCRESET completes within a few microseconds
// (64 bit times); the controller halts or runs by the end of the current frame (1 ms).
inline constexpr uint32_t kGlobalResetMs = 11;  // GRESET held >= 10 ms (DG 2.1.1, USB 2.0 7.1.7.3)
inline constexpr uint32_t kHcResetTimeoutMs = 50;
inline constexpr uint32_t kHaltTimeoutMs = 10;
inline constexpr uint32_t kFrameTimeoutMs = 5;
inline constexpr uint32_t kPortEnableTries = 10;  // 10 ms apart (as Linux and the OSDev UHCI page do)

// The DMA frame: anchor QH, transfer QH, SETUP packet, scratch, then TDs to the end of the page.
inline constexpr uint32_t kAnchorOffset = 0;
inline constexpr uint32_t kQhOffset = 16;
inline constexpr uint32_t kSetupOffset = 32;
inline constexpr uint32_t kScratchOffset = 40;
inline constexpr uint32_t kScratchBytes = 24;
inline constexpr uint32_t kTdOffset = 64;
inline constexpr size_t kTdCapacity = (kPageSize - kTdOffset) / sizeof(Td);
static_assert(kScratchOffset + kScratchBytes <= kTdOffset && kTdOffset % kDescriptorAlign == 0);

inline constexpr uint16_t kIrqStatusBits = kStsInterrupt | kStsError | kStsHostSystemError | kStsProcessError;

inline void compiler_barrier() { asm volatile("" ::: "memory"); }

uint64_t now() { return pit::ticks(); }

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

bool valid_max_packet0(Speed speed, uint8_t size) {
  if (speed == Speed::Low) return size == 8;  // USB 2.0 5.5.3
  return size == 8 || size == 16 || size == 32 || size == 64;
}

}  // namespace

// --- Registers -----------------------------------------------------------------------------------------------

uint16_t UhciController::read16(uint16_t reg) const { return cpu::inw(static_cast<uint16_t>(io_ + reg)); }
void UhciController::write16(uint16_t reg, uint16_t value) const {
  cpu::outw(static_cast<uint16_t>(io_ + reg), value);
}

void UhciController::write_port(uint8_t port, uint16_t set, uint16_t reset, uint16_t clear) const {
  constexpr uint16_t kWritable = kPortEnabled | kPortResumeDetect | kPortReset | kPortSuspend;
  uint16_t value = read16(port_register(port));
  value = static_cast<uint16_t>(((value & kWritable & ~reset) | set) | (clear & kPortWriteClear));
  write16(port_register(port), value);
}

Result<void> UhciController::wait_halted(bool halted, uint32_t timeout_ms) const {
  uint64_t deadline = now() + timeout_ms + 1;
  while (((read16(kRegUsbSts) & kStsHalted) != 0) != halted) {
    if (now() >= deadline) return Error::TimedOut;
    sched::yield();
  }
  return {};
}

void UhciController::wait_next_frame() const {
  if (read16(kRegUsbSts) & kStsHalted) return;
  uint16_t start = read16(kRegFrNum) & kFrNumMask;
  uint64_t deadline = now() + kFrameTimeoutMs + 1;
  while ((read16(kRegFrNum) & kFrNumMask) == start) {
    if (now() >= deadline) {
      kprint("{}: frame counter stuck at {}\n", name_, start);
      return;
    }
    sched::yield();
  }
}

uint8_t UhciController::count_ports() const {
  // DG 2.1.7: bit 7 of a PORTSC register reads as 1; past the last port it does not (or the read floats).
  uint8_t n = 0;
  while (n < kMaxPorts) {
    uint16_t v = read16(static_cast<uint16_t>(kRegPortSc1 + 2 * n));
    if ((v & kPortAlwaysOne) == 0 || v == 0xFFFF) break;
    ++n;
  }
  return n < kMinPorts ? kMinPorts : n;
}

// --- Bring-up ------------------------------------------------------------------------------------------------

Result<void> UhciController::reset_controller() {
  write16(kRegUsbIntr, 0);
  write16(kRegUsbCmd, 0);  // stop: the controller halts at the end of the frame
  if (!wait_halted(true, kHaltTimeoutMs)) kprint("{}: did not halt; resetting anyway\n", name_);
  // Global reset: resets the controller and signals reset on every port (DG 2.1.1).
  write16(kRegUsbCmd, kCmdGlobalReset);
  sched::sleep_ms(kGlobalResetMs);
  write16(kRegUsbCmd, 0);
  sched::sleep_ms(1);
  // Host controller reset: the controller's own state, cleared by the hardware when done (DG 2.1.1).
  write16(kRegUsbCmd, kCmdHcReset);
  uint64_t deadline = now() + kHcResetTimeoutMs;
  while (read16(kRegUsbCmd) & kCmdHcReset) {
    if (now() >= deadline) return Error::Io;
    sched::yield();
  }
  write16(kRegUsbIntr, 0);
  write16(kRegUsbSts, kStsAcknowledge);
  return {};
}

Result<void> UhciController::init(const pci::PciFunction& function, uint8_t index) {
  format_to(name_, sizeof name_, "uhci{}", index);
  if (function.bar_count < 5 || function.bars[4].kind != pci::BarKind::Io || function.bars[4].base == 0 ||
      function.bars[4].size < kIoSpaceBytes || function.bars[4].base > 0xFFFF - kIoSpaceBytes)
    return Error::NoDevice;
  int irq = function.legacy_irq();
  if (irq < 0) return Error::NoDevice;
  io_ = static_cast<uint16_t>(function.bars[4].base);
  irq_ = static_cast<uint8_t>(irq);

  frame_list_phys_ = TRY(allocate_kernel_frame());
  Result<PhysAddr> dma = allocate_kernel_frame();
  if (!dma) {
    free_kernel_frame(frame_list_phys_);
    return dma.error();
  }
  dma_phys_ = dma.value();

  // The BIOS may be emulating a PS/2 keyboard with this controller through SMI: stop that first
  // (kLegacyDisable, as Linux's uhci_reset_hc does), then reset.
  pci::PortConfigSpace config;
  config.write16(function.address, kPciLegacySupport, kLegacyDisable);
  if (Result<void> reset = reset_controller(); !reset) {
    free_kernel_frame(frame_list_phys_);
    free_kernel_frame(dma_phys_);
    return reset.error();
  }
  pci::enable_bus_master(function);
  ports_ = count_ports();

  // The schedule (DG 3.4): frame list -> anchor QH -> (transfer QH while a transfer runs).
  frame_list_ = reinterpret_cast<volatile uint32_t*>(phys_to_virt(frame_list_phys_).get());
  uint8_t* dma_base = reinterpret_cast<uint8_t*>(phys_to_virt(dma_phys_).get());
  anchor_ = reinterpret_cast<Qh*>(dma_base + kAnchorOffset);
  qh_ = reinterpret_cast<Qh*>(dma_base + kQhOffset);
  setup_ = dma_base + kSetupOffset;
  scratch_ = dma_base + kScratchOffset;
  tds_ = TdArray{reinterpret_cast<Td*>(dma_base + kTdOffset), dma_phys_.get() + kTdOffset, kTdCapacity};
  qh_->head = kLinkTerminate;
  qh_->element = kLinkTerminate;
  anchor_->head = kLinkTerminate;
  anchor_->element = kLinkTerminate;
  uint32_t anchor_link = (dma_phys_.get() + kAnchorOffset) | kLinkQh;
  for (uint32_t i = 0; i < kFrameListEntries; ++i) frame_list_[i] = anchor_link;
  compiler_barrier();

  cpu::outl(static_cast<uint16_t>(io_ + kRegFrBaseAdd), frame_list_phys_.get());
  write16(kRegFrNum, 0);
  cpu::outb(static_cast<uint16_t>(io_ + kRegSofMod), kSofModDefault);

  trap::add_shared_irq_handler(irq_, irq_entry, this);
  write16(kRegUsbSts, kStsAcknowledge);
  write16(kRegUsbIntr, kIntrTimeoutCrc | kIntrOnComplete | kIntrShortPacket);
  config.write16(function.address, kPciLegacySupport, kLegacyPirqEnable);  // INTx on, as Linux does

  write16(kRegUsbCmd, kCmdRun | kCmdConfigured | kCmdMaxPacket64);
  if (!wait_halted(false, kHaltTimeoutMs)) {
    write16(kRegUsbIntr, 0);
    write16(kRegUsbCmd, 0);
    return Error::Io;  // the frames stay allocated: the controller may still point at them
  }
  running_ = true;
  return {};
}

// --- Interrupts ----------------------------------------------------------------------------------------------

bool UhciController::irq_entry(void* self) { return static_cast<UhciController*>(self)->handle_irq(); }

bool UhciController::handle_irq() {
  uint16_t status = read16(kRegUsbSts);
  if (status == 0xFFFF || (status & kIrqStatusBits) == 0) return false;  // not ours (the line is shared)
  write16(kRegUsbSts, status & kIrqStatusBits);                         // acknowledge: write-1-to-clear
  if (status & (kStsHostSystemError | kStsProcessError)) fatal_ = true;
  ++interrupts_;
  (void)completion_.signal_from_irq();  // nobody waiting: a late interrupt of a cancelled transfer
  return true;
}

// --- Root ports ----------------------------------------------------------------------------------------------

PortStatus UhciController::port_status(uint8_t port) {
  PortStatus status;
  if (!running_ || port < 1 || port > ports_) return status;
  uint16_t v = read16(port_register(port));
  status.connected = (v & kPortConnected) != 0;
  status.enabled = (v & kPortEnabled) != 0;
  status.over_current = false;  // UHCI 1.1 root ports report no over-current (DG 2.1.7)
  status.speed = (v & kPortLowSpeed) ? Speed::Low : Speed::Full;
  return status;
}

Result<Speed> UhciController::reset_port(uint8_t port) {
  if (!running_ || port < 1 || port > ports_) return Error::InvalidArgument;
  LockGuard guard(lock_);
  if ((read16(port_register(port)) & kPortConnected) == 0) return Error::NoDevice;
  // USB 2.0 7.1.7.5: reset for at least 50 ms, then enable; 10 ms recovery before the first transfer.
  write_port(port, kPortReset, kPortEnabled);
  sched::sleep_ms(kPortResetMs + 5);
  write_port(port, 0, kPortReset);
  sched::sleep_ms(1);
  for (uint32_t i = 0; i < kPortEnableTries; ++i) {
    uint16_t v = read16(port_register(port));
    if ((v & kPortConnected) == 0) return Error::NoDevice;
    if (v & kPortWriteClear) {
      write_port(port, 0, 0, v & kPortWriteClear);  // acknowledge the changes the reset caused
      continue;
    }
    if (v & kPortEnabled) {
      sched::sleep_ms(kResetRecoveryMs);
      return (v & kPortLowSpeed) ? Speed::Low : Speed::Full;
    }
    write_port(port, kPortEnabled, 0);
    sched::sleep_ms(10);
  }
  return Error::Io;
}

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
    uint64_t t = now();
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
  Outcome outcome = run_chain(count, 1, count - 1, now() + timeout_ms);
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
  if (!configured(device.address, endpoint)) return Error::InvalidArgument;
  Target target{device.address, endpoint.number, device.speed == Speed::Low, endpoint.max_packet};
  uint64_t deadline = now() + timeout_ms;
  bool data1 = toggle(device.address, endpoint);
  size_t moved = 0;
  do {
    BulkChain chain = TRY(build_bulk(tds_, target, endpoint.direction, data1,
                                     data_phys + static_cast<uint32_t>(moved), length - moved));
    Outcome outcome = run_chain(chain.tds, 0, chain.tds, deadline);
    data1 = toggle_after(data1, outcome.completed);
    moved += outcome.bytes;
    if (outcome.progress == Progress::Failed) {
      set_toggle(device.address, endpoint, data1);
      return transfer_error(outcome.error, device.location.root_port);
    }
    if (outcome.short_packet) break;  // an IN transfer ends at a short packet
  } while (moved < length);
  set_toggle(device.address, endpoint, data1);
  return moved;
}

// --- Devices -------------------------------------------------------------------------------------------------

uint8_t UhciController::allocate_address() {
  for (uint8_t a = 1; a <= kMaxAddress; ++a) {
    if (addresses_[a / 32] & (1u << (a % 32))) continue;
    addresses_[a / 32] |= 1u << (a % 32);
    return a;
  }
  return 0;
}

void UhciController::free_address(uint8_t address) {
  if (address == kDefaultAddress || address > kMaxAddress) return;
  addresses_[address / 32] &= ~(1u << (address % 32));
  configured_[address][0] = configured_[address][1] = 0;
  toggles_[address][0] = toggles_[address][1] = 0;
}

bool UhciController::configured(uint8_t address, const Endpoint& e) const {
  if (e.number < 1 || e.number > 15) return false;
  return (configured_[address][static_cast<int>(e.direction)] & (1u << e.number)) != 0;
}

bool UhciController::toggle(uint8_t address, const Endpoint& e) const {
  return (toggles_[address][static_cast<int>(e.direction)] & (1u << e.number)) != 0;
}

void UhciController::set_toggle(uint8_t address, const Endpoint& e, bool data1) {
  uint16_t& bits = toggles_[address][static_cast<int>(e.direction)];
  bits = static_cast<uint16_t>(data1 ? (bits | (1u << e.number)) : (bits & ~(1u << e.number)));
}

Result<void> UhciController::address_device(Device& device) {
  if (device.address != kDefaultAddress) return Error::InvalidArgument;
  LockGuard guard(lock_);
  uint8_t address = allocate_address();
  if (address == 0) return Error::NoSpace;
  // The first 8 bytes of the device descriptor hold bMaxPacketSize0 (USB 2.0 9.6.1); 8 is a packet size
  // every device accepts on endpoint 0.
  SetupPacket get{kRequestIn | kTypeStandard | kRecipientDevice, kGetDescriptor,
                  static_cast<uint16_t>(kDescriptorDevice << 8), 0, 8};
  uint8_t root = device.location.root_port;
  Result<size_t> got = control_locked(kDefaultAddress, device.speed, 8, root, get, scratch_, kControlTimeoutMs);
  if (!got) {
    free_address(address);
    return got.error();
  }
  uint8_t max_packet0 = scratch_[7];
  if (got.value() < 8 || scratch_[1] != kDescriptorDevice || !valid_max_packet0(device.speed, max_packet0)) {
    kprint("{}: port {}: bad device descriptor ({} bytes, type {}, bMaxPacketSize0 {})\n", name_, root, got.value(),
           scratch_[1], max_packet0);
    free_address(address);
    return Error::Protocol;
  }
  SetupPacket set{kRequestOut | kTypeStandard | kRecipientDevice, kSetAddress, address, 0, 0};
  Result<size_t> sent = control_locked(kDefaultAddress, device.speed, max_packet0, root, set, nullptr,
                                       kControlTimeoutMs);
  if (!sent) {
    free_address(address);
    return sent.error();
  }
  sched::sleep_ms(kSetAddressRecoveryMs);
  device.address = address;
  device.max_packet0 = max_packet0;
  device.slot = address;
  return {};
}

Result<void> UhciController::configure_endpoints(Device& device, const Endpoint* endpoints, size_t count) {
  if (device.address == kDefaultAddress || device.address > kMaxAddress) return Error::InvalidArgument;
  if (count != 0 && endpoints == nullptr) return Error::InvalidArgument;
  for (size_t i = 0; i < count; ++i) {
    const Endpoint& e = endpoints[i];
    if (e.number < 1 || e.number > 15 || e.max_packet == 0 || e.max_packet > kMaxPacketBytes)
      return Error::InvalidArgument;
  }
  LockGuard guard(lock_);
  // A new configuration replaces the old one's endpoints; every endpoint starts at DATA0 (USB 2.0 9.1.1.5).
  uint8_t a = device.address;
  configured_[a][0] = configured_[a][1] = 0;
  toggles_[a][0] = toggles_[a][1] = 0;
  for (size_t i = 0; i < count; ++i)
    configured_[a][static_cast<int>(endpoints[i].direction)] |= static_cast<uint16_t>(1u << endpoints[i].number);
  return {};
}

Result<void> UhciController::reset_endpoint(Device& device, const Endpoint& endpoint) {
  if (device.address == kDefaultAddress || device.address > kMaxAddress) return Error::InvalidArgument;
  LockGuard guard(lock_);
  if (!configured(device.address, endpoint)) return Error::InvalidArgument;
  set_toggle(device.address, endpoint, false);
  return {};
}

void UhciController::release_device(Device& device) {
  LockGuard guard(lock_);
  // A device on a root port may still be there, answering at its address (or at the default address,
  // when addressing failed): disable the port (DG 2.1.7, PE) so that no two devices answer to one
  // address. Behind a hub that is the hub driver's job.
  uint8_t port = device.location.root_port;
  if (running_ && device.location.hub_address == 0 && port >= 1 && port <= ports_) write_port(port, 0, kPortEnabled);
  if (device.address != kDefaultAddress && device.address <= kMaxAddress) free_address(device.address);
  device.address = kDefaultAddress;
  device.slot = 0;
}

}  // namespace cw::usb::uhci

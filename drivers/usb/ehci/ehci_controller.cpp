// EhciController: bring-up (EHCI 4.1), the BIOS hand-off (5.1), registers, root ports (4.2) and the
// interrupt handler; transfers and device bookkeeping are in ehci_transfers.cpp.
#include "drivers/usb/ehci/ehci_controller.h"

#include "drivers/pci/pci.h"
#include "drivers/pci/port_config_space.h"
#include "drivers/usb/ehci/ehci_layout.h"
#include "kernel/arch/trap.h"
#include "kernel/print.h"
#include "kernel/sched/scheduler.h"
#include "kernel/sync/lock_guard.h"
#include "lib/format.h"
#include "mm/kernel_layout.h"
#include "mm/physical_memory.h"

namespace cw::usb::ehci {

using namespace layout;

namespace {

inline constexpr uint32_t kBiosHandoffMs = 1000;  // Linux waits up to 1 s for the BIOS as well
inline constexpr uint32_t kHaltMs = 20;           // 2.3.1: halted within 16 micro-frames of Run cleared
inline constexpr uint32_t kResetMs = 250;
inline constexpr uint32_t kPortResetDoneMs = 5;   // 2.3.9: PR reads 0 within 2 ms of being written 0
inline constexpr uint32_t kPortPowerMs = 20;      // 2.3.9: PP set before the port is used
inline constexpr uint32_t kMinRegisterBytes = 0x100;

inline constexpr uint32_t kIrqBits = kStsInterrupt | kStsError | kStsHostSystemError | kStsAsyncAdvance;

}  // namespace

// --- Registers -----------------------------------------------------------------------------------------------

uint32_t EhciController::op_read(uint32_t reg) const { return *reinterpret_cast<volatile uint32_t*>(op_ + reg); }
void EhciController::op_write(uint32_t reg, uint32_t value) const {
  *reinterpret_cast<volatile uint32_t*>(op_ + reg) = value;
}

void EhciController::write_port(uint8_t port, uint32_t set, uint32_t reset, uint32_t clear) const {
  uint32_t v = op_read(port_register(port));
  v = ((v & ~kPortWriteClear & ~reset) | set) | (clear & kPortWriteClear);
  op_write(port_register(port), v);
}

// --- Bring-up ------------------------------------------------------------------------------------------------

void EhciController::take_from_bios(const pci::PciFunction& function, uint8_t eecp) {
  // 5.1: the extended capabilities are in PCI configuration space from EECP; USB Legacy Support has ID 1.
  pci::PortConfigSpace config;
  for (int n = 0; eecp >= 0x40 && n < 16; ++n) {
    uint32_t cap = config.read32(function.address, eecp);
    if ((cap & 0xFF) == kExtCapLegacySupport) {
      if (cap & kLegSupBiosOwned) {
        config.write32(function.address, eecp, cap | kLegSupOsOwned);
        uint64_t deadline = now_ms() + kBiosHandoffMs;
        while (config.read32(function.address, eecp) & kLegSupBiosOwned) {
          if (now_ms() >= deadline) {
            kprint("{}: the BIOS kept the controller for {} ms; taking it\n", name_, kBiosHandoffMs);
            config.write32(function.address, eecp, (config.read32(function.address, eecp) & ~kLegSupBiosOwned));
            break;
          }
          sched::sleep_ms(10);
        }
      }
      config.write32(function.address, eecp, (config.read32(function.address, eecp) | kLegSupOsOwned));
      config.write32(function.address, static_cast<uint8_t>(eecp + kLegCtlStsOffset), 0);  // no SMIs
      return;
    }
    eecp = static_cast<uint8_t>((cap >> 8) & 0xFC);
  }
}

Result<void> EhciController::halt_and_reset() {
  op_write(kRegUsbIntr, 0);
  op_write(kRegUsbCmd, op_read(kRegUsbCmd) & ~kCmdRun);
  uint64_t deadline = now_ms() + kHaltMs;
  while ((op_read(kRegUsbSts) & kStsHalted) == 0) {
    if (now_ms() >= deadline) return Error::Io;  // 2.3.1: HCRESET on a running controller is undefined
    sched::yield();
  }
  op_write(kRegUsbCmd, kCmdHcReset);
  deadline = now_ms() + kResetMs;
  while (op_read(kRegUsbCmd) & kCmdHcReset) {
    if (now_ms() >= deadline) return Error::Io;
    sched::yield();
  }
  return {};
}

Result<void> EhciController::init(const pci::PciFunction& function, uint8_t index) {
  format_to(name_, sizeof name_, "ehci{}", index);
  const pci::Bar& bar = function.bars[0];
  if (function.bar_count < 1 || bar.kind == pci::BarKind::Io || bar.kind == pci::BarKind::None ||
      bar.size < kMinRegisterBytes)
    return Error::NoDevice;
  int irq = function.legacy_irq();
  if (irq < 0) return Error::NoDevice;
  irq_ = static_cast<uint8_t>(irq);
  VirtAddr regs = TRY(pci::map_bar(function, 0));
  cap_ = regs.get();
  uint32_t first = *reinterpret_cast<volatile uint32_t*>(cap_ + kCapLength);
  uint8_t cap_length = static_cast<uint8_t>(first);
  version_ = static_cast<uint16_t>(first >> 16);
  uint32_t hcs = *reinterpret_cast<volatile uint32_t*>(cap_ + kHcsParams);
  uint32_t hcc = *reinterpret_cast<volatile uint32_t*>(cap_ + kHccParams);
  ports_ = hcs_ports(hcs);
  companions_ = hcs_companions(hcs);
  if (cap_length < 0x10 || version_ < 0x0095 || version_ >= 0x0200 || ports_ == 0 ||
      cap_length + kRegPortSc1 + 4u * ports_ > bar.size)
    return Error::Io;  // not an EHCI register file
  op_ = cap_ + cap_length;

  take_from_bios(function, hcc_eecp(hcc));
  TRY(halt_and_reset());
  pci::enable_bus_master(function);

  dma_phys_ = TRY(allocate_kernel_frame());
  uint8_t* base = reinterpret_cast<uint8_t*>(phys_to_virt(dma_phys_).get());
  for (uint32_t i = 0; i < kPageSize; ++i) base[i] = 0;
  anchor_ = reinterpret_cast<Qh*>(base + kAnchorOffset);
  qh_ = reinterpret_cast<Qh*>(base + kQhOffset);
  setup_ = base + kSetupOffset;
  scratch_ = base + kScratchOffset;
  qtds_ = QtdArray{reinterpret_cast<Qtd*>(base + kQtdOffset), dma_phys_.get() + kQtdOffset, kQtdCapacity};
  init_anchor(*anchor_, dma_phys_.get() + kAnchorOffset);
  compiler_barrier();

  // 4.1: segment 0 for a 64-bit controller's descriptors, interrupts, the asynchronous list, run, then
  // route every port here.
  if (hcc & kHcc64Bit) op_write(kRegCtrlDsSegment, 0);
  op_write(kRegAsyncListAddr, dma_phys_.get() + kAnchorOffset);
  trap::add_shared_irq_handler(irq_, irq_entry, this);
  op_write(kRegUsbSts, kStsWriteClear);
  op_write(kRegUsbIntr, kIrqBits);
  op_write(kRegUsbCmd, kCmdItc1 | kCmdAsyncEnable | kCmdRun);
  uint64_t deadline = now_ms() + kHaltMs;
  while ((op_read(kRegUsbSts) & kStsHalted) || (op_read(kRegUsbSts) & kStsAsyncActive) == 0) {
    if (now_ms() >= deadline) {
      op_write(kRegUsbIntr, 0);
      op_write(kRegUsbCmd, 0);
      return Error::Io;  // the frame stays allocated: the controller may still point at it
    }
    sched::yield();
  }
  op_write(kRegConfigFlag, kConfigFlagEhci);
  if (hcs & kHcsPortPowerControl)
    for (uint8_t port = 1; port <= ports_; ++port) write_port(port, kPortPower, 0);
  sched::sleep_ms(kPortPowerMs);
  running_ = true;
  return {};
}

// --- Interrupts ----------------------------------------------------------------------------------------------

bool EhciController::irq_entry(void* self) { return static_cast<EhciController*>(self)->handle_irq(); }

bool EhciController::handle_irq() {
  uint32_t status = op_read(kRegUsbSts);
  if (status == 0xFFFFFFFF || (status & kIrqBits) == 0) return false;  // not ours (the line is shared)
  op_write(kRegUsbSts, status & kIrqBits);
  if (status & kStsHostSystemError) fatal_ = true;  // 4.15.2.4: the controller halted
  if (status & kStsAsyncAdvance) advanced_ = true;
  (void)completion_.signal_from_irq();
  return true;
}

// --- Root ports ----------------------------------------------------------------------------------------------

PortStatus EhciController::port_status(uint8_t port) {
  PortStatus status;
  if (!running_ || port < 1 || port > ports_) return status;
  uint32_t v = op_read(port_register(port));
  if (v & kPortOwner) return status;  // the companion's now
  status.connected = (v & kPortConnected) != 0;
  status.enabled = (v & kPortEnabled) != 0;
  status.over_current = (v & kPortOverCurrent) != 0;
  status.speed = Speed::High;  // what stays on an EHCI root port is high speed (4.2.2)
  return status;
}

void EhciController::give_to_companion(uint8_t port) {
  write_port(port, kPortOwner, kPortEnabled, kPortWriteClear);
}

Result<Speed> EhciController::reset_port_locked(uint8_t port) {
  uint32_t v = op_read(port_register(port));
  if ((v & kPortConnected) == 0 || (v & kPortOwner)) return Error::NoDevice;
  // 4.2.2: K-state on the lines before reset is a low-speed device; it is not ours.
  if ((v & kPortLineStatusMask) == kPortLineK) {
    give_to_companion(port);
    return Error::NotFound;
  }
  // 2.3.9: PR with PE 0; USB 2.0 7.1.7.5: at least 50 ms; then PR 0, which completes within 2 ms.
  write_port(port, kPortReset, kPortEnabled);
  sched::sleep_ms(kPortResetMs + 5);
  write_port(port, 0, kPortReset);
  uint64_t deadline = now_ms() + kPortResetDoneMs;
  while (op_read(port_register(port)) & kPortReset) {
    if (now_ms() >= deadline) return Error::Io;
    sched::yield();
  }
  v = op_read(port_register(port));
  if ((v & kPortConnected) == 0) return Error::NoDevice;
  if ((v & kPortEnabled) == 0) {  // 4.2.2: the chirp failed: a full-speed device
    give_to_companion(port);
    return Error::NotFound;
  }
  write_port(port, 0, 0, v & kPortWriteClear);
  return Speed::High;
}

Result<Speed> EhciController::reset_port(uint8_t port) {
  if (!running_ || port < 1 || port > ports_) return Error::InvalidArgument;
  LockGuard guard(lock_);
  Speed speed = TRY(reset_port_locked(port));
  sched::sleep_ms(kResetRecoveryMs);
  return speed;
}

size_t EhciController::hand_off_slow_devices() {
  if (!running_) return 0;
  LockGuard guard(lock_);
  size_t handed = 0;
  for (uint8_t port = 1; port <= ports_; ++port) {
    Result<Speed> speed = reset_port_locked(port);
    if (!speed && speed.error() == Error::NotFound) {
      kprint("{}: port {}: low- or full-speed device handed to the companion controller\n", name_, port);
      ++handed;
    }
  }
  return handed;
}

}  // namespace cw::usb::ehci

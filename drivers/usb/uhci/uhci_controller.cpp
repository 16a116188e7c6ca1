// UhciController: bring-up, registers, root ports and the interrupt handler; transfers and device
// bookkeeping are in uhci_transfers.cpp.
#include "drivers/usb/uhci/uhci_controller.h"

#include "drivers/pci/pci.h"
#include "drivers/pci/port_config_space.h"
#include "drivers/pit.h"
#include "drivers/usb/uhci/uhci_layout.h"
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

using namespace layout;

namespace {

// Time limits of the controller's own operations. DG 2.1.1: HCRESET completes within a few microseconds
// (64 bit times); the controller halts or runs by the end of the current frame (1 ms).
inline constexpr uint32_t kGlobalResetMs = 11;  // GRESET held >= 10 ms (DG 2.1.1, USB 2.0 7.1.7.3)
inline constexpr uint32_t kHcResetTimeoutMs = 50;
inline constexpr uint32_t kHaltTimeoutMs = 10;
inline constexpr uint32_t kFrameTimeoutMs = 5;
inline constexpr uint32_t kPortEnableTries = 10;  // 10 ms apart (as Linux and the OSDev UHCI page do)

inline constexpr uint16_t kIrqStatusBits = kStsInterrupt | kStsError | kStsHostSystemError | kStsProcessError;

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
  uint64_t deadline = now_ms() + timeout_ms + 1;
  while (((read16(kRegUsbSts) & kStsHalted) != 0) != halted) {
    if (now_ms() >= deadline) return Error::TimedOut;
    sched::yield();
  }
  return {};
}

void UhciController::wait_next_frame() const {
  if (read16(kRegUsbSts) & kStsHalted) return;
  uint16_t start = read16(kRegFrNum) & kFrNumMask;
  uint64_t deadline = now_ms() + kFrameTimeoutMs + 1;
  while ((read16(kRegFrNum) & kFrNumMask) == start) {
    if (now_ms() >= deadline) {
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
  uint64_t deadline = now_ms() + kHcResetTimeoutMs;
  while (read16(kRegUsbCmd) & kCmdHcReset) {
    if (now_ms() >= deadline) return Error::Io;
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

}  // namespace cw::usb::uhci

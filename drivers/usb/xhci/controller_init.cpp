// Bringing a controller up (xHCI 1.2 section 4.2, "Host Controller Initialization").
#include "drivers/pci/pci.h"
#include "drivers/usb/xhci/controller.h"
#include "drivers/usb/xhci/poll.h"
#include "drivers/usb/xhci/registers.h"
#include "kernel/arch/trap.h"
#include "kernel/print.h"
#include "mm/device_window.h"

namespace cw::xhci {

namespace {

constexpr uint32_t kBiosHandoffMs = 1000;  // Linux waits up to 1 s as well; firmware should be quicker
constexpr uint32_t kResetMs = 1000;
constexpr uint32_t kHaltMs = 100;          // 5.4.1: the controller halts within 16 ms of R/S cleared
constexpr uint32_t kMaxExtCaps = 64;       // a bound on the capability list, against a looping chain

constexpr uint32_t kRegisterWindow = 64u << 10;  // every register this driver uses, on known controllers

bool plausible_version(uint16_t v) { return v >= 0x0090 && v < 0x0200; }

}  // namespace

// BAR0 whole (pci::map_bar), or, when the device window has no room for a large BAR, its first 64 KiB:
// the capability, operational, runtime and doorbell registers and the extended capabilities lie there
// on the controllers this driver knows; init() checks every offset against what was mapped.
Result<VirtAddr> Controller::map_registers(const pci::PciFunction& function) {
  const pci::Bar& bar = function.bars[0];
  auto whole = pci::map_bar(function, 0);
  if (whole) {
    mapped_ = static_cast<uint32_t>(bar.size);
    return whole.value();
  }
  if (whole.error() != Error::NoSpace || bar.size <= kRegisterWindow) return whole.error();
  mapped_ = kRegisterWindow;
  return map_device_memory(PhysAddr(static_cast<uint32_t>(bar.base)), kRegisterWindow);
}

Result<void> Controller::init(const pci::PciFunction& function, unsigned index, DmaAllocator& dma) {
  function_ = &function;
  dma_ = &dma;
  name_[0] = 'x'; name_[1] = 'h'; name_[2] = 'c'; name_[3] = 'i';
  name_[4] = static_cast<char>('0' + index % 10);
  name_[5] = '\0';
  irq_ = function.legacy_irq();
  if (irq_ < 0) return Error::NoDevice;  // this driver needs the INTx line firmware routed

  VirtAddr bar = TRY(map_registers(function));
  base_ = bar.get();
  pci::enable_bus_master(function);

  uint32_t first = cap_read(reg::kCapLength);
  uint8_t cap_length = static_cast<uint8_t>(first);
  version_ = static_cast<uint16_t>(first >> 16);
  if (cap_length < 0x20 || !plausible_version(version_)) return Error::Io;  // not an xHCI register file
  uint32_t size = mapped_;
  uint32_t db_off = cap_read(reg::kDbOff) & ~0x3u;
  uint32_t rts_off = cap_read(reg::kRtsOff) & ~0x1Fu;
  // The doorbell array (256 dwords, 5.6) and interrupter 0 (5.5.2) must lie in the mapped registers.
  if (db_off + 4u * 256 > size || rts_off + reg::kInterrupter0 + 32 > size) return Error::Io;
  op_ = base_ + cap_length;
  rt_ = base_ + rts_off;
  db_ = base_ + db_off;

  uint32_t hcs1 = cap_read(reg::kHcsParams1);
  ports_ = reg::max_ports(hcs1);
  slots_ = reg::max_slots(hcs1) < kMaxSlots ? reg::max_slots(hcs1) : kMaxSlots;
  if (ports_ == 0 || slots_ == 0 || reg::kPortBase + reg::kPortStride * ports_ + cap_length > size) return Error::Io;
  layout_ = ContextLayout((cap_read(reg::kHccParams1) & reg::kHccCsz) != 0);

  TRY(walk_capabilities());
  TRY(halt_and_reset());
  TRY(setup_memory());
  TRY(start());
  return {};
}

// The extended capability list (7): BIOS hand-off for USB Legacy Support, the port ranges of every
// Supported Protocol. Each header is checked to stay inside BAR0.
Result<void> Controller::walk_capabilities() {
  uint32_t size = mapped_;
  uint32_t offset = reg::xecp_offset(cap_read(reg::kHccParams1));
  for (uint32_t n = 0; offset != 0 && n < kMaxExtCaps; ++n) {
    if (offset + 8 > size) return Error::Io;
    uint32_t header = cap_read(offset);
    if (reg::ext_cap_id(header) == reg::kCapLegacySupport) TRY(take_from_bios(offset));
    if (reg::ext_cap_id(header) == reg::kCapSupportedProtocol && protocol_count_ < kMaxProtocols &&
        offset + 16 <= size) {
      uint32_t dwords[4 + kMaxPsi];
      uint32_t psic = cap_read(offset + 8) >> 28;
      size_t count = 4 + psic;
      if (offset + 4 * count > size) return Error::Io;
      for (size_t i = 0; i < count; ++i) dwords[i] = cap_read(offset + 4 * static_cast<uint32_t>(i));
      auto protocol = parse_supported_protocol(dwords, count);
      if (protocol) {
        const SupportedProtocol& p = protocol.value();
        if (p.first_port + p.port_count - 1u > ports_) return Error::Io;
        protocols_[protocol_count_++] = p;
      }
    }
    uint32_t next = reg::ext_cap_next(header);
    offset = next == 0 ? 0 : offset + next;
  }
  return {};
}

// 4.22.1 and 7.1.1: set HC OS Owned, wait until firmware clears HC BIOS Owned, then turn off every SMI
// source (firmware may leave them on) and acknowledge pending SMI status.
Result<void> Controller::take_from_bios(uint32_t offset) {
  volatile uint32_t* legsup = reinterpret_cast<volatile uint32_t*>(base_ + offset);
  volatile uint32_t* ctlsts = reinterpret_cast<volatile uint32_t*>(base_ + offset + reg::kLegCtlSts);
  if (*legsup & reg::kLegSupBiosOwned) {
    *legsup = *legsup | reg::kLegSupOsOwned;
    auto released = poll_until([&] { return (*legsup & reg::kLegSupBiosOwned) == 0; }, kBiosHandoffMs);
    if (!released) {
      kprint("{}: firmware kept the controller (BIOS owned) for {} ms; taking it\n", name_, kBiosHandoffMs);
      *legsup = (*legsup & ~reg::kLegSupBiosOwned) | reg::kLegSupOsOwned;
    }
  } else {
    *legsup = *legsup | reg::kLegSupOsOwned;
  }
  *ctlsts = (*ctlsts & ~reg::kLegCtlSmiEnables) | reg::kLegCtlSmiStatus;
  return {};
}

// 4.2 and 5.4.1: wait for Controller Not Ready to clear, stop the schedule (R/S 0, HCHalted 1), then
// HCRST, which clears itself when the reset is done, after which CNR clears again.
Result<void> Controller::halt_and_reset() {
  TRY(poll_until([&] { return (op_read(reg::kUsbSts) & reg::kStsNotReady) == 0; }, kResetMs));
  op_write(reg::kUsbCmd, op_read(reg::kUsbCmd) & ~(reg::kCmdRun | reg::kCmdInte));
  TRY(poll_until([&] { return (op_read(reg::kUsbSts) & reg::kStsHalted) != 0; }, kHaltMs));
  op_write(reg::kUsbCmd, reg::kCmdReset);
  sched::sleep_ms(1);  // some controllers must not be read right after HCRST is set
  TRY(poll_until([&] { return (op_read(reg::kUsbCmd) & reg::kCmdReset) == 0; }, kResetMs));
  TRY(poll_until([&] { return (op_read(reg::kUsbSts) & reg::kStsNotReady) == 0; }, kResetMs));
  // PAGESIZE bit 0: 4 KiB pages, which every DMA structure here is built from (5.4.3).
  if ((op_read(reg::kPageSize) & 1) == 0) return Error::NotImplemented;
  return {};
}

// DCBAA with its scratchpad entry (6.1, 4.20), the command ring (4.9.3) and event ring with its
// one-entry segment table (4.9.4, 6.5), interrupter 0 (5.5.2).
Result<void> Controller::setup_memory() {
  op_write(reg::kConfig, (op_read(reg::kConfig) & ~0xFFu) | slots_);

  dcbaa_ = TRY(dma_->allocate_page());  // 256 entries of 8 bytes: room for every slot id
  uint64_t* dcbaa = static_cast<uint64_t*>(dcbaa_.cpu);
  scratchpads_ = reg::max_scratchpads(cap_read(reg::kHcsParams2));
  if (scratchpads_ > 0) {
    // The Scratchpad Buffer Array (6.6) holds one page-sized buffer pointer per scratchpad; one page of
    // array holds 512 of them, more than the 10-bit count's typical values.
    if (scratchpads_ > kDmaPageBytes / 8) return Error::NotImplemented;
    scratchpad_array_ = TRY(dma_->allocate_page());
    uint64_t* array = static_cast<uint64_t*>(scratchpad_array_.cpu);
    for (uint32_t i = 0; i < scratchpads_; ++i) array[i] = TRY(dma_->allocate_page()).bus;
    dcbaa[0] = scratchpad_array_.bus;
  }
  op_write64(reg::kDcbaap, dcbaa_.bus);

  command_page_ = TRY(dma_->allocate_page());
  command_ring_.init(static_cast<Trb*>(command_page_.cpu), command_page_.bus, kRingTrbs);
  op_write64(reg::kCrcr, command_page_.bus | reg::kCrcrRcs);

  event_page_ = TRY(dma_->allocate_page());
  erst_page_ = TRY(dma_->allocate_page());
  event_ring_.init(static_cast<const Trb*>(event_page_.cpu), event_page_.bus, kRingTrbs);
  ErstEntry* erst = static_cast<ErstEntry*>(erst_page_.cpu);
  erst[0] = ErstEntry{event_page_.bus, static_cast<uint32_t>(kRingTrbs), 0};
  uint32_t ir = reg::kInterrupter0;
  rt_write(ir + reg::kErstsz, 1);
  rt_write64(ir + reg::kErdp, event_page_.bus);
  rt_write64(ir + reg::kErstba, erst_page_.bus);  // written last: it enables the event ring (5.5.2.3.2)
  rt_write(ir + reg::kImod, 160);                 // 40 us moderation (250 ns units)
  return {};
}

// Interrupts on (IMAN.IE and USBCMD.INTE), then Run; a No Op command proves the command ring, the event
// ring and the interrupt path before any device depends on them.
Result<void> Controller::start() {
  trap::add_shared_irq_handler(static_cast<unsigned>(irq_), &Controller::interrupt_entry, this);
  uint32_t ir = reg::kInterrupter0;
  rt_write(ir + reg::kIman, reg::kImanEnable | reg::kImanPending);
  op_write(reg::kUsbSts, reg::kStsEventInterrupt | reg::kStsPortChange | reg::kStsHostSystemError);
  op_write(reg::kUsbCmd, reg::kCmdRun | reg::kCmdInte | reg::kCmdHsee);
  TRY(poll_until([&] { return (op_read(reg::kUsbSts) & reg::kStsHalted) == 0; }, kHaltMs));
  TRY(command_ok(no_op_command_trb(), 1000));
  return {};
}

}  // namespace cw::xhci

#include "drivers/ata/bus_master.h"

#include "drivers/ata/ata_regs.h"
#include "drivers/pci/pci.h"
#include "kernel/arch/cpu.h"
#include "kernel/print.h"
#include "mm/kernel_layout.h"
#include "mm/physical_memory.h"

namespace cw::ata {

namespace {

void set_absent(ControllerState (&state)[2], StringView reason) {
  for (ControllerState& s : state) s = ControllerState{false, reason};
}

// The PRD table and bounce frames of one channel.
Result<void> allocate_frames(BusMaster& bm) {
  PhysAddr table = TRY(allocate_kernel_frame());
  Result<PhysAddr> bounce = allocate_kernel_frame();
  if (!bounce) {
    free_kernel_frame(table);
    return bounce.error();
  }
  bm.prd_table = table;
  bm.prd = reinterpret_cast<PrdEntry*>(frame_bytes(table));
  bm.bounce = bounce.value();
  bm.bounce_bytes = frame_bytes(bounce.value());
  return {};
}

}  // namespace

void find_bus_master(const bool (&wanted)[2], ControllerState (&state)[2], BusMaster (&bus_master)[2]) {
  const pci::PciFunction* ide = nullptr;
  for (size_t i = 0; const pci::PciFunction* f = pci::functions().find(pci::kIdeController, i); ++i) {
    if ((f->class_code.prog_if & kProgIfBusMaster) != 0) {
      ide = f;
      break;
    }
  }
  if (ide == nullptr) {
    set_absent(state, "no bus-master IDE controller");
    kprint("ata: no bus-master IDE controller on the PCI bus: PIO only\n");
    return;
  }
  const pci::Bar& bar = ide->bars[kBusMasterBar];
  if (bar.kind != pci::BarKind::Io || bar.base == 0 || bar.size < 2 * kBmChannelStride) {
    set_absent(state, "bus-master BAR4 unassigned");
    kprint("ata: IDE controller {:04x}:{:04x}: BAR4 is not an assigned I/O range: PIO only\n", ide->vendor,
           ide->device);
    return;
  }
  pci::enable_bus_master(*ide);
  uint16_t base = static_cast<uint16_t>(bar.base);
  bool simplex = (cpu::inb(static_cast<uint16_t>(base + kBmStatus)) & kBmStatusSimplex) != 0;
  const uint8_t native[2] = {kProgIfPrimaryNative, kProgIfSecondaryNative};
  for (unsigned c = 0; c < 2; ++c) {
    state[c] = ControllerState{false, ""};
    if (!wanted[c]) {
      state[c].absent_reason = "no disk on the channel";
    } else if ((ide->class_code.prog_if & native[c]) != 0) {
      state[c].absent_reason = "channel in native-PCI mode";
    } else if (simplex && c == 1) {
      // A simplex controller moves data for one channel at a time; the channels have separate locks, so
      // only the primary one uses DMA.
      state[c].absent_reason = "second channel of a simplex controller";
    } else if (!allocate_frames(bus_master[c])) {
      state[c].absent_reason = "no memory for the PRD table";
    } else {
      bus_master[c].base = static_cast<uint16_t>(base + c * kBmChannelStride);
      state[c].present = true;
    }
  }
  kprint("ata: bus-master IDE controller {:04x}:{:04x} at {:02x}:{:02x}.{}, registers at {:#x}{}\n",
         ide->vendor, ide->device, ide->address.bus, ide->address.device, ide->address.function, base,
         simplex ? ", simplex" : "");
}

}  // namespace cw::ata

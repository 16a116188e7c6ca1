// Channel::dma(): the DMA command protocol on a bus-master IDE channel (see ata_channel.h).
#include "drivers/ata/ata_channel.h"
#include "drivers/ata/ata_regs.h"
#include "drivers/block/block_device.h"
#include "kernel/arch/cpu.h"
#include "kernel/panic.h"
#include "kernel/print.h"

namespace cw::ata {

namespace {

// One command moves at most 128 KiB; a device busy with a spin-up or a retry takes seconds, not ten.
inline constexpr uint32_t kDmaTimeoutMs = 10000;

}  // namespace

uint8_t Channel::bm_status() const { return cpu::inb(static_cast<uint16_t>(bus_master_.base + kBmStatus)); }

void Channel::bm_stop() {
  uint16_t base = bus_master_.base;
  uint8_t command = cpu::inb(static_cast<uint16_t>(base + kBmCommand));
  cpu::outb(static_cast<uint16_t>(base + kBmCommand), static_cast<uint8_t>(command & ~kBmCommandStart));
  // Error and interrupt are cleared by writing 1; the drive-capable bits are kept as firmware set them.
  uint8_t status = bm_status();
  cpu::outb(static_cast<uint16_t>(base + kBmStatus),
            static_cast<uint8_t>((status & kBmStatusDriveCapable) | kBmStatusError | kBmStatusInterrupt));
}

Result<void> Channel::dma(const Command& cmd, PhysAddr buffer, bool to_memory) {
  CW_ASSERT(bus_master_.present());
  TRY(build_prd_table(buffer.get(), cmd.count * block::kSectorSize, bus_master_.prd, kPrdCapacity));
  if (!select(cmd.device)) return timed_out(cmd, "device selection");
  uint16_t base = bus_master_.base;
  // SFF-8038i section 3: the PRD table and the direction first, status cleared, then the command to the
  // device, then the start bit.
  bm_stop();
  cpu::outl(static_cast<uint16_t>(base + kBmPrdTable), bus_master_.prd_table.get());
  uint8_t direction = to_memory ? kBmCommandToMemory : 0;
  cpu::outb(static_cast<uint16_t>(base + kBmCommand), direction);
  completion_.arm();
  write_task_file(cmd);
  cpu::outb(static_cast<uint16_t>(base + kBmCommand), static_cast<uint8_t>(direction | kBmCommandStart));

  if (!completion_.wait(kDmaTimeoutMs)) {
    uint8_t bm = bm_status();
    bm_stop();
    ++stats_.dma_errors;
    kprint("{}: {} lba {} count {}: no interrupt, bus-master status {:#04x}\n", cmd.who, cmd.name, cmd.lba,
           cmd.count, bm);
    return timed_out(cmd, "DMA interrupt");
  }
  Result<uint8_t> status = wait_not_busy(kDmaTimeoutMs);
  uint8_t bm = bm_status();
  bm_stop();
  if (!status) {
    ++stats_.dma_errors;
    return timed_out(cmd, "BSY after DMA");
  }
  // The device's status says whether the command failed (check() reports it as PIO errors are); the
  // bus master's says whether the memory side did: its error bit, or still active after the device
  // finished without an error (the PRD table was longer than the transfer).
  if ((status.value() & (kStatusErr | kStatusDf)) == 0 && ((bm & kBmStatusError) != 0 || (bm & kBmStatusActive) != 0)) {
    ++stats_.dma_errors;
    kprint("{}: {} lba {} count {} failed: bus-master status {:#04x}{}{}\n", cmd.who, cmd.name, cmd.lba,
           cmd.count, bm, (bm & kBmStatusError) ? " ERROR" : "", (bm & kBmStatusActive) ? " ACTIVE" : "");
    reset();
    return fail(Error::Io);
  }
  return check(cmd, status.value(), false, cmd.count);
}

}  // namespace cw::ata

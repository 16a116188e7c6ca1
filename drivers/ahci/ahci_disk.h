// AhciDisk: an ATA disk on one port of an AHCI HBA, as a BlockDevice ("ahci0", "ahci1", ...; partitions
// "ahci0p1", ...).
//
// Each port has one 4 KiB kernel frame for its command list (slot 0 only: one command at a time), its
// received-FIS area and its command table, and one bounce frame for buffers DMA cannot reach (odd
// address, or outside the kernel's direct map). Data commands are READ/WRITE DMA EXT (the HBA moves
// the data; ATA8-ACS 7.22, 7.60) of at most 256 sectors; a write request ends with FLUSH CACHE EXT.
// A command is complete when PxCI bit 0 clears, or failed when PxIS.TFES reports a task-file error
// (Error::Io, with the status and error bytes reported); no answer within 10 s is Error::TimedOut and
// the port is restarted. Once enable_interrupts() was called the thread sleeps until the HBA's INTx
// interrupt (handle_irq) says the port has news; before that (IDENTIFY at init, or an HBA without a
// routed interrupt line) it polls, yielding the CPU. FIXME: no MSI and no NCQ: one command per port.
// A request holds the port's Mutex from its first command to its last.
#pragma once

#include <cstdint>

#include "drivers/ahci/ahci_command.h"
#include "drivers/ata/ata_identify.h"
#include "drivers/block/block_device.h"
#include "kernel/sync/irq_completion.h"
#include "kernel/sync/mutex.h"
#include "lib/types.h"

namespace cw::ahci {

class AhciDisk final : public block::BlockDevice {
public:
  constexpr AhciDisk() = default;

  // Takes port `port` of the HBA whose registers are at `abar`: stops it, gives it its memory, starts
  // it and identifies the device. Errors: NoDevice (no ATA device on the port), NoMemory, TimedOut (the
  // port does not stop or the device does not answer), Io, and those of parse_identify.
  Result<void> init(VirtAddr abar, uint32_t port, StringView name);

  uint64_t sector_count() const override { return identity_.sectors; }
  const ata::Identity& identity() const { return identity_; }
  uint64_t commands() const { return commands_; }
  uint32_t port() const { return port_; }

  // From here on commands complete by interrupt (PxIE set). Call after the HBA handler is installed.
  void enable_interrupts();
  // Interrupt context, from the HBA's handler for a port whose bit is set in the HBA's IS: acknowledges
  // PxIS, keeps its bits for the waiting command, and wakes it.
  void handle_irq();

protected:
  Result<void> do_read(uint64_t lba, uint32_t count, void* buffer) override;
  Result<void> do_write(uint64_t lba, uint32_t count, const void* buffer, block::Durability durability) override;

private:
  uint32_t reg(uint32_t offset) const;
  void set_reg(uint32_t offset, uint32_t value) const;
  Result<void> stop();
  void start();
  // Runs one command in slot 0 on the physically contiguous buffer [data, data + bytes) (bytes 0: no
  // data) and waits for it.
  Result<void> run(uint8_t command, uint64_t lba, uint16_t count, PhysAddr data, uint32_t bytes, bool write);
  // One data command of n sectors, straight from/to the buffer or through the bounce frame.
  Result<void> transfer(uint64_t lba, uint32_t n, uint8_t* into, const uint8_t* from);
  // PxCI bit 0 clear or a task-file error: the command issued in slot 0 has ended.
  bool ended() const;
  Result<void> wait_end(uint64_t deadline);

  volatile uint8_t* port_regs_ = nullptr;
  PhysAddr memory_;        // command list at +0, received FIS at +0x400, command table at +0x500
  uint8_t* memory_bytes_ = nullptr;
  PhysAddr bounce_;
  uint8_t* bounce_bytes_ = nullptr;
  ata::Identity identity_;
  uint64_t commands_ = 0;
  uint32_t port_ = 0;
  bool interrupts_ = false;
  volatile uint32_t irq_status_ = 0;  // PxIS bits the handler acknowledged since the command was issued
  IrqCompletion completion_;
  Mutex lock_;
};

}  // namespace cw::ahci

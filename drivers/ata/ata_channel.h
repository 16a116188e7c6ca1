// One ATA channel (one cable, up to two devices) at the legacy ISA ports, and the host side of the ATA
// command protocols on it (ATA/ATAPI-6 clause 9: "PIO data-in", "PIO data-out", "Non-data" command
// protocols, "Device selection" protocol, software reset).
//
// Data commands are interrupt-driven: the Device Control register has nIEN = 0 and the thread sleeps in
// IrqCompletion::wait() until the channel's IRQ (14 or 15) marks each DRQ block. Probing (IDENTIFY
// DEVICE at boot) runs with nIEN = 1 and polls, before the IRQ handler exists.
//
// Concurrency: one command at a time per channel, from thread context. The two devices of a channel share
// the task-file registers, the IRQ line and `completion_`, so every AtaDrive request holds the channel's
// lock() (a sleeping Mutex) from its first command to its last (the flush included); a thread preempted
// mid-command keeps the channel, and other threads wanting it sleep. The two channels work in parallel.
// The probe at boot runs before any drive is registered, so it does not take the lock.
#pragma once

#include <cstdint>

#include "drivers/ata/ata_identify.h"
#include "drivers/ata/bus_master.h"
#include "drivers/ata/ata_wait.h"
#include "kernel/sync/mutex.h"
#include "lib/result.h"
#include "lib/string_view.h"

namespace cw::ata {

// One command as the protocols need it.
struct Command {
  StringView who;       // device name for error reports ("ata0")
  StringView name;      // command name for error reports ("READ SECTORS")
  uint8_t opcode = 0;
  uint8_t features = 0;  // the Features register (SET FEATURES subcommand); 0 for the data commands
  uint8_t device = 0;   // Device register value: kDeviceBase | kDeviceLba | (kDeviceSlave if device 1)
  bool ext = false;     // 48-bit task file
  uint64_t lba = 0;
  uint32_t count = 0;   // sectors: 1..kMaxSectorsPerCommand (non-data commands: the Sector Count value)
};

struct ChannelStats {
  uint64_t interrupts = 0;
  uint64_t unexpected_interrupts = 0;  // no command was waiting for it
  uint64_t resets = 0;
  uint64_t dma_errors = 0;  // transfers the bus master ended with its error bit (or did not finish)
};

enum class ProbeResult { Absent, Atapi, NotAta, Ata };

struct Probe {
  ProbeResult result;
  StringView detail;  // why a position counts as absent or not ATA, for the boot report
};

class Channel {
public:
  constexpr Channel(uint8_t index, uint16_t command_base, uint16_t control_base, uint8_t irq)
      : index_(index), irq_(irq), command_base_(command_base), control_base_(control_base) {}
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  uint8_t index() const { return index_; }
  uint8_t irq() const { return irq_; }
  StringView name() const { return index_ == 0 ? "primary" : "secondary"; }
  const ChannelStats& stats() const { return stats_; }
  // Held by the thread whose request owns the channel (see "Concurrency" above).
  Mutex& lock() { return lock_; }

  // Sets nIEN (probing) or clears it (interrupt-driven commands).
  void set_interrupts(bool enabled);

  // Sends IDENTIFY DEVICE to `device` (0 or 1) by polling, with nIEN = 1. Absent drives are recognized
  // quickly: a floating bus (status 0xFF), a status of 0, registers that do not hold a written value, or
  // no answer within the probe timeout. `words` is filled only for ProbeResult::Ata.
  Probe identify(uint8_t device, uint16_t (&words)[kIdentifyWords]);

  // The protocols. Each returns Ok, or Io (device error, reported with the status and error registers),
  // or TimedOut (the device did not answer; the channel is reset). `buffer` holds cmd.count sectors.
  Result<void> pio_in(const Command& cmd, uint8_t* buffer);
  Result<void> pio_out(const Command& cmd, const uint8_t* buffer);
  Result<void> non_data(const Command& cmd, uint32_t timeout_ms);
  // The DMA protocol (ATA/ATAPI-6 clause 9.10; SFF-8038i section 3 "Programming sequence") on the bus
  // master attached with attach_bus_master(): moves cmd.count sectors between the device and the
  // physically contiguous buffer at `buffer` (word aligned, direct-mapped) through the PRD table, and
  // completes by the channel's IRQ. `to_memory` is true for a read. Errors as the PIO protocols: Io for a
  // device error or a bus-master error (reported with the status registers), TimedOut when no interrupt
  // comes (the transfer is stopped and the channel reset); InvalidArgument for a buffer the PRD table
  // cannot describe (nothing is sent).
  Result<void> dma(const Command& cmd, PhysAddr buffer, bool to_memory);

  // Gives the channel its bus-master registers and frames (drivers/ata/bus_master.h), before any request.
  void attach_bus_master(const BusMaster& bus_master) { bus_master_ = bus_master; }
  const BusMaster& bus_master() const { return bus_master_; }

  // The IRQ handler body: acknowledges the device (reads Status) and wakes the waiting command.
  void handle_irq();

private:
  uint8_t read_reg(uint16_t reg) const;
  void write_reg(uint16_t reg, uint8_t value) const;
  uint8_t alt_status() const;
  void delay_400ns() const;
  // Polls Alternate Status until BSY is clear, spinning briefly and then relaxing; returns the status.
  Result<uint8_t> wait_not_busy(uint32_t timeout_ms) const;
  Result<void> select(uint8_t device);
  void write_task_file(const Command& cmd);
  // Waits for the interrupt that ends a DRQ block or a command, then for BSY to clear; returns the status.
  Result<uint8_t> wait_irq(const Command& cmd, uint32_t timeout_ms);
  Result<void> check(const Command& cmd, uint8_t status, bool expect_drq, uint32_t sector);
  Result<void> timed_out(const Command& cmd, StringView stage);
  void reset();
  uint8_t bm_status() const;
  // Clears the start bit (ends or aborts a transfer) and the error and interrupt status bits.
  void bm_stop();

  uint8_t index_;
  uint8_t irq_;
  uint16_t command_base_;
  uint16_t control_base_;
  uint8_t control_ = 0;  // the Device Control value outside a reset: kControlNien or 0
  IrqCompletion completion_;
  ChannelStats stats_;
  BusMaster bus_master_;
  Mutex lock_;
};

}  // namespace cw::ata

// AtaDrive: one ATA hard disk on a Channel, as a BlockDevice ("ata0".."ata3").
//
// A request is split into commands of at most kMaxSectorsPerCommand sectors; each uses READ/WRITE
// SECTORS (PIO) or READ/WRITE DMA (bus-master DMA, when the drive's transfer() is Dma), or the EXT form
// when any sector of the command lies above the 28-bit range (which requires a device with 48-bit
// addressing; IDENTIFY's capacity guarantees that). DMA goes straight to the caller's buffer when it is
// word aligned and in the kernel's direct map (swap frames, heap blocks); any other buffer is moved a
// page at a time through the channel's bounce frame. A DMA command that times out switches the drive to
// PIO for good (the controller is not to be trusted any more); the request still fails with TimedOut.
// Errors are the same Error values on both paths (Io, TimedOut). A write request ends with FLUSH
// CACHE (EXT) when the device supports it, so write() returns with the data on the medium, unless it
// asks only for Durability::ThisBoot (swap). The first
// failing command ends the request with its error; the counters record every command and failure.
// A request holds its channel's lock throughout (see ata_channel.h), so requests from any number of
// threads are safe; the counters are only written under that lock.
#pragma once

#include <cstdint>

#include "drivers/ata/ata_channel.h"
#include "drivers/ata/ata_identify.h"
#include "drivers/ata/transfer_choice.h"
#include "drivers/block/block_device.h"

namespace cw::ata {

struct AtaStats {
  uint64_t sectors_read = 0;
  uint64_t sectors_written = 0;
  uint64_t commands = 0;  // every command issued, flushes included
  uint64_t errors = 0;    // commands that failed with a device error (Error::Io)
  uint64_t timeouts = 0;  // commands that failed with Error::TimedOut
  uint64_t dma_commands = 0;  // data commands that moved their sectors by DMA
  uint64_t bounced = 0;       // of those, the ones through the bounce frame

  AtaStats& operator+=(const AtaStats& other);
};

class AtaDrive final : public block::BlockDevice {
public:
  constexpr AtaDrive() = default;

  // Binds the drive to device `device` (0 master, 1 slave) of `channel`. Errors: InvalidArgument for a
  // bad name.
  Result<void> init(Channel& channel, uint8_t device, const Identity& identity, StringView name);

  uint64_t sector_count() const override { return identity_.sectors; }
  const Identity& identity() const { return identity_; }
  const AtaStats& stats() const { return stats_; }
  Channel* channel() const { return channel_; }
  uint8_t device() const { return device_; }

  // How data commands move their sectors. Set once at boot from choose_transfer(); set_transfer() may
  // switch it later (diskbench compares the two on one drive). Errors: NotSupported for Dma on a drive
  // or channel that cannot do DMA.
  Transfer transfer() const { return transfer_; }
  bool dma_capable() const { return dma_capable_; }
  void enable_dma() { dma_capable_ = true; transfer_ = Transfer::Dma; }
  Result<void> set_transfer(Transfer transfer);

protected:
  Result<void> do_read(uint64_t lba, uint32_t count, void* buffer) override;
  Result<void> do_write(uint64_t lba, uint32_t count, const void* buffer, block::Durability durability) override;

private:
  Result<void> flush();
  void count_failure(Error error);
  // One command of n <= kMaxSectorsPerCommand sectors by the drive's transfer method: a read into `into`
  // (`from` null) or a write from `from` (`into` null).
  Result<void> command(uint64_t lba, uint32_t n, uint8_t* into, const uint8_t* from);
  Result<void> dma_command(bool write, uint64_t lba, uint32_t n, PhysAddr data);

  Channel* channel_ = nullptr;
  uint8_t device_ = 0;
  Identity identity_;
  AtaStats stats_;
  Transfer transfer_ = Transfer::Pio;
  bool dma_capable_ = false;
};

}  // namespace cw::ata

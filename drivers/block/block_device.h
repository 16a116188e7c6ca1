// BlockDevice: a random-access array of 512-byte sectors, the one interface the kernel's disk users (the
// swap code, the program loader) talk to. Implemented by the ATA driver (drivers/ata/, PIO and
// bus-master DMA), by Partition (below) and by the RAM-disk fakes of the host tests; a USB mass-storage
// driver is meant to implement it the same way.
//
// Contract of read() and write():
//   * A request covers sectors [lba, lba + count) and is one call however long it is: a page is 8 sectors,
//     a run of pages is 8 * n. Implementations split it into whatever their hardware takes per command.
//   * The range is checked here, once, for every implementation: it must lie inside [0, sector_count())
//     (no wrap-around), otherwise Error::Range and nothing is transferred. A null buffer is
//     Error::InvalidArgument. count == 0 is a successful no-op (after the range check of lba).
//   * `buffer` holds count * kSectorSize bytes, has no alignment requirement, is kernel memory and stays
//     mapped and resident until the call returns (an implementation may hand it to DMA hardware after
//     translating it; one that needs stricter alignment bounce-buffers internally).
//   * The call is synchronous: it returns when the transfer is complete. The calling thread may sleep
//     meanwhile, so it must not be called from an interrupt handler or with interrupts disabled.
//   * write() with Durability::OnMedium (the default) returns only once the data is on the medium:
//     implementations flush volatile write caches. With Durability::ThisBoot the data need only be what
//     later reads return until power-off: it may stay in the device's volatile write cache, and no flush
//     is issued. That is for swap, whose contents die with the boot (Linux does not flush swap writes
//     either); a flush costs more than the write itself under QEMU (docs/perf.md, "The disk floor"). An
//     error a device would report only at a flush is then not seen; errors of the write are.
//   * A failed transfer is reported (Error::Io, Error::TimedOut, ...), never ignored. After a failed read
//     the buffer's contents are unspecified; after a failed write the sectors' contents are unspecified.
//   * Any number of threads may issue requests at once: an implementation serializes what its hardware
//     cannot overlap (the ATA driver: one request per channel, drivers/ata/ata_channel.h). Requests that
//     overlap in sectors are not ordered against each other; callers that care (the swap code) order them.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/result.h"
#include "lib/string_view.h"

namespace cw::block {

inline constexpr uint32_t kSectorSize = 512;
inline constexpr size_t kNameMax = 16;  // bytes of a device name, including the terminating NUL

// What write() promises when it returns (see the contract above).
enum class Durability : uint8_t { OnMedium, ThisBoot };

class BlockDevice {
public:
  BlockDevice(const BlockDevice&) = delete;
  BlockDevice& operator=(const BlockDevice&) = delete;

  // "ata0", "ata0p2", ...: unique within a BlockRegistry.
  StringView name() const { return StringView(name_); }
  static constexpr uint32_t sector_size() { return kSectorSize; }
  // Number of addressable sectors. Zero for a device that is not set up (every non-empty request fails).
  virtual uint64_t sector_count() const = 0;

  Result<void> read(uint64_t lba, uint32_t count, void* buffer);
  Result<void> write(uint64_t lba, uint32_t count, const void* buffer, Durability durability = Durability::OnMedium);

  // Ok if [lba, lba + count) lies inside the device, Error::Range otherwise. Never wraps.
  Result<void> check_range(uint64_t lba, uint32_t count) const;

protected:
  constexpr BlockDevice() = default;
  ~BlockDevice() = default;  // devices live in static storage and are never destroyed through this type

  // Sets the name. Errors: InvalidArgument if it is empty or does not fit in kNameMax - 1 bytes.
  Result<void> set_name(StringView name);

  // Called only with a request that passed check_range, count >= 1 and a non-null buffer.
  virtual Result<void> do_read(uint64_t lba, uint32_t count, void* buffer) = 0;
  virtual Result<void> do_write(uint64_t lba, uint32_t count, const void* buffer, Durability durability) = 0;

private:
  char name_[kNameMax] = {};
};

// A window [first, first + count) of another device, itself a BlockDevice: sector n of the partition is
// sector first + n of the parent. Requests are forwarded to the parent as one request each.
class Partition final : public BlockDevice {
public:
  constexpr Partition() = default;

  // Sets the window. `index` is the 1-based slot in the partition table, `type` its type byte.
  // Errors: Range if the window does not lie inside the parent or is empty; InvalidArgument for a bad
  // name; Busy if this Partition is already attached.
  Result<void> attach(BlockDevice& parent, uint64_t first, uint64_t count, uint8_t type, uint8_t index,
                      StringView name);

  uint64_t sector_count() const override { return count_; }
  BlockDevice* parent() const { return parent_; }
  uint64_t first_sector() const { return first_; }
  uint8_t type() const { return type_; }
  uint8_t index() const { return index_; }

protected:
  Result<void> do_read(uint64_t lba, uint32_t count, void* buffer) override;
  Result<void> do_write(uint64_t lba, uint32_t count, const void* buffer, Durability durability) override;

private:
  BlockDevice* parent_ = nullptr;
  uint64_t first_ = 0;
  uint64_t count_ = 0;
  uint8_t type_ = 0;
  uint8_t index_ = 0;
};

}  // namespace cw::block

// SwapMap: which page-sized slots of the swap partition are in use.
//
// Slot n occupies sectors [n * kSectorsPerSlot, (n + 1) * kSectorsPerSlot) of the swap partition,
// relative to its first LBA (lib/disk_format.h). Every slot, including slot 0, is usable. The capacity is
// set at init from the partition size, up to kMaxSwapSlots (64 MiB); the bitmap itself is a fixed array.
//
// allocate() hands out the lowest-numbered free slot, so a freed slot is the first to be reused and the
// used part of the partition stays compact. Both allocate() and free() are O(words) worst case with a hint
// that makes the common case O(1). Nothing here does I/O or blocks.
#pragma once

#include <cstdint>
#include <type_traits>

#include "lib/result.h"
#include "mm/config.h"

namespace cw::mm {

class SwapSlot {
public:
  constexpr SwapSlot() = default;
  constexpr explicit SwapSlot(uint32_t value) : value_(value) {}

  constexpr uint32_t get() const { return value_; }
  // The slot's first sector, relative to the start of the swap partition.
  constexpr uint32_t first_sector() const { return value_ * kSectorsPerSlot; }
  constexpr auto operator<=>(const SwapSlot&) const = default;

private:
  uint32_t value_ = 0;
};

static_assert(SwapSlot(kMaxSwapSlots - 1).first_sector() / kSectorsPerSlot == kMaxSwapSlots - 1,
              "sector numbers of the largest swap fit in 32 bits");

class SwapMap {
public:
  constexpr SwapMap() = default;
  SwapMap(const SwapMap&) = delete;
  SwapMap& operator=(const SwapMap&) = delete;

  // Sets the capacity to `slots` slots, all free. Zero is allowed (no swap: allocate() always fails).
  // Errors: InvalidArgument if slots > kMaxSwapSlots; Busy if a slot is still allocated.
  Result<void> init(uint32_t slots);
  // Sets the capacity from the swap partition's size in sectors: whole slots only, at most
  // kMaxSwapSlots (the rest of a larger partition goes unused). Returns the resulting capacity.
  // Errors: Busy if a slot is still allocated.
  Result<uint32_t> init_from_sectors(uint32_t partition_sectors);

  // The lowest free slot, now allocated. Errors: NoSpace if every slot is in use.
  Result<SwapSlot> allocate();
  // The lowest run of `count` consecutive free slots, now allocated; returns its first slot (swap
  // clustering: pages evicted together get neighbouring slots, written by one command, mm/swap.h).
  // Errors: InvalidArgument if count is 0; NoSpace if no such run exists (nothing is allocated).
  Result<SwapSlot> allocate_run(uint32_t count);
  // Errors: Range if slot >= capacity(); InvalidArgument if it is not allocated (double free).
  Result<void> free(SwapSlot slot);

  bool is_allocated(SwapSlot slot) const;
  uint32_t capacity() const { return capacity_; }
  uint32_t used_count() const { return used_; }
  uint32_t free_count() const { return capacity_ - used_; }

  // Recounts the bitmap; false if it disagrees with used_count() or marks a slot beyond capacity free.
  bool check_consistency() const;

private:
  static constexpr uint32_t kWords = kMaxSwapSlots / 32;
  static_assert(kMaxSwapSlots % 32 == 0);

  // Bit set = slot free. Bits at or beyond capacity_ stay clear, so a search never returns them and a
  // default-constructed (all-zero) map correctly has nothing to give.
  uint32_t free_bits_[kWords] = {};
  uint32_t capacity_ = 0;
  uint32_t used_ = 0;
  uint32_t hint_ = 0;  // no word below this one has a free bit
};

static_assert(std::is_trivially_destructible_v<SwapMap>);

// How many of slots[0 .. n) continue slots[0] one by one (slots[i] == slots[0] + i), at most `max`: the
// pages a single multi-page command can move when they are in that order. 0 only if n or max is 0.
uint32_t leading_run(const SwapSlot* slots, uint32_t n, uint32_t max);

}  // namespace cw::mm

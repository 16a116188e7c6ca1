// SlotRemap: where a swap slot's page really is, once the slot's sectors have failed a write.
//
// A page's owner names its copy on disk by a slot number (mm/memory_object.h PageEntry), and that name
// must not change behind the owner's back while the page is being written (the owner may be waiting for
// the write, or exiting). So when the disk refuses a write, the swap device (mm/swap.cpp) keeps the
// name and moves the data: it writes the page to a fresh slot and records "slot S lives in slot R"
// here. Reads of S go to R, freeing S frees R; the failed sectors stay allocated in the slot map as bad,
// never handed out again. A slot can move more than once (its replacement fails too); the table always
// holds its latest home.
//
// A fixed table: a disk with more bad slots than kCapacity is failing, and the swap device then gives
// up on the page (the owner gets an I/O error, as before remapping existed). Core: no I/O, host-tested.
#pragma once

#include <cstdint>

#include "lib/result.h"
#include "mm/swap_map.h"

namespace cw::mm {

class SlotRemap {
public:
  static constexpr uint32_t kCapacity = 64;

  // Where `slot`'s contents are: its replacement, or the slot itself.
  SwapSlot home(SwapSlot slot) const;
  bool moved(SwapSlot slot) const;
  // Records that `slot` now lives in `replacement` (replacing an earlier move of the same slot).
  // Errors: NoSpace (the table is full; nothing changed).
  Result<void> move(SwapSlot slot, SwapSlot replacement);
  // Forgets `slot`'s move (the slot was freed); its replacement, if it had one.
  Result<SwapSlot> forget(SwapSlot slot);
  uint32_t count() const { return count_; }

private:
  struct Move {
    uint32_t slot;
    uint32_t replacement;
  };
  Move* find(SwapSlot slot);
  const Move* find(SwapSlot slot) const;

  Move moves_[kCapacity] = {};
  uint32_t count_ = 0;
};

}  // namespace cw::mm

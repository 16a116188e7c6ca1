#include "mm/swap_map.h"

#include <bit>

namespace cw::mm {

Result<void> SwapMap::init(uint32_t slots) {
  if (slots > kMaxSwapSlots) return fail(Error::InvalidArgument);
  if (used_ != 0) return fail(Error::Busy);
  for (uint32_t w = 0; w < kWords; ++w) {
    uint32_t first = w * 32;
    if (first + 32 <= slots) {
      free_bits_[w] = ~0u;
    } else if (first >= slots) {
      free_bits_[w] = 0;
    } else {
      free_bits_[w] = (1u << (slots - first)) - 1;  // only the low (slots - first) slots exist
    }
  }
  capacity_ = slots;
  used_ = 0;
  hint_ = 0;
  return {};
}

Result<uint32_t> SwapMap::init_from_sectors(uint32_t partition_sectors) {
  uint32_t slots = partition_sectors / kSectorsPerSlot;
  if (slots > kMaxSwapSlots) slots = kMaxSwapSlots;
  TRY(init(slots));
  return slots;
}

Result<SwapSlot> SwapMap::allocate() {
  for (uint32_t w = hint_; w < kWords; ++w) {
    if (free_bits_[w] == 0) continue;
    uint32_t bit = static_cast<uint32_t>(std::countr_zero(free_bits_[w]));
    free_bits_[w] &= ~(1u << bit);
    ++used_;
    hint_ = w;
    return SwapSlot(w * 32 + bit);
  }
  hint_ = kWords;
  return fail(Error::NoSpace);
}

Result<SwapSlot> SwapMap::allocate_run(uint32_t count) {
  if (count == 0) return fail(Error::InvalidArgument);
  uint32_t run = 0;
  for (uint32_t s = hint_ * 32; s < capacity_; ++s) {
    uint32_t w = s / 32;
    if (s % 32 == 0 && free_bits_[w] == 0) {  // a whole word in use: the run, if any, is broken
      run = 0;
      s += 31;
      continue;
    }
    if (((free_bits_[w] >> (s % 32)) & 1u) == 0) {
      run = 0;
      continue;
    }
    if (++run < count) continue;
    uint32_t first = s + 1 - count;
    for (uint32_t t = first; t <= s; ++t) free_bits_[t / 32] &= ~(1u << (t % 32));
    used_ += count;
    return SwapSlot(first);  // the hint stays valid: no free bit appeared below it
  }
  return fail(Error::NoSpace);
}

Result<void> SwapMap::free(SwapSlot slot) {
  uint32_t s = slot.get();
  if (s >= capacity_) return fail(Error::Range);
  uint32_t w = s / 32, mask = 1u << (s % 32);
  if ((free_bits_[w] & mask) != 0) return fail(Error::InvalidArgument);
  free_bits_[w] |= mask;
  --used_;
  if (w < hint_) hint_ = w;
  return {};
}

bool SwapMap::is_allocated(SwapSlot slot) const {
  uint32_t s = slot.get();
  if (s >= capacity_) return false;
  return ((free_bits_[s / 32] >> (s % 32)) & 1u) == 0;
}

bool SwapMap::check_consistency() const {
  if (capacity_ > kMaxSwapSlots || used_ > capacity_ || hint_ > kWords) return false;
  uint32_t allocated = 0;
  for (uint32_t s = 0; s < kMaxSwapSlots; ++s) {
    bool is_free = (free_bits_[s / 32] >> (s % 32)) & 1u;
    if (s >= capacity_ && is_free) return false;  // a slot that does not exist must never be handed out
    if (s < capacity_ && !is_free) ++allocated;
    if (s / 32 < hint_ && is_free) return false;  // the hint must not skip a free slot
  }
  return allocated == used_;
}

uint32_t leading_run(const SwapSlot* slots, uint32_t n, uint32_t max) {
  uint32_t limit = n < max ? n : max;
  uint32_t run = limit > 0 ? 1 : 0;
  while (run < limit && slots[run].get() == slots[0].get() + run) ++run;
  return run;
}

}  // namespace cw::mm

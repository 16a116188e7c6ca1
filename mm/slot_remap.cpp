#include "mm/slot_remap.h"

namespace cw::mm {

SlotRemap::Move* SlotRemap::find(SwapSlot slot) {
  for (uint32_t i = 0; i < count_; ++i)
    if (moves_[i].slot == slot.get()) return &moves_[i];
  return nullptr;
}

const SlotRemap::Move* SlotRemap::find(SwapSlot slot) const {
  return const_cast<SlotRemap*>(this)->find(slot);
}

SwapSlot SlotRemap::home(SwapSlot slot) const {
  const Move* m = find(slot);
  return m ? SwapSlot(m->replacement) : slot;
}

bool SlotRemap::moved(SwapSlot slot) const { return find(slot) != nullptr; }

Result<void> SlotRemap::move(SwapSlot slot, SwapSlot replacement) {
  if (Move* m = find(slot)) {
    m->replacement = replacement.get();
    return {};
  }
  if (count_ == kCapacity) return Error::NoSpace;
  moves_[count_++] = Move{slot.get(), replacement.get()};
  return {};
}

Result<SwapSlot> SlotRemap::forget(SwapSlot slot) {
  Move* m = find(slot);
  if (!m) return Error::NotFound;
  SwapSlot replacement(m->replacement);
  *m = moves_[--count_];  // order does not matter: swap the last move into the hole
  return replacement;
}

}  // namespace cw::mm

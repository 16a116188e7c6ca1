#include "mm/second_chance_policy.h"

namespace cw::mm {

Result<FrameIndex> SecondChancePolicy::pick() {
  uint32_t n = pool_.capacity();
  if (n == 0) return fail(Error::Busy);
  hand_ %= n;
  bool have_fallback = false;
  uint32_t fallback = 0;
  for (uint32_t step = 0; step < 2 * n; ++step) {
    uint32_t i = hand_;
    hand_ = (hand_ + 1) % n;
    FrameIndex frame(i);
    if (!candidate(frame)) continue;
    ++stats_.scanned;
    if (!have_fallback) {
      have_fallback = true;
      fallback = i;
    }
    if (bits_.accessed(frame)) {
      bits_.clear_accessed(frame);
      ++stats_.second_chances;
      continue;
    }
    return frame;
  }
  if (!have_fallback) return fail(Error::Busy);
  hand_ = (fallback + 1) % n;
  return FrameIndex(fallback);
}

}  // namespace cw::mm

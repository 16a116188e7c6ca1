#include "mm/enhanced_policy.h"

namespace cw::mm {

Result<FrameIndex> EnhancedSecondChancePolicy::pick() {
  uint32_t n = pool_.capacity();
  if (n == 0) return fail(Error::Busy);
  uint32_t start = hand_ % n;
  bool have_fallback = false;
  uint32_t fallback = 0;
  for (uint32_t sweep = 0; sweep < 4; ++sweep) {
    // Sweeps 1 and 3 (index 0, 2) want clean pages; sweeps 2 and 4 want dirty ones and clear A bits.
    bool want_dirty = (sweep % 2) == 1;
    for (uint32_t k = 0; k < n; ++k) {
      uint32_t i = (start + k) % n;
      FrameIndex frame(i);
      if (!candidate(frame)) continue;
      ++stats_.scanned;
      if (!have_fallback) {
        have_fallback = true;
        fallback = i;
      }
      bool accessed = bits_.accessed(frame);
      if (!accessed && bits_.dirty(frame) == want_dirty) {
        hand_ = (i + 1) % n;
        return frame;
      }
      if (want_dirty && accessed) {
        bits_.clear_accessed(frame);
        ++stats_.second_chances;
      }
    }
    if (!have_fallback) return fail(Error::Busy);  // nothing evictable: no point sweeping again
  }
  hand_ = (fallback + 1) % n;
  return FrameIndex(fallback);
}

}  // namespace cw::mm

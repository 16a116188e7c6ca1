#include "mm/replacement_policy.h"

namespace cw::mm {

bool ReplacementPolicy::is_tracked(FrameIndex frame) const {
  uint32_t i = frame.get();
  if (i >= kMaxPageableFrames) return false;
  return (tracked_[i / 32] >> (i % 32)) & 1u;
}

void ReplacementPolicy::on_fill(FrameIndex frame) {
  uint32_t i = frame.get();
  if (i >= pool_.capacity()) return;
  bool was_tracked = is_tracked(frame);
  if (!was_tracked) {
    tracked_[i / 32] |= 1u << (i % 32);
    ++tracked_count_;
  }
  filled(frame, was_tracked);
}

void ReplacementPolicy::on_free(FrameIndex frame) {
  if (!is_tracked(frame)) return;
  uint32_t i = frame.get();
  tracked_[i / 32] &= ~(1u << (i % 32));
  --tracked_count_;
  freed(frame);
}

Result<FrameIndex> ReplacementPolicy::choose_victim() {
  Result<FrameIndex> victim = pick();
  if (victim) ++stats_.evictions; else ++stats_.failures;
  return victim;
}

}  // namespace cw::mm

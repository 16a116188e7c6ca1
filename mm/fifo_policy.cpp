#include "mm/fifo_policy.h"

namespace cw::mm {

void FifoPolicy::unlink(uint16_t i) {
  if (prev_[i] == kNil) head_ = next_[i]; else next_[prev_[i]] = next_[i];
  if (next_[i] == kNil) tail_ = prev_[i]; else prev_[next_[i]] = prev_[i];
  next_[i] = prev_[i] = kNil;
}

void FifoPolicy::filled(FrameIndex frame, bool was_tracked) {
  auto i = static_cast<uint16_t>(frame.get());
  if (was_tracked) unlink(i);  // a reload goes to the back of the queue
  prev_[i] = tail_;
  next_[i] = kNil;
  if (tail_ == kNil) head_ = i; else next_[tail_] = i;
  tail_ = i;
}

void FifoPolicy::freed(FrameIndex frame) { unlink(static_cast<uint16_t>(frame.get())); }

Result<FrameIndex> FifoPolicy::pick() {
  // The queue holds at most tracked_count() frames; the step bound also guards against a corrupted link.
  uint32_t steps = 0;
  for (uint16_t i = head_; i != kNil && steps < kMaxPageableFrames; i = next_[i], ++steps) {
    ++stats_.scanned;
    if (candidate(FrameIndex(i))) return FrameIndex(i);
  }
  return fail(Error::Busy);
}

}  // namespace cw::mm

// FifoPolicy: evict the page that was loaded longest ago, ignoring how it has been used since.
//
// Resident frames sit in a queue in load order (on_fill appends, on_free unlinks, both O(1)). The victim
// is the first frame from the head that is evictable; pinned frames and frames under I/O keep their place
// in the queue. Cheap and predictable, but it evicts hot pages and suffers Belady's anomaly.
#pragma once

#include <cstdint>
#include <type_traits>

#include "mm/replacement_policy.h"

namespace cw::mm {

class FifoPolicy final : public ReplacementPolicy {
public:
  constexpr FifoPolicy(const FramePool& pool, PageBitsOps& bits) : ReplacementPolicy(pool, bits) {}

  const char* name() const override { return "fifo"; }

private:
  static constexpr uint16_t kNil = 0xFFFF;

  void filled(FrameIndex frame, bool was_tracked) override;
  void freed(FrameIndex frame) override;
  Result<FrameIndex> pick() override;

  void unlink(uint16_t i);

  // A doubly linked queue threaded through arrays indexed by frame; head_ is the oldest load.
  uint16_t next_[kMaxPageableFrames] = {};
  uint16_t prev_[kMaxPageableFrames] = {};
  uint16_t head_ = kNil;
  uint16_t tail_ = kNil;
};

static_assert(kMaxPageableFrames < 0xFFFF, "FifoPolicy uses 0xFFFF as its list terminator");
static_assert(std::is_trivially_destructible_v<FifoPolicy>);

}  // namespace cw::mm

// EnhancedSecondChancePolicy: CLOCK over the (accessed, dirty) pair, preferring victims that cost no
// write.
//
// Candidates fall into four classes, best victim first:
//   (0,0) not recently used, clean    - evicting it costs nothing
//   (0,1) not recently used, dirty    - costs a write to swap
//   (1,0) recently used, clean        - likely needed again soon
//   (1,1) recently used, dirty
// Starting at the hand, up to four sweeps of the frames are made:
//   1. look for (0,0), changing nothing;
//   2. look for (0,1), clearing the accessed bit of every candidate passed over;
//   3. look for (0,0) again (former (1,0) pages now qualify);
//   4. look for (0,1) again (former (1,1) pages now qualify).
// The first match is the victim and the hand stops just past it. Sweep 2 leaves every candidate with a
// clear accessed bit, so sweep 3 or 4 finds one whenever any frame is evictable; if the bits change
// under the scan, the first candidate seen is chosen instead of looping. Dirty bits are never cleared here.
#pragma once

#include <cstdint>
#include <type_traits>

#include "mm/replacement_policy.h"

namespace cw::mm {

class EnhancedSecondChancePolicy final : public ReplacementPolicy {
public:
  constexpr EnhancedSecondChancePolicy(const FramePool& pool, PageBitsOps& bits)
      : ReplacementPolicy(pool, bits) {}

  const char* name() const override { return "enhanced"; }

  FrameIndex hand() const { return FrameIndex(hand_); }

private:
  void filled(FrameIndex, bool) override {}
  void freed(FrameIndex) override {}
  Result<FrameIndex> pick() override;

  uint32_t hand_ = 0;
};

static_assert(std::is_trivially_destructible_v<EnhancedSecondChancePolicy>);

}  // namespace cw::mm

// SecondChancePolicy: the CLOCK algorithm over the accessed bit. The default policy.
//
// A hand sweeps the frames in index order, wrapping around. At each resident, evictable frame: if its
// accessed bit is set the page was used since the hand last passed, so the bit is cleared and the page
// gets a second chance; otherwise it is the victim and the hand stops just past it. Pinned frames, frames
// under I/O and frames without a resident page are stepped over without touching their bits.
//
// One sweep clears every candidate's bit, so a second sweep finds a victim; the scan is bounded by two
// sweeps. (Should the bits be set again during the scan, the first candidate seen is chosen rather than
// looping.)
#pragma once

#include <cstdint>
#include <type_traits>

#include "mm/replacement_policy.h"

namespace cw::mm {

class SecondChancePolicy final : public ReplacementPolicy {
public:
  constexpr SecondChancePolicy(const FramePool& pool, PageBitsOps& bits) : ReplacementPolicy(pool, bits) {}

  const char* name() const override { return "second-chance"; }

  // Where the next scan starts.
  FrameIndex hand() const { return FrameIndex(hand_); }

private:
  void filled(FrameIndex, bool) override {}
  void freed(FrameIndex) override {}
  Result<FrameIndex> pick() override;

  uint32_t hand_ = 0;
};

static_assert(std::is_trivially_destructible_v<SecondChancePolicy>);

}  // namespace cw::mm

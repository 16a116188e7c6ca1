// ReplacementPolicy: which resident page to evict when the frame pool is empty.
//
// A policy sees the frames through the FramePool (state, pins) and the hardware bits through PageBitsOps;
// it keeps its own record of which frames hold resident pages, fed by two notifications:
//
//   on_fill(f)   the page in frame f is now resident and mapped (after its page-in completed). Calling it
//                again for a frame already tracked counts as a fresh load.
//   on_free(f)   frame f no longer holds a page (evicted or its address space torn down). Call it before
//                FramePool::free(f). A frame not tracked is ignored.
//
// choose_victim() returns a tracked frame that is evictable right now (InUse, not pinned) and does not
// itself evict anything: the caller moves the frame to UnderIo (FramePool::begin_io) before it can block,
// so a concurrent fault never picks the same frame, then writes it back if needed, calls on_free and
// frees it. If no tracked frame is evictable (every one pinned or under I/O, or none resident) it returns
// Error::Busy after a bounded scan; it never loops forever and never traps.
//
// Implementations: FifoPolicy, SecondChancePolicy (the default), EnhancedSecondChancePolicy,
// ClockProPolicy; see policy_factory.h to pick one by name. All are trivially destructible and constexpr-constructible so the
// kernel can hold them in constinit globals, and none allocates: per-frame state is in fixed arrays of
// kMaxPageableFrames entries.
#pragma once

#include <cstdint>
#include <type_traits>

#include "lib/result.h"
#include "mm/config.h"
#include "mm/frame_index.h"
#include "mm/frame_pool.h"
#include "mm/page_bits.h"

namespace cw::mm {

struct ReplacementStats {
  uint32_t evictions = 0;       // successful choose_victim() calls
  uint32_t failures = 0;        // choose_victim() calls that found nothing evictable
  uint32_t scanned = 0;         // frames examined while choosing
  uint32_t second_chances = 0;  // accessed bits cleared while choosing
};

class ReplacementPolicy {
public:
  ReplacementPolicy(const ReplacementPolicy&) = delete;
  ReplacementPolicy& operator=(const ReplacementPolicy&) = delete;

  // The name accepted by the factory and shown in statistics, e.g. "second-chance".
  virtual const char* name() const = 0;

  // Out-of-range indices (>= the pool's capacity) are ignored.
  void on_fill(FrameIndex frame);
  void on_free(FrameIndex frame);

  Result<FrameIndex> choose_victim();

  bool is_tracked(FrameIndex frame) const;
  uint32_t tracked_count() const { return tracked_count_; }
  const ReplacementStats& stats() const { return stats_; }
  uint32_t evictions() const { return stats_.evictions; }

protected:
  constexpr ReplacementPolicy(const FramePool& pool, PageBitsOps& bits) : pool_(pool), bits_(bits) {}
  ~ReplacementPolicy() = default;  // not virtual: never deleted through the interface

  // Hooks for the implementations. `filled` runs after the frame is marked tracked (was_tracked says
  // whether it already was); `freed` after it is unmarked. `pick` chooses among candidates or returns
  // Error::Busy; it must finish within a bounded number of steps.
  virtual void filled(FrameIndex frame, bool was_tracked) = 0;
  virtual void freed(FrameIndex frame) = 0;
  virtual Result<FrameIndex> pick() = 0;

  // A frame the policy may choose now: tracked and evictable in the pool.
  bool candidate(FrameIndex frame) const { return is_tracked(frame) && pool_.is_evictable(frame); }

  const FramePool& pool_;
  PageBitsOps& bits_;
  ReplacementStats stats_;

private:
  uint32_t tracked_[kMaxPageableFrames / 32] = {};
  uint32_t tracked_count_ = 0;
};

}  // namespace cw::mm

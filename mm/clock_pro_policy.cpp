#include "mm/clock_pro_policy.h"

namespace cw::mm {

namespace {
constexpr uint32_t kNil = ClockRing<2 * kMaxPageableFrames, 3>::kNil;
// How far ahead (in cold resident pages) the cold hand looks for a clean page before evicting a dirty one.
constexpr uint32_t kCleanLookahead = 8;
// The promotion credit saturates here, so the rule follows a change of pattern within a few dozen
// promotions.
constexpr int32_t kCreditLimit = 16;
}  // namespace

uint32_t ClockProPolicy::hot_limit() const {
  return capacity() > cold_target_ ? capacity() - cold_target_ : 0;
}

void ClockProPolicy::insert_at_head(uint32_t node) { ring_.insert_before(node, ring_.hand(kHotHand)); }

void ClockProPolicy::move_to_head(uint32_t node) {
  ring_.unlink(node);
  insert_at_head(node);
}

void ClockProPolicy::make_hot(uint32_t frame) {
  flags_[frame] = kHot | kProbation;
  ++hot_;
}

void ClockProPolicy::judge_promotion(bool useful) {
  if (useful && credit_ < kCreditLimit) ++credit_;
  if (!useful && credit_ > -kCreditLimit) --credit_;
}

void ClockProPolicy::grow_cold_share() {
  if (cold_target_ < capacity()) ++cold_target_;
}

void ClockProPolicy::end_test(uint32_t node) {
  if (is_ghost(node)) {
    ring_.unlink(node);
    ghosts_.erase(node - kMaxPageableFrames);
  } else {
    flags_[node] &= static_cast<uint8_t>(~(kTest | kReused));
  }
  if (cold_target_ > 1) --cold_target_;  // a test period ended without a reference
}

void ClockProPolicy::filled(FrameIndex frame, bool was_tracked) {
  uint32_t f = frame.get();
  if (was_tracked) {  // a fresh load of a frame already in the ring: forget its old page
    if (flags_[f] & kHot) --hot_;
    ring_.unlink(f);
  }
  flags_[f] = 0;
  FrameInfo info = pool_.info(frame).value_or(FrameInfo{});
  uint32_t slot = ghosts_.find(info.owner, info.vpn);
  if (slot != GhostDirectory::kNone) {
    // Faulted on during its test period: a reuse. Hot, unless two are needed and this is the first.
    bool promote = ghost_reused_[slot] || !two_strikes();
    if (promote) grow_cold_share();
    ring_.unlink(kMaxPageableFrames + slot);
    ghosts_.erase(slot);
    if (promote) make_hot(f); else flags_[f] = kTest | kReused;
  } else if (pool_.free_count() > 0 && hot_ < hot_limit()) {
    flags_[f] = kHot;  // filling an empty pool: the hot set fills first, as in LIRS
    ++hot_;
  } else {
    flags_[f] = kTest;
  }
  insert_at_head(f);
  if (fresh_count_ < kFreshSlots) {
    fresh_since_[fresh_count_] = choices_;
    fresh_[fresh_count_++] = f;
    flags_[f] |= kFresh;
  }
}

uint32_t ClockProPolicy::forget_faulting_accesses(uint32_t* consumed) {
  uint32_t kept = 0, count = 0;
  for (uint32_t k = 0; k < fresh_count_; ++k) {
    uint32_t f = fresh_[k];
    if (!(flags_[f] & kFresh)) continue;  // freed (or evicted and refilled) since
    // A frame this choice cannot take (pinned, under I/O) keeps its load for one that can. The pager
    // pins the paging token holder's frames for a first choice and, if that finds nothing, asks again
    // without the pins (mm/pager.cpp): consuming the load in the first would leave the holder's
    // just-loaded page unshielded, cold and unreferenced, the second's victim.
    if (!candidate(FrameIndex(f)) || !bits_.accessed(FrameIndex(f))) {
      if (choices_ - fresh_since_[k] >= kFreshChoices) {  // waited long enough: an ordinary cold page
        flags_[f] &= static_cast<uint8_t>(~kFresh);
        continue;
      }
      fresh_since_[kept] = fresh_since_[k];
      fresh_[kept++] = f;  // or its faulting thread has not run yet: still waiting for its first access
      continue;
    }
    // The load is consumed, but the frame stays shielded (kFresh) until this choice is made: a page
    // whose bit was cleared here has had no time to show a reuse, and in the kernel it may be the
    // first page of an instruction that is now faulting on its second.
    bits_.clear_accessed(FrameIndex(f));
    consumed[count++] = f;
  }
  fresh_count_ = kept;
  return count;
}

void ClockProPolicy::freed(FrameIndex frame) {
  uint32_t f = frame.get();
  bool evicted = f == pending_victim_;
  if (evicted) pending_victim_ = kNil;
  uint8_t was = flags_[f];
  flags_[f] = 0;
  if (was & kHot) --hot_;
  if (evicted && (was & kTest)) {
    // Keep it as a non-resident page until its test period ends.
    if (ghosts_.size() >= capacity()) run_test_hand();
    FrameInfo info = pool_.info(frame).value_or(FrameInfo{});
    uint32_t slot = ghosts_.insert(info.owner, info.vpn);
    if (slot != GhostDirectory::kNone) {
      ghost_reused_[slot] = (was & kReused) != 0;
      ring_.replace(f, kMaxPageableFrames + slot);
      return;
    }
  }
  ring_.unlink(f);
}

uint32_t ClockProPolicy::run_hot_hand() {
  // Two revolutions at most: the first clears every hot page's accessed bit.
  for (uint32_t budget = 2 * ring_.size() + 1; budget > 0; --budget) {
    uint32_t node = ring_.hand(kHotHand);
    if (node == kNil) return kNil;
    if (is_ghost(node)) {
      end_test(node);  // unlinking moves the hand on
      continue;
    }
    ring_.advance(kHotHand);
    FrameIndex frame(node);
    if (!(flags_[node] & kHot)) {
      if (flags_[node] & kTest) end_test(node);
      continue;
    }
    if (!candidate(frame)) continue;
    ++stats_.scanned;
    if (bits_.accessed(frame)) {
      bits_.clear_accessed(frame);
      ++stats_.second_chances;
      if (flags_[node] & kProbation) judge_promotion(true);
      flags_[node] &= static_cast<uint8_t>(~kProbation);
      continue;
    }
    if (flags_[node] & kProbation) judge_promotion(false);
    flags_[node] = 0;  // demoted: a cold page outside any test period
    --hot_;
    return node;
  }
  return kNil;
}

void ClockProPolicy::run_test_hand() {
  for (uint32_t budget = ring_.size() + 1; budget > 0; --budget) {
    uint32_t node = ring_.hand(kTestHand);
    if (node == kNil) return;
    if (is_ghost(node)) {
      end_test(node);
      return;
    }
    ring_.advance(kTestHand);
    if (!(flags_[node] & kHot) && (flags_[node] & kTest)) end_test(node);
  }
}

uint32_t ClockProPolicy::cleaner_alternative(uint32_t dirty_frame) const {
  uint32_t seen = 0;
  for (uint32_t node = ring_.next(dirty_frame), steps = 0; node != dirty_frame && steps < ring_.size();
       node = ring_.next(node), ++steps) {
    if (is_ghost(node) || (flags_[node] & kHot) || !candidate(FrameIndex(node))) continue;
    if (!bits_.accessed(FrameIndex(node)) && !bits_.dirty(FrameIndex(node))) return node;
    if (++seen == kCleanLookahead) break;
  }
  return kNil;
}

uint32_t ClockProPolicy::run_cold_hand() {
  // Each resident cold page is met at most twice (once to clear its bit, which moves it to the head);
  // promotions may run the hot hand, which turns more pages cold, hence the factor of three.
  for (uint32_t budget = 3 * ring_.size() + 1; budget > 0; --budget) {
    uint32_t node = ring_.hand(kColdHand);
    if (node == kNil) return kNil;
    if (is_ghost(node) || (flags_[node] & (kHot | kFresh)) || !candidate(FrameIndex(node))) {
      ring_.advance(kColdHand);  // a fresh page is not evicted before its faulting access has run
      continue;
    }
    FrameIndex frame(node);
    ++stats_.scanned;
    ring_.advance(kColdHand);
    if (bits_.accessed(frame)) {
      bits_.clear_accessed(frame);
      ++stats_.second_chances;
      if ((flags_[node] & kTest) && ((flags_[node] & kReused) || !two_strikes())) {
        make_hot(node);  // reused within its test period (and within the one before, if two are needed)
      } else if (flags_[node] & kTest) {
        flags_[node] = kTest | kReused;  // the first of two reuses: a new test period
      } else {
        flags_[node] = kTest;  // a new test period
      }
      move_to_head(node);
      if (hot_ > hot_limit()) run_hot_hand();
      continue;
    }
    if (bits_.dirty(frame) && !(flags_[node] & kDirtyPassed) && cleaner_alternative(node) != kNil) {
      flags_[node] |= kDirtyPassed;  // evict the clean page ahead first; next time round this one goes
      continue;
    }
    return node;
  }
  return kNil;
}

Result<FrameIndex> ClockProPolicy::pick() {
  ++choices_;
  uint32_t consumed[kFreshSlots];
  uint32_t consumed_count = forget_faulting_accesses(consumed);
  if (hot_ > hot_limit()) run_hot_hand();
  uint32_t victim = run_cold_hand();
  // No cold page can go (each is pinned, under I/O or shielded): CLOCK over the hot pages. The hot hand
  // demotes the next unreferenced hot page, and that page goes. Taking a shielded page instead would
  // give it a test period of length zero, and in the kernel it would livelock a process whose
  // instruction needs more pages than there are cold frames: each fault would evict the page loaded by
  // the fault before (docs/policies.md, "The decision").
  if (victim == kNil) victim = run_hot_hand();
  for (uint32_t k = 0; k < consumed_count; ++k) flags_[consumed[k]] &= static_cast<uint8_t>(~kFresh);
  if (victim == kNil) {
    // Every page pinned, under I/O or shielded: any evictable frame.
    for (uint32_t i = 0; i < capacity() && victim == kNil; ++i) {
      if (candidate(FrameIndex(i))) victim = i;
    }
  }
  if (victim == kNil) return fail(Error::Busy);
  pending_victim_ = victim;
  return FrameIndex(victim);
}

}  // namespace cw::mm

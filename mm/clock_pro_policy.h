// ClockProPolicy: CLOCK-Pro (Jiang, Chen, Zhang, "CLOCK-Pro: An Effective Improvement of the CLOCK
// Replacement", USENIX ATC 2005), over the i386 accessed bit, with non-resident history.
//
// CLOCK evicts whatever the hand meets unreferenced, so a loop one page larger than memory faults on every
// reference. CLOCK-Pro approximates LIRS (Jiang, Zhang, SIGMETRICS 2002): it ranks pages by reuse
// distance, not recency. Resident pages are *hot* (short reuse distance) or *cold*; a cold page starts a
// *test period* when it is loaded, and if it is referenced again within it, its reuse distance is short
// and it becomes hot. Only cold pages are evicted. A cold page evicted during its test period stays in the
// clock as a *non-resident* node (its identity only, in a GhostDirectory); a fault on it ends the test
// early, so it is loaded hot.
//
// One ring holds resident and non-resident nodes (frames are nodes 0..N-1, ghost slots N..2N-1); three
// hands go round it the same way, and the "list head" where pages are (re)inserted is just behind the hot
// hand:
//   cold hand  (choose_victim) at a resident cold page: accessed -> clear A; if in its test period it
//              becomes hot, else its test period restarts; either way it moves to the head. Not accessed
//              -> the victim; if in its test period it leaves a non-resident node in its place.
//   hot hand   (when the hot pages exceed their share) at a hot page: accessed -> clear A; else it turns
//              cold and the hand stops. At a cold page in its test period: the test ends; at a
//              non-resident node: the node is dropped.
//   test hand  (when non-resident nodes would exceed N) drops the next non-resident node, ending the test
//              periods it passes.
// Adaptation (paper, 3.3): the cold share m_c grows by one for each fault on a non-resident page in its
// test period that promotes it (cold pages deserved more room) and shrinks by one for each test period
// that ends without a reference (they did not); hot pages may hold N - m_c frames.
//
// One reuse or two. On a zigzag (0..N, N..0, ...) the pages at each turn show one short reuse distance
// followed by a long one; promoting them on that single reuse demotes hot pages that are needed later
// (plain CLOCK-Pro made 1.9x LRU's faults on the Zigzag trace). LIRS2 (Zhong, Jiang, FAST 2021) ranks
// pages by their last two reuse distances instead; the accessed-bit analogue used here promotes a cold
// page only when two test periods in a row end in a reuse (kReused carries the first one, into the ghost
// node too). That rule renews a stale hot set slowly after a phase change, so the policy uses it only
// while it pays: a promoted page is on probation until the hot hand next reaches it, and a reference by
// then (useful promotion) or a demotion without one (wasted) moves a saturating credit up or down. One
// reuse promotes while the credit is non-negative, two while it is negative.
//
// The faulting access: on i386 the instruction that faulted runs again once the page is mapped, after
// on_fill, and sets A. That access is the load, not a reuse, so a freshly filled frame is remembered (up
// to kFreshSlots of them) and, at the next choose_victim() that finds its A bit set, the bit is cleared.
// References between the fill and that choice are lost with it; they are within about one fault interval
// and say little about reuse distance. Until then the frame is not evicted by the cold hand: its faulting
// thread may still be waiting to run (woken by the page-in, behind other threads that fault), and evicting
// the page before its first access would waste the read. Nor is it evicted by the choice that consumes
// its bit: its test period would have no length, and in the kernel (which maps a faulting page with A
// set) it is often the first page of an instruction now faulting on its second. When no cold page can
// go, the hot hand demotes the next unreferenced hot page and that page goes (CLOCK over the hot pages).
// A fresh frame that a choice cannot take (pinned, under I/O) keeps its load for a choice that can. The
// shield lasts at most kFreshChoices choices: in the kernel a page can lose its last mapping before its
// access is seen (a child reads a page of its parent's, then writes it and gets a copy), and such a page
// would otherwise be shielded for good (overload-tree-8 livelocked on four of them in eight frames).
//
// Dirty-aware like enhanced second chance: the cold hand passes over an unreferenced dirty cold page once
// (flagging it) when it finds an unreferenced clean one within the next few cold pages, so a clean page
// is evicted first where that costs no more than a short delay.
//
// Pinned frames and frames under I/O are stepped over without touching their bits. Every hand's walk is
// bounded by the ring's size; when no cold page can be evicted the first evictable frame is chosen.
#pragma once

#include <cstdint>
#include <type_traits>

#include "mm/clock_ring.h"
#include "mm/ghost_directory.h"
#include "mm/replacement_policy.h"

namespace cw::mm {

class ClockProPolicy final : public ReplacementPolicy {
public:
  constexpr ClockProPolicy(const FramePool& pool, PageBitsOps& bits) : ReplacementPolicy(pool, bits) {}

  const char* name() const override { return "clock-pro"; }

  uint32_t hot_count() const { return hot_; }
  uint32_t cold_target() const { return cold_target_; }
  uint32_t nonresident_count() const { return ghosts_.size(); }
  bool is_hot(FrameIndex frame) const { return (flags_[frame.get()] & kHot) != 0; }

private:
  static constexpr uint32_t kNodes = 2 * kMaxPageableFrames;
  static constexpr uint32_t kHotHand = 0, kColdHand = 1, kTestHand = 2;
  static constexpr uint8_t kHot = 1, kTest = 2, kDirtyPassed = 4, kFresh = 8, kReused = 16, kProbation = 32;
  static constexpr uint32_t kFreshSlots = 16;  // fills whose faulting access is not yet consumed
  // A fresh frame whose bit is still clear after this many choices loses its shield: nobody may map it
  // any more (a copy-on-write fault replaced its only mapping), and its access would then never come.
  static constexpr uint32_t kFreshChoices = 16;

  void filled(FrameIndex frame, bool was_tracked) override;
  void freed(FrameIndex frame) override;
  Result<FrameIndex> pick() override;

  static bool is_ghost(uint32_t node) { return node >= kMaxPageableFrames; }
  uint32_t capacity() const { return pool_.capacity(); }
  uint32_t hot_limit() const;
  void move_to_head(uint32_t node);
  void insert_at_head(uint32_t node);
  void make_hot(uint32_t frame);
  void drop_ghost(uint32_t node);
  void end_test(uint32_t node);
  void grow_cold_share();
  // Demotes the next unreferenced hot page; returns it, or kNil if none could be demoted.
  uint32_t run_hot_hand();
  void run_test_hand();
  // The cold hand's walk; returns the victim or kNil.
  uint32_t run_cold_hand();
  uint32_t cleaner_alternative(uint32_t dirty_frame) const;
  // Clears the load's A bit of fresh frames whose faulting access has run; returns them (at most
  // kFreshSlots) in `consumed`. They keep kFresh until the caller's choice is made.
  uint32_t forget_faulting_accesses(uint32_t* consumed);
  void judge_promotion(bool useful);
  bool two_strikes() const { return credit_ < 0; }

  ClockRing<kNodes, 3> ring_;
  GhostDirectory ghosts_;
  uint8_t flags_[kMaxPageableFrames] = {};
  bool ghost_reused_[kMaxPageableFrames] = {};  // by ghost slot: its last test period ended in a reuse
  uint32_t fresh_[kFreshSlots] = {};
  uint32_t fresh_since_[kFreshSlots] = {};  // choices_ when the frame was filled
  uint32_t choices_ = 0;
  uint32_t fresh_count_ = 0;
  uint32_t hot_ = 0;
  int32_t credit_ = 0;
  uint32_t cold_target_ = 1;                    // m_c, 1..N
  uint32_t pending_victim_ = ClockRing<kNodes, 3>::kNil;  // the last frame chosen, until it is freed
};

static_assert(std::is_trivially_destructible_v<ClockProPolicy>);

}  // namespace cw::mm

// ClockRing: a circular doubly linked list of node ids with a few hands, for CLOCK-style policies whose
// nodes move (CLOCK-Pro moves a page to the list head when it is promoted or its test period restarts).
//
// Nodes are 0..kNodes-1; the links live in fixed arrays (no allocation) and are meaningful only for linked
// nodes. A hand is a node id or kNil when the ring is empty. Unlinking the node a hand rests on moves that
// hand to the next node first, so a hand always points into the ring. Every operation is O(1) except
// unlink's loop over the kHands hands.
#pragma once

#include <cstdint>
#include <type_traits>

namespace cw::mm {

template <uint32_t kNodes, uint32_t kHands>
class ClockRing {
public:
  static constexpr uint32_t kNil = UINT32_MAX;

  constexpr ClockRing() {
    for (uint32_t& h : hands_) h = kNil;
  }

  uint32_t size() const { return size_; }
  uint32_t next(uint32_t node) const { return next_[node]; }
  uint32_t hand(uint32_t which) const { return hands_[which]; }
  // Moves a hand one node on (no-op on an empty ring).
  void advance(uint32_t which) {
    if (hands_[which] != kNil) hands_[which] = next_[hands_[which]];
  }

  // Links `node` (not linked) just before `position`, i.e. as the last node a hand starting at `position`
  // reaches. On an empty ring `position` is ignored and every hand is set to `node`.
  void insert_before(uint32_t node, uint32_t position) {
    if (size_ == 0) {
      next_[node] = prev_[node] = node;
      for (uint32_t& h : hands_) h = node;
    } else {
      uint32_t before = prev_[position];
      next_[before] = node;
      prev_[node] = before;
      next_[node] = position;
      prev_[position] = node;
    }
    ++size_;
  }

  void unlink(uint32_t node) {
    uint32_t after = next_[node];
    for (uint32_t& h : hands_) {
      if (h == node) h = after == node ? kNil : after;
    }
    next_[prev_[node]] = after;
    prev_[after] = prev_[node];
    --size_;
  }

  // Puts `replacement` (not linked) in the place of `node`, hands included.
  void replace(uint32_t node, uint32_t replacement) {
    if (next_[node] == node) {
      next_[replacement] = prev_[replacement] = replacement;
    } else {
      next_[replacement] = next_[node];
      prev_[replacement] = prev_[node];
      prev_[next_[node]] = replacement;
      next_[prev_[node]] = replacement;
    }
    for (uint32_t& h : hands_) {
      if (h == node) h = replacement;
    }
  }

private:
  uint32_t next_[kNodes] = {};
  uint32_t prev_[kNodes] = {};
  uint32_t hands_[kHands] = {};
  uint32_t size_ = 0;
};

}  // namespace cw::mm

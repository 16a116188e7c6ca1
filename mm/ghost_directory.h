// GhostDirectory: the identities of pages a policy evicted not long ago, without their contents.
//
// Adaptive policies learn from a fault on a page that was resident recently: CLOCK-Pro (Jiang, Chen,
// Zhang, USENIX ATC 2005) keeps such "non-resident cold pages" in its clock to detect reuse distances a
// little longer than memory. A page is named by (owner, vpn), which FramePool::info reports for a frame.
//
// Fixed capacity of kMaxPageableFrames entries in arrays (no allocation), a hash of singly linked chains.
// Slots are numbered 0..kMaxPageableFrames-1 so a policy can use them as list nodes. Every array is
// zero-initialised with "index + 1" links (0 meaning none), so the directory is constexpr-constructible.
#pragma once

#include <cstdint>
#include <type_traits>

#include "lib/types.h"
#include "mm/config.h"
#include "mm/frame_index.h"

namespace cw::mm {

class GhostDirectory {
public:
  static constexpr uint32_t kCapacity = kMaxPageableFrames;
  static constexpr uint32_t kNone = UINT32_MAX;

  constexpr GhostDirectory() = default;

  // Records a page and returns its slot, or kNone when full. The caller never inserts a page twice.
  uint32_t insert(PageOwnerId owner, Vpn vpn);
  // The slot recording the page, or kNone.
  uint32_t find(PageOwnerId owner, Vpn vpn) const;
  // Forgets the page in `slot` (which must be in use).
  void erase(uint32_t slot);

  uint32_t size() const { return size_; }
  bool full() const { return size_ == kCapacity; }

private:
  struct Entry {
    PageOwnerId owner;
    Vpn vpn;
    uint32_t next = 0;  // next slot + 1 in the same chain (or on the free list); 0 ends it
  };

  static uint32_t bucket(PageOwnerId owner, Vpn vpn);

  Entry entries_[kCapacity] = {};
  uint32_t heads_[kCapacity] = {};  // per bucket: first slot + 1
  uint32_t free_head_ = 0;          // erased slots, reused first: slot + 1
  uint32_t never_used_ = 0;         // slots [never_used_, kCapacity) have never been handed out
  uint32_t size_ = 0;
};

static_assert((GhostDirectory::kCapacity & (GhostDirectory::kCapacity - 1)) == 0,
              "the bucket index is a mask");
static_assert(std::is_trivially_destructible_v<GhostDirectory>);

}  // namespace cw::mm

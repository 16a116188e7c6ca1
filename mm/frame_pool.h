// FramePool: the bounded set of physical frames that user pages are paged into.
//
// The kernel hands the pool N frames (N <= kMaxPageableFrames, chosen at boot) and from then on every
// pageable frame is in exactly one state:
//
//     Free ──allocate()──▶ InUse ──begin_io()──▶ UnderIo
//      ▲                    │  ▲                   │
//      │                    │  └────end_io()───────┤
//      └──────free()────────┴──────────────────────┘
//
//   Free     on the free list; owner none.
//   InUse    holds (or is about to hold) page `vpn` (its index in the owner) of memory object `owner`.
//   UnderIo  a disk transfer into or out of the frame is in flight (page-in read, eviction write). The
//            replacement policies never choose such a frame, and free_owned_by() leaves it alone.
//
// Independently, a frame that is not Free may be pinned (nested count): a pinned frame is never chosen as
// a victim and cannot be freed. The kernel pins the frames under a user buffer while a system call or a
// disk transfer uses them.
//
// Accounting is exact: free_count() + used_count() == capacity() at all times, and check_consistency()
// recomputes every counter from the per-frame metadata. The pool never blocks, allocates or traps; misuse
// (double free, unpin below zero, an index out of range) returns an Error.
#pragma once

#include <cstdint>

#include "lib/result.h"
#include "lib/types.h"
#include "mm/config.h"
#include "mm/frame_index.h"

namespace cw::mm {

enum class FrameState : uint8_t { Free, InUse, UnderIo };

// A snapshot of one frame's metadata.
struct FrameInfo {
  Pfn pfn;
  FrameState state = FrameState::Free;
  uint16_t pins = 0;
  PageOwnerId owner;  // none while Free
  Vpn vpn;             // the page's index in its owner; meaningful only while not Free
};

// What free_owned_by() did: `freed` frames went back to the free list; `busy` frames of that owner were
// left because they are pinned or under I/O (the kernel waits for them and calls again).
struct OwnerRelease {
  uint32_t freed = 0;
  uint32_t busy = 0;
};

class FramePool {
public:
  constexpr FramePool() = default;
  FramePool(const FramePool&) = delete;
  FramePool& operator=(const FramePool&) = delete;

  // Takes `count` frames whose physical frame numbers are pfns[0..count-1]; frame i gets FrameIndex i.
  // Errors: InvalidArgument if count is 0 or above kMaxPageableFrames, pfns is null, or a Pfn repeats;
  // Busy if the pool is already initialised and some frame is not Free. Re-initialising an idle pool is
  // allowed (tests, or a kernel that resizes before first use).
  Result<void> init(const Pfn* pfns, uint32_t count);
  // The same for the frames first, first+1, ..., first+count-1.
  Result<void> init_contiguous(Pfn first, uint32_t count);

  // Takes a Free frame for page `vpn` of `owner` and returns it InUse with no pins. The lowest-numbered
  // frames are handed out first after init; afterwards the most recently freed frame is reused first.
  // Errors: NoMemory if no frame is Free (the caller evicts one and retries); InvalidArgument if owner is
  // none.
  Result<FrameIndex> allocate(PageOwnerId owner, Vpn vpn);
  // Takes the Free frame `frame` itself, as allocate() does (read-around asks for the frame physically
  // after the previous page's, so that a run of pages is one contiguous buffer for one disk command).
  // Errors: Busy if it is not Free; Range if it is not a frame of the pool; InvalidArgument if owner is none.
  Result<FrameIndex> allocate_at(FrameIndex frame, PageOwnerId owner, Vpn vpn);

  // Records that the page in `frame` now belongs to `owner` at index `vpn` (a memory object merged into
  // another, mm/memory_object.h). Errors: Range; InvalidArgument if the frame is Free or owner is none.
  Result<void> set_owner(FrameIndex frame, PageOwnerId owner, Vpn vpn);

  // Returns an InUse or UnderIo frame to the free list. The caller first tells the replacement policy
  // (ReplacementPolicy::on_free) and removes every mapping of the frame.
  // Errors: Range for a bad index; InvalidArgument if the frame is already Free; Busy if it is pinned.
  Result<void> free(FrameIndex frame);

  // InUse -> UnderIo before starting a transfer, UnderIo -> InUse when it completes.
  // Errors: Range; InvalidArgument if the frame is Free (or, for end_io, not UnderIo); Busy if begin_io
  // finds a transfer already in flight.
  Result<void> begin_io(FrameIndex frame);
  Result<void> end_io(FrameIndex frame);

  // Nested pin count of a frame that is not Free.
  // Errors: Range; InvalidArgument if the frame is Free or (unpin) not pinned; Overflow past 65535 pins.
  Result<void> pin(FrameIndex frame);
  Result<void> unpin(FrameIndex frame);

  // Frees every InUse, unpinned frame owned by `owner`, calling before_free(FrameIndex) on each just
  // before it is freed (there the kernel tells the policy and drops the mapping). Frames of that owner
  // that are pinned or UnderIo are counted as busy and left alone.
  template <typename BeforeFree>
  OwnerRelease free_owned_by(PageOwnerId owner, BeforeFree&& before_free);

  // The metadata of one frame. Errors: Range.
  Result<FrameInfo> info(FrameIndex frame) const;
  // The FrameIndex holding physical frame `pfn`. Errors: NotFound if pfn is not a pageable frame.
  Result<FrameIndex> index_of(Pfn pfn) const;

  // True if `frame` may be chosen as an eviction victim: InUse and not pinned. False for a bad index.
  bool is_evictable(FrameIndex frame) const;

  uint32_t capacity() const { return capacity_; }
  uint32_t free_count() const { return free_top_; }
  uint32_t used_count() const { return capacity_ - free_top_; }  // InUse + UnderIo
  uint32_t under_io_count() const { return under_io_count_; }
  uint32_t pinned_count() const { return pinned_count_; }         // frames with pins > 0
  uint32_t count_owned_by(PageOwnerId owner) const;

  // Recomputes every counter and the free list from the per-frame metadata; false on any mismatch.
  bool check_consistency() const;

private:
  bool valid(FrameIndex frame) const { return frame.get() < capacity_; }
  Result<void> init_checked(uint32_t count);
  void reset(uint32_t count);  // every frame Free with a zero Pfn; the caller fills in the Pfns
  void release(uint32_t i);  // precondition: valid, not Free, not pinned

  FrameInfo frames_[kMaxPageableFrames] = {};
  uint16_t free_stack_[kMaxPageableFrames] = {};  // free_stack_[0..free_top_-1]; top is next allocated
  uint32_t capacity_ = 0;
  uint32_t free_top_ = 0;
  uint32_t under_io_count_ = 0;
  uint32_t pinned_count_ = 0;
  bool contiguous_ = false;  // frames_[i].pfn == frames_[0].pfn + i: index_of() is O(1)
};

static_assert(kMaxPageableFrames <= 65536, "free_stack_ stores frame indices in 16 bits");
static_assert(kMaxPageableFrames % 32 == 0);

template <typename BeforeFree>
OwnerRelease FramePool::free_owned_by(PageOwnerId owner, BeforeFree&& before_free) {
  OwnerRelease result;
  if (owner.is_none()) return result;
  for (uint32_t i = 0; i < capacity_; ++i) {
    const FrameInfo& f = frames_[i];
    if (f.state == FrameState::Free || f.owner != owner) continue;
    if (f.state == FrameState::UnderIo || f.pins != 0) {
      ++result.busy;
      continue;
    }
    before_free(FrameIndex(i));
    release(i);
    ++result.freed;
  }
  return result;
}

}  // namespace cw::mm

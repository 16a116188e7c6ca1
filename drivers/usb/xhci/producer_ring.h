// A producer ring: the command ring and every transfer ring (xHCI 1.2 section 4.9.2), one segment of
// `capacity` TRBs whose last slot holds a Link TRB back to the start with Toggle Cycle set (4.11.5.1).
//
// The software owns the TRBs between dequeue and enqueue; it writes a TRB's first three dwords, then
// the fourth with the producer cycle state, so the controller never sees a half-written TRB (4.9.2.2).
// Passing the Link TRB, the ring gives it the current cycle bit (handing it to the controller) and
// flips its cycle state. The controller's progress comes back through events: release_through() moves
// the software dequeue past a completed TRB so its slot can be reused; full() says when no slot is free.
// Hardware-independent: `memory` is the segment as the CPU sees it, `bus` where the controller sees it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/usb/xhci/trb.h"
#include "lib/result.h"

namespace cw::xhci {

class ProducerRing {
public:
  ProducerRing() = default;

  // `memory`: `capacity` TRBs (>= 2), zero-filled, 64-byte aligned, not crossing 64 KiB (table 6-1).
  void init(Trb* memory, uint64_t bus, size_t capacity);
  bool initialized() const { return memory_ != nullptr; }

  // Usable slots (capacity - 1: the link) not yet released.
  size_t free_slots() const { return capacity_ - 1 - used_; }
  bool full() const { return free_slots() == 0; }

  // Writes `trb` at the enqueue pointer with the cycle bit and returns its bus address. NoSpace when full.
  Result<uint64_t> enqueue(const Trb& trb);

  // Frees every slot up to and including the TRB at bus address `trb` (a completed TRB the controller
  // reported). InvalidArgument if `trb` is not an occupied slot of this ring.
  Result<void> release_through(uint64_t trb);
  // Frees every occupied slot (the controller was moved to enqueue_bus() with Set TR Dequeue Pointer).
  void release_all() { used_ = 0; dequeue_ = enqueue_; }

  // Where the next TRB goes, and the cycle state it will carry: what Set TR Dequeue Pointer and CRCR need.
  uint64_t enqueue_bus() const { return bus_ + enqueue_ * sizeof(Trb); }
  bool cycle() const { return cycle_; }
  uint64_t base_bus() const { return bus_; }
  size_t capacity() const { return capacity_; }
  // Whether bus address `trb` is a TRB slot of this segment.
  bool contains(uint64_t trb) const;
  // Whether `trb` lies in the run of slots from `first` to `last` (both enqueued, in ring order, across
  // the link if the run wraps).
  bool in_span(uint64_t first, uint64_t last, uint64_t trb) const;

private:
  Trb* memory_ = nullptr;
  uint64_t bus_ = 0;
  size_t capacity_ = 0;
  size_t enqueue_ = 0;
  size_t dequeue_ = 0;
  size_t used_ = 0;
  bool cycle_ = true;  // the Producer Cycle State starts at 1 (4.9.2)
};

}  // namespace cw::xhci

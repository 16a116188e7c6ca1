// The consumer side of an event ring (xHCI 1.2 section 4.9.4): one segment, described to the controller
// by a one-entry Event Ring Segment Table (6.5). The Consumer Cycle State starts at 1; an event is new
// when its cycle bit equals it; at the end of the segment the consumer wraps and flips its state. After
// consuming, software writes dequeue_bus() to ERDP (with EHB to clear the busy flag, 5.5.2.3.3).
// Hardware-independent.
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/usb/xhci/trb.h"

namespace cw::xhci {

// An Event Ring Segment Table entry (table 6-40): base 64-byte aligned, size 16..4096 TRBs.
struct ErstEntry {
  uint64_t base;
  uint32_t size;
  uint32_t reserved;
};
static_assert(sizeof(ErstEntry) == 16);

class EventRing {
public:
  EventRing() = default;

  // `memory`: `capacity` zero-filled TRBs at bus address `bus`.
  void init(const Trb* memory, uint64_t bus, size_t capacity);

  // The next event if the controller has written it (cycle bit matches), copied out; false otherwise.
  bool peek(Trb& event) const;
  // Consumes the event peek() returned.
  void advance();

  uint64_t dequeue_bus() const { return bus_ + dequeue_ * sizeof(Trb); }
  bool cycle() const { return cycle_; }

private:
  const Trb* memory_ = nullptr;
  uint64_t bus_ = 0;
  size_t capacity_ = 0;
  size_t dequeue_ = 0;
  bool cycle_ = true;
};

}  // namespace cw::xhci

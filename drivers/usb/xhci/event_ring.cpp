#include "drivers/usb/xhci/event_ring.h"

namespace cw::xhci {

void EventRing::init(const Trb* memory, uint64_t bus, size_t capacity) {
  memory_ = memory;
  bus_ = bus;
  capacity_ = capacity;
  dequeue_ = 0;
  cycle_ = true;
}

bool EventRing::peek(Trb& event) const {
  if (memory_ == nullptr) return false;
  const volatile uint32_t* d = memory_[dequeue_].d;
  uint32_t d3 = d[3];
  if (((d3 & kTrbCycle) != 0) != cycle_) return false;
  // The cycle bit was read first: the rest of the TRB is complete (the controller writes it last).
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  event.d[0] = d[0];
  event.d[1] = d[1];
  event.d[2] = d[2];
  event.d[3] = d3;
  return true;
}

void EventRing::advance() {
  if (++dequeue_ == capacity_) {
    dequeue_ = 0;
    cycle_ = !cycle_;
  }
}

}  // namespace cw::xhci

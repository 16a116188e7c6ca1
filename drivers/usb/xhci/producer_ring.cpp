#include "drivers/usb/xhci/producer_ring.h"

namespace cw::xhci {

namespace {

// The controller reads TRBs by DMA: dword 3 (with the cycle bit) must become visible last.
void store_trb(Trb* slot, const Trb& trb, bool cycle) {
  volatile uint32_t* d = slot->d;
  d[0] = trb.d[0];
  d[1] = trb.d[1];
  d[2] = trb.d[2];
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  d[3] = (trb.d[3] & ~kTrbCycle) | (cycle ? kTrbCycle : 0);
}

}  // namespace

void ProducerRing::init(Trb* memory, uint64_t bus, size_t capacity) {
  memory_ = memory;
  bus_ = bus;
  capacity_ = capacity;
  enqueue_ = dequeue_ = used_ = 0;
  cycle_ = true;
  // The link's cycle bit stays 0 (not yet the controller's) until the producer reaches it.
  Trb link = link_trb(bus, true);
  store_trb(&memory_[capacity_ - 1], link, false);
}

Result<uint64_t> ProducerRing::enqueue(const Trb& trb) {
  if (full()) return Error::NoSpace;
  uint64_t at = enqueue_bus();
  store_trb(&memory_[enqueue_], trb, cycle_);
  ++used_;
  if (++enqueue_ == capacity_ - 1) {
    // Hand the Link TRB over (its Chain bit follows the TRB before it, 4.11.5.1) and wrap.
    Trb link = link_trb(bus_, true);
    if (trb.d[3] & kTrbChain) link.d[3] |= kTrbChain;
    store_trb(&memory_[capacity_ - 1], link, cycle_);
    enqueue_ = 0;
    cycle_ = !cycle_;
  }
  return at;
}

bool ProducerRing::contains(uint64_t trb) const {
  return trb >= bus_ && trb < bus_ + (capacity_ - 1) * sizeof(Trb) && (trb - bus_) % sizeof(Trb) == 0;
}

bool ProducerRing::in_span(uint64_t first, uint64_t last, uint64_t trb) const {
  if (!contains(first) || !contains(last) || !contains(trb)) return false;
  size_t usable = capacity_ - 1;
  size_t f = static_cast<size_t>((first - bus_) / sizeof(Trb));
  size_t l = static_cast<size_t>((last - bus_) / sizeof(Trb));
  size_t t = static_cast<size_t>((trb - bus_) / sizeof(Trb));
  return (t + usable - f) % usable <= (l + usable - f) % usable;
}

Result<void> ProducerRing::release_through(uint64_t trb) {
  if (!contains(trb)) return Error::InvalidArgument;
  size_t index = static_cast<size_t>((trb - bus_) / sizeof(Trb));
  size_t usable = capacity_ - 1;
  size_t distance = (index + usable - dequeue_) % usable;  // slots from dequeue to `trb`, exclusive
  if (distance >= used_) return Error::InvalidArgument;
  used_ -= distance + 1;
  dequeue_ = (index + 1) % usable;
  return {};
}

}  // namespace cw::xhci

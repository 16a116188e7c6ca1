// The paging token: load control for a full pool (docs/vm.md, "Load control").
//
// When the pool has no free frame, a frame for one process can only come from another's page. If every
// faulting process evicts at once, each loses the pages it gathered while it sleeps on the disk for the
// next one, the disk is shared among all of them, and nobody completes an instruction: thrashing. The
// token makes eviction a turn: only its holder may evict, the pager spares the holder's pages, and the
// other processes that need a frame wait in a FIFO line (they are suspended; their pages, no longer
// referenced, are the ones the holder's faults take: a lazy swap-out). The token passes to the head of the
// line when
//   * its holder exits (forget), or
//   * its holder has had it for `tenure` ticks, or
//   * its holder has been idle for `idle` ticks: no allocation of its is in progress and none began or
//     ended in that time (it waits for input, or runs in its working set).
// A process that needs no eviction (a free frame exists) never waits, and with an empty line the holder
// keeps the token for as long as it likes.
//
// The guarantee: a process that joins the line behind k others gets the token within k tenures (plus
// the fault in progress of each holder), and while it holds the token nobody else evicts. So a process
// whose working set fits the unpinned pool loads it once per tenure and then runs at full speed until
// the tenure ends.
//
// Hardware-independent: keys are opaque (address spaces in the kernel), times are ticks supplied by the
// caller, and the line is intrusive (each waiter's node lives with the waiter, e.g. on its kernel stack),
// so nothing is allocated. Not thread-safe: the kernel calls it with interrupts off.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cw::mm {

class PagingToken {
public:
  using Key = const void*;

  // One waiter's place in line. Constructed by the waiter; must leave() the line before it dies.
  struct Waiter {
    Waiter* next = nullptr;
    bool queued = false;
  };

  // What an allocation in progress remembers of the token when it began (see begin/end).
  struct Activity {
    uint64_t generation = 0;
    bool counted = false;
  };

  PagingToken(uint64_t tenure, uint64_t idle) : tenure_(tenure), idle_(idle) {}

  // Whether `who` may evict at `now`. True if it holds the token, or takes it now: the token is free or
  // passing (see above) and `who` is at the head of the line, or the line is empty. Taking it removes
  // `self` from the line. False: `who` must wait (join the line, sleep, ask again).
  bool may_evict(Key who, Waiter& self, uint64_t now);
  // Puts `w` at the back of the line (no-op if it is already in line).
  void join(Waiter& w);
  // Takes `w` out of the line (no-op if it is not in line).
  void leave(Waiter& w);

  // Brackets an allocation by `who` that may evict: while one of the holder's is in progress, the holder
  // is not idle. end() with what begin() returned; the holder's activity clock restarts at both.
  Activity begin(Key who, uint64_t now);
  void end(Key who, Activity activity, uint64_t now);

  // `who` is gone (its address space is destroyed): the token is free if it held it.
  void forget(Key who);

  Key holder() const { return holder_; }
  size_t waiting() const;
  // Times the token was taken from a holder that had not let go (its tenure ended or it was idle): the
  // turns of the load control.
  uint64_t handoffs() const { return handoffs_; }
  uint64_t tenure() const { return tenure_; }
  // Whether the holder would lose the token to a waiter now.
  bool passing(uint64_t now) const;

private:
  void take(Key who, uint64_t now);

  uint64_t tenure_;
  uint64_t idle_;
  Key holder_ = nullptr;
  uint64_t since_ = 0;
  uint64_t last_activity_ = 0;
  uint32_t busy_ = 0;  // the holder's allocations in progress in this tenure
  uint64_t generation_ = 0;  // tenures so far: an end() from an older tenure does not count
  uint64_t handoffs_ = 0;
  Waiter* head_ = nullptr;
  Waiter* tail_ = nullptr;
};

}  // namespace cw::mm

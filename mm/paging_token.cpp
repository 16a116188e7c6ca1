#include "mm/paging_token.h"

namespace cw::mm {

bool PagingToken::passing(uint64_t now) const {
  if (holder_ == nullptr) return true;
  if (now - since_ >= tenure_) return true;
  return busy_ == 0 && now - last_activity_ >= idle_;
}

void PagingToken::take(Key who, uint64_t now) {
  if (holder_ != nullptr) ++handoffs_;  // taken from a holder that still wanted it: a turn
  holder_ = who;
  since_ = now;
  last_activity_ = now;
  busy_ = 0;
  ++generation_;
}

bool PagingToken::may_evict(Key who, Waiter& self, uint64_t now) {
  if (holder_ == who) return true;
  if (!passing(now)) return false;
  if (head_ != nullptr && head_ != &self) return false;
  leave(self);
  take(who, now);
  return true;
}

void PagingToken::join(Waiter& w) {
  if (w.queued) return;
  w.next = nullptr;
  w.queued = true;
  if (tail_) tail_->next = &w;
  else head_ = &w;
  tail_ = &w;
}

void PagingToken::leave(Waiter& w) {
  if (!w.queued) return;
  Waiter* previous = nullptr;
  for (Waiter* at = head_; at; previous = at, at = at->next) {
    if (at != &w) continue;
    if (previous) previous->next = at->next;
    else head_ = at->next;
    if (tail_ == at) tail_ = previous;
    break;
  }
  w.next = nullptr;
  w.queued = false;
}

PagingToken::Activity PagingToken::begin(Key who, uint64_t now) {
  if (who != holder_) return {};
  ++busy_;
  last_activity_ = now;
  return Activity{generation_, true};
}

void PagingToken::end(Key who, Activity activity, uint64_t now) {
  if (!activity.counted || who != holder_ || activity.generation != generation_) return;
  if (busy_ > 0) --busy_;
  last_activity_ = now;
}

void PagingToken::forget(Key who) {
  if (holder_ == who) holder_ = nullptr;
}

size_t PagingToken::waiting() const {
  size_t n = 0;
  for (Waiter* at = head_; at; at = at->next) ++n;
  return n;
}

}  // namespace cw::mm

#include "kernel/panic.h"
#include "kernel/sched/thread.h"

namespace cw {

void ThreadQueue::push_back(Thread* t) {
  CW_ASSERT(t->queue == nullptr);
  t->queue = this;
  t->queue_next = nullptr;
  if (tail_) tail_->queue_next = t; else head_ = t;
  tail_ = t;
}

Thread* ThreadQueue::pop_front() {
  Thread* t = head_;
  if (!t) return nullptr;
  head_ = t->queue_next;
  if (!head_) tail_ = nullptr;
  t->queue_next = nullptr;
  t->queue = nullptr;
  return t;
}

void ThreadQueue::remove(Thread* t) {
  CW_ASSERT(t->queue == this);
  Thread* prev = nullptr;
  for (Thread* cur = head_; cur; prev = cur, cur = cur->queue_next) {
    if (cur != t) continue;
    if (prev) prev->queue_next = cur->queue_next; else head_ = cur->queue_next;
    if (tail_ == cur) tail_ = prev;
    t->queue_next = nullptr;
    t->queue = nullptr;
    return;
  }
  PANIC("thread {} not found in the queue it claims to be in", t->id);
}

size_t ThreadQueue::size() const {
  size_t n = 0;
  for (Thread* t = head_; t; t = t->queue_next) ++n;
  return n;
}

}  // namespace cw

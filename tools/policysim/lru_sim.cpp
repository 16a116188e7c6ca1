#include "tools/policysim/lru_sim.h"

#include <vector>

namespace cw::policysim {

namespace {

constexpr uint32_t kNil = UINT32_MAX;

// The resident pages in recency order, a doubly linked list threaded through arrays indexed by page id.
class RecencyList {
public:
  explicit RecencyList(uint32_t pages) : next_(pages, kNil), prev_(pages, kNil) {}

  void push_front(uint32_t p) {
    prev_[p] = kNil;
    next_[p] = head_;
    if (head_ != kNil) prev_[head_] = p; else tail_ = p;
    head_ = p;
  }
  void unlink(uint32_t p) {
    if (prev_[p] != kNil) next_[prev_[p]] = next_[p]; else head_ = next_[p];
    if (next_[p] != kNil) prev_[next_[p]] = prev_[p]; else tail_ = prev_[p];
  }
  uint32_t back() const { return tail_; }

private:
  std::vector<uint32_t> next_, prev_;
  uint32_t head_ = kNil, tail_ = kNil;
};

}  // namespace

SimCounts simulate_lru(const Trace& trace, uint32_t frames) {
  SimCounts counts;
  RecencyList order(trace.distinct);
  std::vector<bool> resident(trace.distinct), dirty(trace.distinct);
  uint32_t used = 0;
  for (size_t k = 0; k < trace.pages.size(); ++k) {
    uint32_t p = trace.pages[k];
    if (resident[p]) {
      order.unlink(p);
    } else {
      ++counts.faults;
      if (used == frames) {
        uint32_t victim = order.back();
        order.unlink(victim);
        resident[victim] = false;
        if (dirty[victim]) ++counts.writebacks;
        dirty[victim] = false;
      } else {
        ++used;
      }
      resident[p] = true;
    }
    order.push_front(p);
    if (trace.writes[k]) dirty[p] = true;
  }
  return counts;
}

}  // namespace cw::policysim

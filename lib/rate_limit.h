// Rate limiting for log lines about the same recurring condition (e.g. the kernel heap running out), so
// that a program failing a request in a loop cannot flood the console: at most one report per interval,
// and each report says how many were suppressed since the previous one.
#pragma once

#include <cstdint>

namespace cw {

class RateLimit {
public:
  explicit constexpr RateLimit(uint64_t interval) : interval_(interval) {}

  // Whether an event at time `now` (any monotonic unit, the same as the interval's) is reported. The
  // first event always is; later ones when `interval` has passed since the last reported one.
  bool allow(uint64_t now) {
    if (reported_ && now - last_ < interval_) {
      ++pending_;
      return false;
    }
    reported_ = true;
    last_ = now;
    suppressed_ = pending_;
    pending_ = 0;
    return true;
  }

  // Events refused between the previous reported one and the last allow() that returned true.
  uint32_t suppressed() const { return suppressed_; }

private:
  uint64_t interval_;
  uint64_t last_ = 0;
  bool reported_ = false;
  uint32_t pending_ = 0;
  uint32_t suppressed_ = 0;
};

}  // namespace cw

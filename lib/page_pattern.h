// PagePattern: a deterministic, seeded stream of page references, for replaying the same trace in the
// kernel (procs/replay.cpp touches the pages) and in the simulator (tools/policysim/tracegen.cpp writes
// them as a trace file). Both compile this one header, so the two streams are identical by
// construction; the replay needs no trace file, whose pages would compete for the pool it measures.
//
// The stream is a sequence of phases. Each phase picks a pattern and a length of 1000-4999 references:
//   loop      a sequential loop over a span of pages (CLOCK's worst case when the span exceeds the pool)
//   hot-scan  three references in four to a small hot set, the fourth to the next page of a sequential
//             scan through the remaining pages
//   random    uniform over every page
//   zigzag    up a span and back down, repeatedly
// Page numbers are in [0, pages). A reference is a write with probability write_percent / 100.
// The generator is xorshift32 (Marsaglia, "Xorshift RNGs", J. Stat. Software 8(14), 2003).
#pragma once

#include <cstdint>

namespace cw {

struct PageReference {
  uint32_t page;
  bool write;
};

class PagePattern {
public:
  // pages >= 2; a seed of 0 is replaced by 1 (xorshift's state must not be 0).
  PagePattern(uint32_t pages, uint32_t seed, uint32_t write_percent)
      : pages_(pages < 2 ? 2 : pages), state_(seed == 0 ? 1 : seed), write_percent_(write_percent) {}

  PageReference next() {
    if (left_ == 0) start_phase();
    --left_;
    uint32_t page = 0;
    switch (kind_) {
      case Kind::Loop:
        page = base_ + position_;
        position_ = (position_ + 1) % span_;
        break;
      case Kind::HotScan:
        if (random() % 4 != 0) {
          page = random() % span_;
        } else {
          page = span_ + position_;
          position_ = (position_ + 1) % (pages_ - span_);
        }
        break;
      case Kind::Random: page = random() % pages_; break;
      case Kind::Zigzag: {
        uint32_t period = 2 * span_ - 2;
        uint32_t step = position_ % period;
        page = base_ + (step < span_ ? step : period - step);
        position_ = (position_ + 1) % period;
        break;
      }
    }
    return PageReference{page, random() % 100 < write_percent_};
  }

private:
  enum class Kind : uint8_t { Loop, HotScan, Random, Zigzag };

  uint32_t random() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
  }

  void start_phase() {
    kind_ = static_cast<Kind>(random() % 4);
    left_ = 1000 + random() % 4000;
    position_ = 0;
    switch (kind_) {
      case Kind::HotScan:  // a hot set of 1/16 to 1/4 of the pages; the scan covers the rest
        span_ = pages_ / 16 + 1 + random() % (pages_ / 4 - pages_ / 16 + 1);
        if (span_ >= pages_) span_ = pages_ - 1;
        base_ = 0;
        break;
      default:  // a span of 1/4 to all of the pages, anywhere
        span_ = pages_ / 4 + random() % (pages_ - pages_ / 4 + 1);
        if (span_ < 2) span_ = 2;
        base_ = random() % (pages_ - span_ + 1);
        break;
    }
  }

  uint32_t pages_;
  uint32_t state_;
  uint32_t write_percent_;
  Kind kind_ = Kind::Loop;
  uint32_t left_ = 0;
  uint32_t position_ = 0;
  uint32_t span_ = 2;
  uint32_t base_ = 0;
};

}  // namespace cw

// The load average: exponentially damped averages of the number of active threads (ready, running, or in
// an uninterruptible wait) over 1, 5 and 15 minutes, sampled every 5 seconds, in Linux's fixed point
// (kernel/sched/loadavg.c calc_load, include/linux/sched/loadavg.h): FSHIFT 11 bits of fraction, and the
// decay factors 1/exp(5 s / 1 min), 1/exp(5 s / 5 min), 1/exp(5 s / 15 min). /proc/loadavg and sysinfo
// report these. Hardware-independent and host-tested (tests/host/load_average_test.cpp).
#pragma once

#include <cstdint>

namespace cw {

class LoadAverage {
public:
  static constexpr uint32_t kShift = 11;  // FSHIFT
  static constexpr uint32_t kOne = 1u << kShift;  // FIXED_1: 1.0
  static constexpr uint32_t kSampleMs = 5000;  // LOAD_FREQ: 5 s
  static constexpr uint32_t kDecay[3] = {1884, 2014, 2037};  // EXP_1, EXP_5, EXP_15

  // One sample: `active` threads now. Linux's calc_load, rounding up while the load grows.
  void sample(uint32_t active) {
    uint64_t now = static_cast<uint64_t>(active) * kOne;
    for (int i = 0; i < 3; ++i) {
      uint64_t next = static_cast<uint64_t>(averages_[i]) * kDecay[i] + now * (kOne - kDecay[i]);
      if (now >= averages_[i]) next += kOne - 1;
      averages_[i] = static_cast<uint32_t>(next / kOne);
    }
  }

  // The average over 1, 5 or 15 minutes (index 0, 1, 2), in FSHIFT fixed point.
  uint32_t fixed(int index) const { return averages_[index]; }
  // Its integer part and two decimals, as /proc/loadavg prints them (LOAD_INT, LOAD_FRAC).
  static uint32_t whole(uint32_t fixed) { return fixed >> kShift; }
  static uint32_t hundredths(uint32_t fixed) { return whole((fixed & (kOne - 1)) * 100); }

private:
  uint32_t averages_[3] = {0, 0, 0};
};

}  // namespace cw

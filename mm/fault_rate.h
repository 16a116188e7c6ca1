// A process's page-fault frequency (PFF, Chu and Opderbeck 1972): faults per second, counted in
// one-second windows, for load control's numbers (vm_stat, docs/vm.md "Load control").
//
// note() counts a fault at time `now` (ms ticks); per_second() is the count of the last complete window,
// so it is exact for a steady rate and never an extrapolation from a few ms. A window with no fault at
// all reads as 0. Hardware-independent and header-only.
#pragma once

#include <cstdint>

namespace cw::mm {

class FaultRate {
public:
  static constexpr uint64_t kWindowTicks = 1000;

  void note(uint64_t now) {
    roll(now);
    ++current_;
  }

  uint32_t per_second(uint64_t now) const {
    uint64_t age = now - start_;
    if (age < kWindowTicks) return previous_;
    if (age < 2 * kWindowTicks) return current_;
    return 0;
  }

private:
  void roll(uint64_t now) {
    uint64_t age = now - start_;
    if (age < kWindowTicks) return;
    previous_ = age < 2 * kWindowTicks ? current_ : 0;
    current_ = 0;
    start_ = now - age % kWindowTicks;
  }

  uint64_t start_ = 0;
  uint32_t current_ = 0;
  uint32_t previous_ = 0;
};

}  // namespace cw::mm

// Time helpers on clock_gettime(CLOCK_MONOTONIC) and nanosleep. Clockwork's clock ticks every 1 ms.
#pragma once

#include <cstdint>

#include "lib/abi/structs.h"
#include "lib/result.h"

namespace cw::user {

// Monotonic time since boot; 0 if the clock cannot be read (it always can on Clockwork and Linux).
uint64_t now_ns();
uint64_t now_ms();

// Sleeps at least `ms` milliseconds.
Result<void> sleep_ms(uint32_t ms);

constexpr abi::Timespec timespec_from_ns(uint64_t ns) {
  return abi::Timespec{static_cast<int32_t>(ns / 1'000'000'000), static_cast<int32_t>(ns % 1'000'000'000)};
}

constexpr uint64_t ns_from_timespec(const abi::Timespec& t) {
  return static_cast<uint64_t>(t.tv_sec) * 1'000'000'000 + static_cast<uint64_t>(t.tv_nsec);
}

}  // namespace cw::user
